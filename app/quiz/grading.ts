// Scoring rules of courses/README.md, pure. Answers are expected to have passed parseAnswer; an answer of the
// wrong shape for its question scores as unanswered rather than throwing, so a stale stored answer cannot break a
// grade.
import type { Question, QuestionType, QuizDefinition, ScenarioQuestion, ScenarioStep } from "~/courses/format";
import { scenarioProgress, type Answer, type AnswerTarget, type ScenarioAnswer } from "./answers";

export type StepGrade = { stepId: string; isAnswered: boolean; score: number };

export type QuestionGrade = {
  questionId: string;
  type: QuestionType;
  /** A scenario counts as answered only once its path reaches an end. */
  isAnswered: boolean;
  /** 0..1 */
  score: number;
  isCorrect: boolean;
  points: number;
  maxPoints: number;
  /** Scenario only: the steps on the path taken, then the shortest way to an end for an unfinished path. */
  steps?: StepGrade[];
};

export type GradeSummary = { points: number; maxPoints: number; percent: number; isPassed: boolean };
export type AttemptGrade = GradeSummary & { questions: QuestionGrade[] };

export function gradeQuestion(question: Question, answer: Answer | undefined): QuestionGrade {
  const maxPoints = questionPoints(question);
  if (question.type === "scenario") {
    const steps = gradeScenarioSteps(question, answer && "steps" in answer ? answer : undefined);
    const isAnswered = steps.every((step) => step.isAnswered);
    const score = steps.length ? steps.reduce((sum, step) => sum + step.score, 0) / steps.length : 0;
    return summarise(question, isAnswered, score, maxPoints, steps);
  }
  const score = answer === undefined ? 0 : scoreAnswer(question, answer);
  return summarise(question, answer !== undefined && score !== null, score ?? 0, maxPoints);
}

function summarise(question: Question, isAnswered: boolean, score: number, maxPoints: number, steps?: StepGrade[]) {
  const grade: QuestionGrade = {
    questionId: question.id,
    type: question.type,
    isAnswered,
    score,
    isCorrect: isAnswered && score === 1,
    points: score * maxPoints,
    maxPoints,
  };
  return steps ? { ...grade, steps } : grade;
}

/** The 0..1 score of one answered question or scenario step; null when the answer has the wrong shape. */
export function scoreAnswer(target: AnswerTarget, answer: Answer): number | null {
  switch (target.type) {
    case "single":
      if (!("optionId" in answer)) return null;
      return target.options.some((option) => option.correct && option.id === answer.optionId) ? 1 : 0;
    case "multiple": {
      if (!("optionIds" in answer)) return null;
      const chosen = new Set(answer.optionIds);
      const correct = target.options.filter((option) => option.correct);
      const right = correct.filter((option) => chosen.has(option.id)).length;
      const wrong = target.options.filter((option) => !option.correct && chosen.has(option.id)).length;
      // Subtracting wrong choices makes "tick everything" worth nothing.
      return correct.length ? Math.max(0, (right - wrong) / correct.length) : 0;
    }
    case "true-false":
      if (!("value" in answer)) return null;
      return answer.value === target.answer ? 1 : 0;
    case "matching": {
      if (!("placements" in answer)) return null;
      const right = target.items.filter((item) => answer.placements[item.id] === item.category).length;
      return right / target.items.length;
    }
    case "ordering": {
      if (!("order" in answer)) return null;
      const right = target.items.filter((item, position) => answer.order[position] === item.id).length;
      return target.items.length ? right / target.items.length : 0;
    }
  }
}

function gradeScenarioSteps(question: ScenarioQuestion, answer: ScenarioAnswer | undefined): StepGrade[] {
  const { path, pending } = scenarioProgress(question, answer);
  const taken = path.map(({ step, answer: stepAnswer }) => ({
    stepId: step.id,
    isAnswered: true,
    score: scoreAnswer(step, stepAnswer) ?? 0,
  }));
  if (!pending) return taken;
  // An unfinished path still owes at least the shortest way to an end; counting those steps as zero keeps an
  // abandoned scenario from scoring more than one finished badly.
  const owed = shortestRoute(question, pending.id).map((stepId) => ({ stepId, isAnswered: false, score: 0 }));
  return [...taken, ...owed];
}

/** Points a question is worth: its `points`, else the number of steps on a scenario's longest path, else 1. */
export function questionPoints(question: Question): number {
  if (question.points !== undefined) return question.points;
  return question.type === "scenario" ? longestRoute(question, question.start) : 1;
}

function successors(step: ScenarioStep): Array<string | null> {
  if (step.type === "true-false") return [step.next ?? null];
  return step.options.map((option) => option.next ?? step.next ?? null);
}

function longestRoute(question: ScenarioQuestion, fromId: string, visiting = new Set<string>()): number {
  const step = question.steps.find((candidate) => candidate.id === fromId);
  if (!step || visiting.has(fromId)) return 0;
  visiting.add(fromId);
  const longest = Math.max(...successors(step).map((next) => (next ? longestRoute(question, next, visiting) : 0)));
  visiting.delete(fromId);
  return 1 + longest;
}

function shortestRoute(question: ScenarioQuestion, fromId: string, visiting = new Set<string>()): string[] {
  const step = question.steps.find((candidate) => candidate.id === fromId);
  if (!step || visiting.has(fromId)) return [];
  visiting.add(fromId);
  let best: string[] | null = null;
  for (const next of successors(step)) {
    const rest: string[] = next ? shortestRoute(question, next, visiting) : [];
    if (best === null || rest.length < best.length) best = rest;
  }
  visiting.delete(fromId);
  return [fromId, ...(best ?? [])];
}

export function gradeAttempt(quiz: QuizDefinition, answers: Record<string, Answer>): AttemptGrade {
  const questions = quiz.questions.map((question) => gradeQuestion(question, answers[question.id]));
  const earned = questions.reduce((sum, grade) => sum + grade.points, 0);
  const maxPoints = questions.reduce((sum, grade) => sum + grade.maxPoints, 0);
  const percent = maxPoints ? floorTo(100 * (earned / maxPoints), 1) : 0;
  // Floored, not rounded, so a learner never sees the pass mark reached when the points fall short of it.
  return { points: roundTo(earned, 2), maxPoints, percent, isPassed: percent >= quiz.settings.passMark, questions };
}

function floorTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  // The epsilon absorbs binary float error (e.g. 3 × 1/3), which would otherwise floor 80 to 79.9.
  return Math.floor(value * factor + 1e-9) / factor;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
