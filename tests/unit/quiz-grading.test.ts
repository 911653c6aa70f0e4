import { describe, expect, it } from "vitest";
import type { Question, QuizDefinition } from "~/courses/format";
import { parseAnswer, type Answer, type AnswerTarget } from "~/quiz/answers";
import { gradeAttempt, gradeQuestion, questionPoints } from "~/quiz/grading";

const base = { objective: "grading", level: "recall", explanation: "Why.", citation: "src" } as const;
const option = (id: string, correct = false, next?: string) => ({ id, text: id, correct, feedback: `${id}!`, next });

const single: Question = { ...base, id: "single", type: "single", prompt: "?", points: 2, options: [option("a", true), option("b"), option("c")] };
const multiple: Question = {
  ...base,
  id: "multiple",
  type: "multiple",
  prompt: "?",
  options: [option("a", true), option("b", true), option("c", true), option("d"), option("e")],
};
const trueFalse: Question = { ...base, id: "tf", type: "true-false", prompt: "?", answer: true, feedback: { true: "Yes", false: "No" } };
const matching: Question = {
  ...base,
  id: "matching",
  type: "matching",
  prompt: "?",
  categories: [
    { id: "trafficking", text: "T" },
    { id: "smuggling", text: "S" },
    { id: "both", text: "B" },
  ],
  items: [
    { id: "fee", text: "fee", category: "smuggling", feedback: "f" },
    { id: "exploit", text: "exploit", category: "trafficking", feedback: "f" },
    { id: "deceive", text: "deceive", category: "trafficking", feedback: "f" },
    { id: "cross", text: "cross", category: "both", feedback: "f" },
  ],
};
const ordering: Question = {
  ...base,
  id: "ordering",
  type: "ordering",
  prompt: "?",
  items: ["one", "two", "three", "four"].map((id) => ({ id, text: id, feedback: "f" })),
};
// classify → (smuggled) indicators → protect, or classify → (victim) protect: longest path 3 steps.
const scenario: Question = {
  ...base,
  id: "case",
  type: "scenario",
  level: "application",
  prompt: "The minivan",
  case: "Nine adults…",
  start: "classify",
  steps: [
    { id: "classify", type: "single", prompt: "?", options: [option("smuggled", false, "indicators"), option("victim", true, "protect")] },
    { id: "indicators", type: "multiple", prompt: "?", options: [option("debt", true), option("papers", true), option("fare")], next: "protect" },
    { id: "protect", type: "true-false", prompt: "?", answer: true, feedback: { true: "Yes", false: "No" } },
  ],
};

const score = (question: Question, answer: Answer) => gradeQuestion(question, answer).score;

describe("gradeQuestion", () => {
  it("scores a single-choice question all or nothing, times its points", () => {
    expect(gradeQuestion(single, { optionId: "a" })).toMatchObject({ score: 1, points: 2, maxPoints: 2, isCorrect: true });
    expect(gradeQuestion(single, { optionId: "b" })).toMatchObject({ score: 0, points: 0, isCorrect: false, isAnswered: true });
  });

  it("gives multiple-choice partial credit as (right − wrong) ÷ correct, never below zero", () => {
    expect(score(multiple, { optionIds: ["a", "b", "c"] })).toBe(1);
    expect(score(multiple, { optionIds: ["a", "b"] })).toBeCloseTo(2 / 3);
    expect(score(multiple, { optionIds: ["a", "b", "d"] })).toBeCloseTo(1 / 3);
    expect(score(multiple, { optionIds: ["a", "d", "e"] })).toBe(0);
    expect(score(multiple, { optionIds: ["d"] })).toBe(0);
    // Ticking everything: 3 right − 2 wrong.
    expect(score(multiple, { optionIds: ["a", "b", "c", "d", "e"] })).toBeCloseTo(1 / 3);
  });

  it("scores true-false by the stated answer", () => {
    expect(score(trueFalse, { value: true })).toBe(1);
    expect(score(trueFalse, { value: false })).toBe(0);
  });

  it("scores matching as the share of items in the right category", () => {
    const placements = { fee: "smuggling", exploit: "trafficking", deceive: "trafficking", cross: "both" };
    expect(score(matching, { placements })).toBe(1);
    expect(score(matching, { placements: { ...placements, cross: "smuggling" } })).toBe(0.75);
    expect(score(matching, { placements: { fee: "both", exploit: "both", deceive: "smuggling", cross: "trafficking" } })).toBe(0);
  });

  it("scores ordering as the share of items in their correct position", () => {
    expect(score(ordering, { order: ["one", "two", "three", "four"] })).toBe(1);
    expect(score(ordering, { order: ["two", "one", "three", "four"] })).toBe(0.5);
    expect(score(ordering, { order: ["four", "three", "two", "one"] })).toBe(0);
    // A rotation keeps every neighbour but puts no item in its place: it scores nothing under this rule.
    expect(score(ordering, { order: ["two", "three", "four", "one"] })).toBe(0);
  });

  it("grades a scenario as points × the mean score of the steps on the path taken", () => {
    const direct = gradeQuestion(scenario, { steps: { classify: { optionId: "victim" }, protect: { value: true } } });
    expect(direct).toMatchObject({ score: 1, points: 3, maxPoints: 3, isAnswered: true, isCorrect: true });
    expect(direct.steps?.map((step) => step.stepId)).toEqual(["classify", "protect"]);

    const detour = gradeQuestion(scenario, {
      steps: { classify: { optionId: "smuggled" }, indicators: { optionIds: ["debt"] }, protect: { value: true } },
    });
    // (0 + 1/2 + 1) ÷ 3 steps
    expect(detour.score).toBeCloseTo(0.5);
    expect(detour.points).toBeCloseTo(1.5);
    expect(detour.steps?.map((step) => step.stepId)).toEqual(["classify", "indicators", "protect"]);
  });

  it("ignores answers to steps off the path taken", () => {
    const grade = gradeQuestion(scenario, {
      steps: { classify: { optionId: "victim" }, indicators: { optionIds: ["fare"] }, protect: { value: true } },
    });
    expect(grade.score).toBe(1);
  });

  it("counts an unfinished scenario's shortest remaining route as zero-score steps", () => {
    const started = gradeQuestion(scenario, { steps: { classify: { optionId: "victim" } } });
    expect(started).toMatchObject({ isAnswered: false, score: 0.5, isCorrect: false });
    const detoured = gradeQuestion(scenario, { steps: { classify: { optionId: "smuggled" } } });
    expect(detoured.steps?.map((step) => step.stepId)).toEqual(["classify", "indicators", "protect"]);
    expect(gradeQuestion(scenario, undefined)).toMatchObject({ isAnswered: false, score: 0, points: 0 });
  });

  it("follows the option's next before the step's next", () => {
    const rerouted: Question = {
      ...scenario,
      steps: scenario.type === "scenario" ? scenario.steps.map((step) => (step.id === "classify" ? { ...step, next: "indicators" } : step)) : [],
    };
    const grade = gradeQuestion(rerouted, { steps: { classify: { optionId: "victim" }, protect: { value: true } } });
    expect(grade.steps?.map((step) => step.stepId)).toEqual(["classify", "protect"]);
  });

  it("treats a missing answer, or one of another question type's shape, as unanswered", () => {
    expect(gradeQuestion(single, undefined)).toMatchObject({ isAnswered: false, score: 0, points: 0 });
    expect(gradeQuestion(single, { value: true })).toMatchObject({ isAnswered: false, score: 0 });
  });
});

describe("questionPoints", () => {
  it("defaults to 1, honours points, and gives a scenario the length of its longest path", () => {
    expect(questionPoints(trueFalse)).toBe(1);
    expect(questionPoints(single)).toBe(2);
    expect(questionPoints(scenario)).toBe(3);
    expect(questionPoints({ ...scenario, points: 5 })).toBe(5);
  });
});

describe("gradeAttempt", () => {
  const quizOf = (questions: Question[], passMark: number): QuizDefinition => ({
    id: "quiz",
    title: "Quiz",
    settings: {
      passMark,
      maxAttempts: null,
      cooldownMinutes: 0,
      timeLimitMinutes: null,
      shuffleQuestions: false,
      shuffleOptions: true,
      feedback: "deferred",
      review: "full",
      reviewAfter: "submit",
    },
    questions,
  });

  it("sums points over every question, unanswered ones included", () => {
    const grade = gradeAttempt(quizOf([single, multiple, trueFalse, scenario], 50), {
      single: { optionId: "a" },
      multiple: { optionIds: ["a", "b"] },
    });
    expect(grade.maxPoints).toBe(7);
    expect(grade.points).toBe(2.67);
    expect(grade.percent).toBe(38.0);
    expect(grade.isPassed).toBe(false);
    expect(grade.questions.map((question) => question.isAnswered)).toEqual([true, true, false, false]);
  });

  it("passes at exactly the pass mark", () => {
    const quiz = quizOf([{ ...matching, points: 5 }], 75);
    const grade = gradeAttempt(quiz, { matching: { placements: { fee: "smuggling", exploit: "trafficking", deceive: "trafficking", cross: "trafficking" } } });
    expect(grade).toMatchObject({ points: 3.75, percent: 75, isPassed: true });
  });

  it("floors the percent to one decimal so a pass is never shown that was not reached", () => {
    // 2 of 3 points is 66.666…%: shown as 66.6, so it passes a mark of 66 but not one of 67 (rounding would say 67).
    const quiz = quizOf([trueFalse, { ...trueFalse, id: "tf2" }, { ...trueFalse, id: "tf3" }], 66);
    const grade = gradeAttempt(quiz, { tf: { value: true }, tf2: { value: true }, tf3: { value: false } });
    expect(grade.percent).toBe(66.6);
    expect(grade.isPassed).toBe(true);
    expect(gradeAttempt({ ...quiz, settings: { ...quiz.settings, passMark: 67 } }, { tf: { value: true }, tf2: { value: true } }).isPassed).toBe(false);
  });

  it("does not lose a pass mark to float error", () => {
    // Six times 2/3 of a point out of 8 is exactly 50%, but the float sum comes to 49.99999999999999.
    const twoThirds = [0, 1, 2, 3, 4, 5].map((n) => ({ ...multiple, id: `m${n}`, options: multiple.type === "multiple" ? multiple.options.slice(0, 3) : [] }));
    const answers = Object.fromEntries(twoThirds.map((question) => [question.id, { optionIds: ["a", "b"] }]));
    const grade = gradeAttempt(quizOf([...twoThirds, { ...trueFalse, points: 2 }], 50), answers);
    expect(grade.percent).toBe(50);
    expect(grade.isPassed).toBe(true);
  });
});

describe("parseAnswer", () => {
  const messageOf = (target: AnswerTarget, raw: unknown) => {
    const check = parseAnswer(target, raw);
    return check.ok ? null : check.message;
  };
  const asTarget = (question: Question) => question as AnswerTarget;

  it("accepts a well-formed answer for each type", () => {
    expect(parseAnswer(asTarget(single), { optionId: "a" }).ok).toBe(true);
    expect(parseAnswer(asTarget(multiple), { optionIds: ["a", "d"] }).ok).toBe(true);
    expect(parseAnswer(asTarget(trueFalse), { value: false }).ok).toBe(true);
    expect(parseAnswer(asTarget(ordering), { order: ["four", "three", "two", "one"] }).ok).toBe(true);
  });

  it("rejects an ordering with a duplicate, a missing or an unknown item", () => {
    expect(messageOf(asTarget(ordering), { order: ["one", "one", "three", "four"] })).toBe('item "one" appears twice');
    expect(messageOf(asTarget(ordering), { order: ["one", "two", "three"] })).toBe('item "four" is missing from the order');
    expect(messageOf(asTarget(ordering), { order: ["one", "two", "three", "five"] })).toBe('unknown item "five"');
  });

  it("rejects unknown options and empty or repeated choices", () => {
    expect(messageOf(asTarget(single), { optionId: "z" })).toBe('unknown option "z"');
    expect(messageOf(asTarget(multiple), { optionIds: [] })).toBe("optionIds: choose at least one option");
    expect(messageOf(asTarget(multiple), { optionIds: ["a", "a"] })).toBe('option "a" appears twice');
  });

  it("rejects a matching answer that misses an item or names an unknown category", () => {
    expect(messageOf(asTarget(matching), { placements: { fee: "smuggling" } })).toBe('item "exploit" is not placed');
    expect(messageOf(asTarget(matching), { placements: { fee: "neither" } })).toBe('unknown category "neither" for item "fee"');
    expect(messageOf(asTarget(matching), { placements: { visa: "both" } })).toBe('unknown item "visa"');
  });

  it("names the field when the shape is wrong", () => {
    expect(messageOf(asTarget(trueFalse), { value: "yes" })).toMatch(/^value: /);
    expect(messageOf(asTarget(single), { optionIds: ["a"] })).toMatch(/optionId: Required|Unrecognized key/);
  });
});
