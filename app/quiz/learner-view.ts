// Exactly what the browser may see of an attempt. Every view object is built field by field from the definition,
// never spread from it, so a field added to the course format cannot leak answers by default.
import type {
  Question,
  QuizDefinition,
  QuizSettings,
  ScenarioQuestion,
  ScenarioStep,
} from "~/courses/format";
import { isScenarioAnswer, scenarioProgress, type Answer, type StepAnswer } from "./answers";
import { gradeAttempt, questionPoints, scoreAnswer, type QuestionGrade } from "./grading";
import type { QuizContext, QuizStateName } from "./machine";
import { displayOrder, orderingDisplayOrder } from "./shuffle";

export type Choice = { id: string; text: string };

export type StepView =
  | { id: string; type: "single" | "multiple"; prompt: string; options: Choice[] }
  | { id: string; type: "true-false"; prompt: string };

export type QuestionView =
  | { id: string; type: "single" | "multiple"; prompt: string; points: number; options: Choice[] }
  | { id: string; type: "true-false"; prompt: string; points: number }
  | { id: string; type: "matching"; prompt: string; points: number; categories: Choice[]; items: Choice[] }
  | { id: string; type: "ordering"; prompt: string; points: number; items: Choice[] }
  | {
      id: string;
      type: "scenario";
      prompt: string;
      points: number;
      /** Markdown with citations, rendered by the caller. */
      case: string;
      /** Steps answered so far, in the order taken, with the learner's answers. */
      path: Array<{ step: StepView; answer: StepAnswer; isLocked: boolean }>;
      /** The step to answer next; null once the path has reached an end. */
      currentStep: StepView | null;
    };

export type CurrentQuestion = {
  question: QuestionView;
  /** The learner's own answer so far (a scenario's is shown per step in `question.path`). */
  answer: Answer | null;
  isLocked: boolean;
  isFlagged: boolean;
};

export type FeedbackEntry = { id: string; isCorrect: boolean; feedback: string };

/** Immediate feedback on the answer just given: only for what the learner chose. */
export type FeedbackView = {
  questionId: string;
  stepId: string | null;
  score: number;
  isCorrect: boolean;
  entries: FeedbackEntry[];
};

export type QuestionRef = { number: number; index: number; questionId: string; prompt: string };

export type ReviewItem =
  | { policy: "answers"; question: QuestionView; answer: Answer | null }
  | { policy: "full"; question: Question; answer: Answer | null; grade: QuestionGrade };

export type ResultView = {
  policy: QuizSettings["review"];
  endedBy: QuizContext["endedBy"];
  points: number;
  maxPoints: number;
  percent: number;
  passMark: number;
  isPassed: boolean;
  /** Absent for the "score" policy. */
  questions?: ReviewItem[];
};

export type LearnerView = {
  state: QuizStateName;
  /** "Question N of M": N is 1-based and null when no question is shown. */
  number: number | null;
  total: number;
  answeredCount: number;
  deadline: number | null;
  current: CurrentQuestion | null;
  feedback: FeedbackView | null;
  /** Review-before-submit lists. */
  review: { unanswered: QuestionRef[]; flagged: QuestionRef[] } | null;
  /** After submission, only when the caller says the review policy allows it. */
  result: ResultView | null;
};

export type ViewableSnapshot = { value: unknown; context: QuizContext };

export function learnerView(
  quiz: QuizDefinition,
  snapshot: ViewableSnapshot,
  { reviewVisible }: { reviewVisible: boolean },
): LearnerView {
  const state = snapshot.value as QuizStateName;
  const { context } = snapshot;
  const questionsById = new Map(quiz.questions.map((question) => [question.id, question]));
  const display = displaySettings(quiz);
  const isShowingQuestion = state === "question" || state === "feedback";
  const shown = isShowingQuestion ? questionsById.get(context.order[context.index]) : undefined;
  const refs = context.order.flatMap((id, index) => {
    const question = questionsById.get(id);
    return question ? [{ number: index + 1, index, questionId: id, prompt: question.prompt }] : [];
  });
  const isAnswered = (ref: QuestionRef) => isComplete(questionsById.get(ref.questionId), context.answers[ref.questionId]);

  return {
    state,
    number: shown ? context.index + 1 : null,
    total: context.order.length,
    answeredCount: refs.filter(isAnswered).length,
    deadline: context.deadline,
    current: shown ? currentQuestion(shown, context, display) : null,
    feedback: state === "feedback" && shown ? feedbackOn(shown, context.answers[shown.id]) : null,
    review:
      state === "review"
        ? {
            unanswered: refs.filter((ref) => !isAnswered(ref)),
            flagged: refs.filter((ref) => context.flags.includes(ref.questionId)),
          }
        : null,
    result: (state === "passed" || state === "failed") && reviewVisible ? resultView(quiz, context) : null,
  };
}

/** reviewAfter: when the review policy becomes visible to the learner. */
export function isReviewVisible(
  settings: Pick<QuizSettings, "reviewAfter" | "maxAttempts">,
  { isPassed, attemptsUsed }: { isPassed: boolean; attemptsUsed: number },
): boolean {
  switch (settings.reviewAfter) {
    case "submit":
      return true;
    case "pass":
      return isPassed;
    case "last-attempt":
      // Passing ends the attempts as surely as running out of them; unlimited attempts never run out.
      return isPassed || (settings.maxAttempts !== null && attemptsUsed >= settings.maxAttempts);
  }
}

function isComplete(question: Question | undefined, answer: Answer | undefined): boolean {
  if (!question || answer === undefined) return false;
  if (question.type !== "scenario") return true;
  return scenarioProgress(question, isScenarioAnswer(answer) ? answer : undefined).pending === null;
}

type DisplaySettings = { isImmediate: boolean; isShuffled: boolean };

function displaySettings(quiz: QuizDefinition): DisplaySettings {
  return { isImmediate: quiz.settings.feedback === "immediate", isShuffled: quiz.settings.shuffleOptions };
}

function currentQuestion(question: Question, context: QuizContext, display: DisplaySettings): CurrentQuestion {
  const answer = context.answers[question.id] ?? null;
  return {
    question: questionView(question, context, display),
    answer: question.type === "scenario" ? null : answer,
    isLocked: question.type === "scenario" ? false : display.isImmediate && answer !== null,
    isFlagged: context.flags.includes(question.id),
  };
}

function choices(options: ReadonlyArray<{ id: string; text: string }>): Choice[] {
  return options.map((option) => ({ id: option.id, text: option.text }));
}

function stepView(step: ScenarioStep, seed: number, isShuffled: boolean): StepView {
  if (step.type === "true-false") return { id: step.id, type: step.type, prompt: step.prompt };
  return { id: step.id, type: step.type, prompt: step.prompt, options: choices(displayOrder(step.options, step.id, seed, isShuffled)) };
}

function questionView(
  question: Question,
  context: Pick<QuizContext, "seed" | "answers">,
  { isImmediate, isShuffled }: DisplaySettings,
): QuestionView {
  const { seed } = context;
  const base = { id: question.id, prompt: question.prompt, points: questionPoints(question) };
  switch (question.type) {
    case "single":
    case "multiple":
      return { ...base, type: question.type, options: choices(displayOrder(question.options, question.id, seed, isShuffled)) };
    case "true-false":
      return { ...base, type: question.type };
    case "matching":
      return {
        ...base,
        type: question.type,
        categories: choices(question.categories),
        items: choices(displayOrder(question.items, question.id, seed, isShuffled)),
      };
    case "ordering":
      return { ...base, type: question.type, items: choices(orderingDisplayOrder(question.items, question.id, seed)) };
    case "scenario":
      return scenarioView(question, context, { isImmediate, isShuffled }, base);
  }
}

function scenarioView(
  question: ScenarioQuestion,
  context: Pick<QuizContext, "seed" | "answers">,
  { isImmediate, isShuffled }: DisplaySettings,
  base: { id: string; prompt: string; points: number },
): QuestionView {
  const answer = context.answers[question.id];
  const { path, pending } = scenarioProgress(question, isScenarioAnswer(answer) ? answer : undefined);
  return {
    ...base,
    type: "scenario",
    case: question.case,
    path: path.map(({ step, answer: stepAnswer }, position) => ({
      step: stepView(step, context.seed, isShuffled),
      answer: stepAnswer,
      // Mirrors the machine: deferred mode lets the latest step change until a later one depends on it.
      isLocked: isImmediate || position < path.length - 1,
    })),
    currentStep: pending ? stepView(pending, context.seed, isShuffled) : null,
  };
}

function feedbackOn(question: Question, answer: Answer | undefined): FeedbackView | null {
  if (answer === undefined) return null;
  if (question.type === "scenario") {
    const { path } = scenarioProgress(question, isScenarioAnswer(answer) ? answer : undefined);
    const last = path.at(-1);
    if (!last) return null;
    const score = scoreAnswer(last.step, last.answer) ?? 0;
    return { questionId: question.id, stepId: last.step.id, score, isCorrect: score === 1, entries: entriesFor(last.step, last.answer) };
  }
  const score = scoreAnswer(question, answer) ?? 0;
  return { questionId: question.id, stepId: null, score, isCorrect: score === 1, entries: entriesFor(question, answer) };
}

function entriesFor(target: Exclude<Question, ScenarioQuestion> | ScenarioStep, answer: Answer): FeedbackEntry[] {
  switch (target.type) {
    case "single":
    case "multiple": {
      const chosen = "optionId" in answer ? [answer.optionId] : "optionIds" in answer ? answer.optionIds : [];
      return target.options
        .filter((option) => chosen.includes(option.id))
        .map((option) => ({ id: option.id, isCorrect: option.correct, feedback: option.feedback }));
    }
    case "true-false": {
      if (!("value" in answer)) return [];
      const key = answer.value ? "true" : "false";
      return [{ id: key, isCorrect: answer.value === target.answer, feedback: target.feedback[key] }];
    }
    case "matching":
      if (!("placements" in answer)) return [];
      return target.items.map((item) => ({
        id: item.id,
        isCorrect: answer.placements[item.id] === item.category,
        feedback: item.feedback,
      }));
    case "ordering":
      if (!("order" in answer)) return [];
      return target.items.map((item, position) => ({
        id: item.id,
        isCorrect: answer.order[position] === item.id,
        feedback: item.feedback,
      }));
  }
}

function resultView(quiz: QuizDefinition, context: QuizContext): ResultView | null {
  if (!context.grade) return null;
  const policy = quiz.settings.review;
  const summary: ResultView = {
    policy,
    endedBy: context.endedBy,
    points: context.grade.points,
    maxPoints: context.grade.maxPoints,
    percent: context.grade.percent,
    passMark: quiz.settings.passMark,
    isPassed: context.grade.isPassed,
  };
  if (policy === "score") return summary;
  const questionsById = new Map(quiz.questions.map((question) => [question.id, question]));
  const grades = new Map(gradeAttempt(quiz, context.answers).questions.map((grade) => [grade.questionId, grade]));
  const questions = context.order.flatMap((id): ReviewItem[] => {
    const question = questionsById.get(id);
    const grade = grades.get(id);
    if (!question || !grade) return [];
    const answer = context.answers[id] ?? null;
    // After submission every answer is final, so scenario steps show as locked whatever the feedback mode.
    const reviewDisplay = { ...displaySettings(quiz), isImmediate: true };
    return policy === "full"
      ? [{ policy, question, answer, grade }]
      : [{ policy, question: questionView(question, context, reviewDisplay), answer }];
  });
  return { ...summary, questions };
}
