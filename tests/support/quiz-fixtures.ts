// Quiz definitions shared by the quiz unit tests and the replay test: every question type and a scenario that
// branches, with sample answers whose points are worked out by hand from the README rules (not by the grader).
import type { Question, QuizDefinition } from "~/courses/format";
import type { Answer } from "~/quiz/answers";

/** Quiz settings with every field set; tests override the ones they are about. */
export function quizSettings(changes: Partial<QuizDefinition["settings"]> = {}): QuizDefinition["settings"] {
  return {
    passMark: 60,
    maxAttempts: 3,
    cooldownMinutes: 0,
    timeLimitMinutes: 10,
    shuffleQuestions: false,
    shuffleOptions: true,
    feedback: "deferred",
    review: "full",
    reviewAfter: "submit",
    ...changes,
  };
}

const base = { objective: "model", level: "recall", explanation: "Why.", citation: "src" } as const;
export const option = (id: string, correct = false, next?: string) => ({ id, text: `${id} text`, correct, feedback: `${id} feedback`, next });

export const questions: Question[] = [
  { ...base, id: "q-single", type: "single", prompt: "Single?", points: 2, options: [option("a", true), option("b"), option("c")] },
  { ...base, id: "q-multi", type: "multiple", prompt: "Multiple?", options: [option("a", true), option("b", true), option("c", true), option("d")] },
  { ...base, id: "q-tf", type: "true-false", prompt: "True?", answer: true, feedback: { true: "Right", false: "Wrong" } },
  {
    ...base,
    id: "q-match",
    type: "matching",
    prompt: "Match?",
    categories: [
      { id: "t", text: "Trafficking" },
      { id: "s", text: "Smuggling" },
    ],
    items: [
      { id: "fee", text: "Fee", category: "s", feedback: "fee feedback" },
      { id: "exploit", text: "Exploit", category: "t", feedback: "exploit feedback" },
      { id: "deceive", text: "Deceive", category: "t", feedback: "deceive feedback" },
      { id: "cross", text: "Cross", category: "s", feedback: "cross feedback" },
    ],
  },
  {
    ...base,
    id: "q-order",
    type: "ordering",
    prompt: "Order?",
    items: ["separate", "interpret", "refer"].map((id) => ({ id, text: id, feedback: `${id} feedback` })),
  },
  {
    ...base,
    id: "q-case",
    type: "scenario",
    level: "application",
    prompt: "The minivan",
    case: "Nine adults are found…",
    start: "classify",
    steps: [
      { id: "classify", type: "single", prompt: "Classify?", options: [option("smuggled", false, "indicators"), option("victim", true, "protect")] },
      { id: "indicators", type: "multiple", prompt: "Indicators?", options: [option("debt", true), option("papers", true), option("fare")], next: "protect" },
      { id: "protect", type: "true-false", prompt: "Protect?", answer: true, feedback: { true: "Yes", false: "No" } },
    ],
  },
];

export const settings = quizSettings();
export const quiz: QuizDefinition = { id: "fixture", title: "Fixture", settings, questions };
export const immediateQuiz: QuizDefinition = { ...quiz, settings: { ...settings, feedback: "immediate" } };
export const POINTS: Record<string, number> = { "q-single": 2, "q-multi": 1, "q-tf": 1, "q-match": 1, "q-order": 1, "q-case": 3 };
export const MAX_POINTS = Object.values(POINTS).reduce((sum, points) => sum + points, 0);

export const STARTED = 1_000;
export const DEADLINE = 601_000;
export const NOW = 5_000;
export const input = { seed: 42, startedAt: STARTED, deadline: DEADLINE };

// Sample answers with their points worked out by hand from the README rules, not by the grader.
export const SAMPLES: Record<string, Record<string, { answer: Answer; points: number }>> = {
  "q-single": { right: { answer: { optionId: "a" }, points: 2 }, wrong: { answer: { optionId: "b" }, points: 0 } },
  "q-multi": { right: { answer: { optionIds: ["a", "b", "c"] }, points: 1 }, partial: { answer: { optionIds: ["a", "b", "d"] }, points: 1 / 3 } },
  "q-tf": { right: { answer: { value: true }, points: 1 }, wrong: { answer: { value: false }, points: 0 } },
  "q-match": {
    right: { answer: { placements: { fee: "s", exploit: "t", deceive: "t", cross: "s" } }, points: 1 },
    partial: { answer: { placements: { fee: "s", exploit: "t", deceive: "t", cross: "t" } }, points: 0.75 },
  },
  "q-order": {
    right: { answer: { order: ["separate", "interpret", "refer"] }, points: 1 },
    rotated: { answer: { order: ["interpret", "refer", "separate"] }, points: 0 },
  },
};
export const STEP_SAMPLES: Record<string, Record<string, Answer>> = {
  classify: { right: { optionId: "victim" }, wrong: { optionId: "smuggled" } },
  indicators: { right: { optionIds: ["debt", "papers"] }, partial: { optionIds: ["debt"] } },
  protect: { right: { value: true }, wrong: { value: false } },
};
// Scenario points (3) × mean step score along the route, by the labels of the step answers given.
export const SCENARIO_POINTS: Record<string, number> = {
  "": 0,
  "classify:right protect:right": 3,
  "classify:right protect:wrong": 1.5,
  "classify:wrong indicators:right protect:right": 2,
  "classify:wrong indicators:right protect:wrong": 1,
  "classify:wrong indicators:partial protect:right": 1.5,
  "classify:wrong indicators:partial protect:wrong": 0.5,
};

