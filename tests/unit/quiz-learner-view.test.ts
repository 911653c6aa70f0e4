import { describe, expect, it } from "vitest";
import type { Question, QuizDefinition } from "~/courses/format";
import { isReviewVisible, learnerView } from "~/quiz/learner-view";
import { applyEvent, createQuizMachine, startAttempt, type PersistedQuizSnapshot, type QuizEvent } from "~/quiz/machine";
import { quizSettings } from "../support/quiz-fixtures";

const base = { objective: "view", level: "recall", citation: "tip-protocol, art. 3" } as const;
const option = (id: string, correct = false, next?: string) => ({ id, text: `${id} text`, correct, feedback: `FEEDBACK-${id}`, next });

const questions: Question[] = [
  { ...base, id: "q-single", type: "single", prompt: "Single?", explanation: "EXPLAIN-single", options: [option("a", true), option("b"), option("c")] },
  { ...base, id: "q-multi", type: "multiple", prompt: "Multiple?", explanation: "EXPLAIN-multi", options: [option("a", true), option("b", true), option("c")] },
  { ...base, id: "q-tf", type: "true-false", prompt: "True?", explanation: "EXPLAIN-tf", answer: true, feedback: { true: "FEEDBACK-true", false: "FEEDBACK-false" } },
  {
    ...base,
    id: "q-match",
    type: "matching",
    prompt: "Match?",
    explanation: "EXPLAIN-match",
    categories: [
      { id: "cat-t", text: "Trafficking" },
      { id: "cat-s", text: "Smuggling" },
    ],
    items: [
      { id: "fee", text: "Fee", category: "cat-s", feedback: "FEEDBACK-fee" },
      { id: "exploit", text: "Exploit", category: "cat-t", feedback: "FEEDBACK-exploit" },
    ],
  },
  {
    ...base,
    id: "q-order",
    type: "ordering",
    prompt: "Order?",
    explanation: "EXPLAIN-order",
    items: ["separate", "interpret", "refer"].map((id) => ({ id, text: `${id} text`, feedback: `FEEDBACK-${id}` })),
  },
  {
    ...base,
    id: "q-case",
    type: "scenario",
    level: "application",
    prompt: "The minivan",
    case: "Nine adults are found…",
    explanation: "EXPLAIN-case",
    start: "classify",
    steps: [
      { id: "classify", type: "single", prompt: "Classify?", options: [option("smuggled", false, "indicators"), option("victim", true, "protect")] },
      { id: "indicators", type: "multiple", prompt: "Indicators?", options: [option("debt", true), option("fare")], next: "protect" },
      { id: "protect", type: "true-false", prompt: "Protect?", answer: true, feedback: { true: "FEEDBACK-protect-true", false: "FEEDBACK-protect-false" } },
    ],
  },
];

const settings = quizSettings({ passMark: 50, maxAttempts: 2, timeLimitMinutes: null });
const quizWith = (changes: Partial<QuizDefinition["settings"]> = {}): QuizDefinition => ({
  id: "view",
  title: "View",
  settings: { ...settings, ...changes },
  questions,
});

const at = 5_000;
const ANSWERS: Record<string, QuizEvent> = {
  "q-single": { type: "ANSWER", at, questionId: "q-single", answer: { optionId: "b" } },
  "q-multi": { type: "ANSWER", at, questionId: "q-multi", answer: { optionIds: ["a", "c"] } },
  "q-tf": { type: "ANSWER", at, questionId: "q-tf", answer: { value: false } },
  "q-match": { type: "ANSWER", at, questionId: "q-match", answer: { placements: { fee: "cat-t", exploit: "cat-t" } } },
  "q-order": { type: "ANSWER", at, questionId: "q-order", answer: { order: ["refer", "interpret", "separate"] } },
};

function run(quiz: QuizDefinition, events: QuizEvent[]): PersistedQuizSnapshot {
  const machine = createQuizMachine(quiz);
  let snapshot = startAttempt(machine, { seed: 7, startedAt: 0, deadline: null });
  for (const event of events) {
    const result = applyEvent(machine, snapshot, event);
    if (!result.ok) throw new Error(`${event.type} refused: ${result.message}`);
    snapshot = result.snapshot;
  }
  return snapshot;
}

const START: QuizEvent = { type: "START", at };
const NEXT: QuizEvent = { type: "NEXT", at };
const step = (stepId: string, answer: unknown): QuizEvent => ({ type: "ANSWER", at, questionId: "q-case", stepId, answer });

/** Every question answered (the scenario halfway), each view taken along the way. */
function viewsOfAWholeAttempt(quiz: QuizDefinition) {
  const events: QuizEvent[] = [START];
  const views: string[] = [];
  const capture = () => views.push(JSON.stringify(learnerView(quiz, run(quiz, events), { reviewVisible: true })));
  capture();
  for (const id of ["q-single", "q-multi", "q-tf", "q-match", "q-order"]) {
    events.push(ANSWERS[id]);
    capture();
    events.push(NEXT);
    capture();
  }
  events.push(step("classify", { optionId: "smuggled" }));
  capture();
  if (quiz.settings.feedback === "immediate") events.push(NEXT);
  events.push(step("indicators", { optionIds: ["fare"] }));
  capture();
  if (quiz.settings.feedback === "immediate") events.push(NEXT);
  events.push({ type: "REVIEW", at });
  capture();
  return { views, events };
}

const SECRETS = [
  '"correct"',
  "FEEDBACK-",
  "EXPLAIN-",
  "tip-protocol",
  '"category"',
  '"next"',
  '"explanation"',
  '"citation"',
];

describe("learnerView before submission", () => {
  it("never serialises correct flags, explanations, citations, feedback, categories of items or next", () => {
    const { views } = viewsOfAWholeAttempt(quizWith());
    expect(views.length).toBeGreaterThan(10);
    for (const view of views) {
      for (const secret of SECRETS) expect(view, `${secret} leaked in ${view}`).not.toContain(secret);
    }
  });

  it("shows question N of M with the options shuffled by the seed, and the learner's own answer", () => {
    const quiz = quizWith();
    const view = learnerView(quiz, run(quiz, [START, ANSWERS["q-single"]]), { reviewVisible: true });
    expect(view).toMatchObject({ state: "question", number: 1, total: 6, answeredCount: 1, feedback: null, result: null });
    expect(view.current).toMatchObject({ answer: { optionId: "b" }, isLocked: false, isFlagged: false });
    const { question } = view.current!;
    expect(question.type === "single" && question.options.map((choice) => choice.id).sort()).toEqual(["a", "b", "c"]);
    expect(JSON.stringify(learnerView(quiz, run(quiz, [START]), { reviewVisible: true }))).toBe(
      JSON.stringify(learnerView(quiz, run(quiz, [START]), { reviewVisible: true })),
    );
  });

  it("shows ordering items out of their correct order", () => {
    const quiz = quizWith({ shuffleOptions: false });
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const machine = createQuizMachine(quiz);
      let snapshot = startAttempt(machine, { seed, startedAt: 0, deadline: null });
      for (const event of [START, { type: "GOTO", at, index: 4 } satisfies QuizEvent]) {
        const result = applyEvent(machine, snapshot, event);
        if (result.ok) snapshot = result.snapshot;
      }
      const { question } = learnerView(quiz, snapshot, { reviewVisible: false }).current!;
      expect(question.type === "ordering" && question.items.map((item) => item.id)).not.toEqual(["separate", "interpret", "refer"]);
    }
  });

  it("shows a scenario's path so far and its next step, without the route's next", () => {
    const quiz = quizWith();
    const view = learnerView(quiz, run(quiz, [START, { type: "GOTO", at, index: 5 }, step("classify", { optionId: "smuggled" })]), { reviewVisible: true });
    const { question } = view.current!;
    if (question.type !== "scenario") throw new Error("expected the scenario");
    expect(question.case).toBe("Nine adults are found…");
    expect(question.path).toEqual([
      {
        step: { id: "classify", type: "single", prompt: "Classify?", options: expect.any(Array) },
        answer: { optionId: "smuggled" },
        isLocked: false,
      },
    ]);
    expect(question.currentStep?.id).toBe("indicators");
    expect(view.answeredCount).toBe(0);
  });

  it("lists unanswered and flagged questions in review", () => {
    const quiz = quizWith();
    const snapshot = run(quiz, [START, ANSWERS["q-single"], { type: "FLAG", at, questionId: "q-tf" }, { type: "REVIEW", at }]);
    const view = learnerView(quiz, snapshot, { reviewVisible: true });
    expect(view.current).toBeNull();
    expect(view.review?.unanswered.map((ref) => ref.questionId)).toEqual(["q-multi", "q-tf", "q-match", "q-order", "q-case"]);
    expect(view.review?.flagged).toEqual([{ number: 3, index: 2, questionId: "q-tf", prompt: "True?" }]);
  });
});

describe("learnerView with immediate feedback", () => {
  it("shows the feedback of the chosen options only, and whether the answer was right", () => {
    const quiz = quizWith({ feedback: "immediate" });
    const view = learnerView(quiz, run(quiz, [START, ANSWERS["q-single"]]), { reviewVisible: false });
    expect(view.state).toBe("feedback");
    expect(view.feedback).toEqual({ questionId: "q-single", stepId: null, score: 0, isCorrect: false, entries: [{ id: "b", isCorrect: false, feedback: "FEEDBACK-b" }] });
    const json = JSON.stringify(view);
    expect(json).not.toContain("FEEDBACK-a");
    expect(json).not.toContain("FEEDBACK-c");
    expect(json).not.toContain("EXPLAIN-");
    expect(view.current?.isLocked).toBe(true);
  });

  it("gives a scenario step's feedback after each step, and nothing of the steps not taken", () => {
    const quiz = quizWith({ feedback: "immediate" });
    const view = learnerView(quiz, run(quiz, [START, { type: "GOTO", at, index: 5 }, step("classify", { optionId: "victim" })]), { reviewVisible: false });
    expect(view.feedback).toMatchObject({ questionId: "q-case", stepId: "classify", isCorrect: true, entries: [{ id: "victim", feedback: "FEEDBACK-victim" }] });
    const json = JSON.stringify(view);
    expect(json).not.toContain("FEEDBACK-smuggled");
    expect(json).not.toContain("FEEDBACK-protect");
  });

  it("hides feedback again once the learner moves on", () => {
    const quiz = quizWith({ feedback: "immediate" });
    const { views } = viewsOfAWholeAttempt(quiz);
    const onQuestions = views.filter((view) => JSON.parse(view).state !== "feedback");
    expect(onQuestions.length).toBeGreaterThan(3);
    for (const view of onQuestions) for (const secret of SECRETS) expect(view).not.toContain(secret);
  });
});

describe("learnerView after submission", () => {
  const submitted = (changes: Partial<QuizDefinition["settings"]>) => {
    const quiz = quizWith(changes);
    const { events } = viewsOfAWholeAttempt(quiz);
    return { quiz, snapshot: run(quiz, [...events, { type: "SUBMIT", at }]) };
  };

  it("shows nothing of the result while the review is not visible", () => {
    const { quiz, snapshot } = submitted({});
    const view = learnerView(quiz, snapshot, { reviewVisible: false });
    expect(view).toMatchObject({ state: "failed", result: null, current: null });
    expect(JSON.stringify(view)).not.toContain("percent");
  });

  it("score: shows the score only", () => {
    const { quiz, snapshot } = submitted({ review: "score" });
    const { result } = learnerView(quiz, snapshot, { reviewVisible: true });
    expect(result).toMatchObject({ policy: "score", isPassed: false, passMark: 50, maxPoints: 8, endedBy: "submit" });
    expect(result?.questions).toBeUndefined();
  });

  it("answers: adds the learner's answers, still without correct answers or feedback", () => {
    const { quiz, snapshot } = submitted({ review: "answers" });
    const { result } = learnerView(quiz, snapshot, { reviewVisible: true });
    expect(result?.questions?.[0]).toMatchObject({ policy: "answers", answer: { optionId: "b" } });
    const json = JSON.stringify(result);
    for (const secret of SECRETS) expect(json).not.toContain(secret);
  });

  it("full: adds correct answers, feedback, explanation and citation", () => {
    const { quiz, snapshot } = submitted({ review: "full" });
    const { result } = learnerView(quiz, snapshot, { reviewVisible: true });
    const json = JSON.stringify(result);
    for (const shown of ['"correct":true', "FEEDBACK-a", "EXPLAIN-single", "tip-protocol", '"category":"cat-s"']) expect(json).toContain(shown);
    expect(result?.questions?.[0]).toMatchObject({ policy: "full", grade: { questionId: "q-single", score: 0 } });
  });
});

describe("isReviewVisible", () => {
  const limited = { maxAttempts: 3 };
  it("submit: always", () => {
    expect(isReviewVisible({ ...limited, reviewAfter: "submit" }, { isPassed: false, attemptsUsed: 1 })).toBe(true);
  });
  it("pass: only once passed", () => {
    expect(isReviewVisible({ ...limited, reviewAfter: "pass" }, { isPassed: false, attemptsUsed: 3 })).toBe(false);
    expect(isReviewVisible({ ...limited, reviewAfter: "pass" }, { isPassed: true, attemptsUsed: 1 })).toBe(true);
  });
  it("last-attempt: once passed or out of attempts, never on unlimited attempts before a pass", () => {
    expect(isReviewVisible({ ...limited, reviewAfter: "last-attempt" }, { isPassed: false, attemptsUsed: 2 })).toBe(false);
    expect(isReviewVisible({ ...limited, reviewAfter: "last-attempt" }, { isPassed: false, attemptsUsed: 3 })).toBe(true);
    expect(isReviewVisible({ ...limited, reviewAfter: "last-attempt" }, { isPassed: true, attemptsUsed: 1 })).toBe(true);
    expect(isReviewVisible({ maxAttempts: null, reviewAfter: "last-attempt" }, { isPassed: false, attemptsUsed: 50 })).toBe(false);
  });
});
