// Question statistics against values worked out by hand (the arithmetic is in the comments), not by the module.
import { describe, expect, it } from "vitest";
import type { Question, QuizDefinition } from "~/courses/format";
import type { Answer } from "~/quiz/answers";
import { gradeAttempt } from "~/quiz/grading";
import {
  firstAttemptPerLearner,
  median,
  pearson,
  quizStatistics,
  splitCitation,
  type QuestionStatistics,
  type SubmittedAttempt,
} from "~/studio/item-statistics";
import { option, questions as fixtureQuestions, quizSettings } from "../support/quiz-fixtures";

const base = { objective: "model", level: "recall", explanation: "Why." } as const;
const tf = (id: string, answer: boolean, citation: string): Question => ({
  ...base,
  id,
  type: "true-false",
  prompt: `${id}?`,
  answer,
  citation,
  feedback: { true: "t", false: "f" },
});

// Five items, one point each. q1–q3 follow the learners' overall ability (a Guttman pattern), q4 runs against it
// (the strong learners get it wrong), q5 everybody gets right.
const quiz: QuizDefinition = {
  id: "stats",
  title: "Stats",
  settings: quizSettings(),
  questions: [
    { ...base, id: "q1", type: "single", prompt: "q1?", citation: "tip-protocol, art. 3(a)", options: [option("a", true), option("b"), option("c")] },
    { ...base, id: "q2", type: "multiple", prompt: "q2?", citation: "tip-protocol,  art. 3(a)", options: [option("a", true), option("b", true), option("c")] },
    { ...base, id: "q3", type: "single", prompt: "q3?", citation: "som-protocol, art. 6(4)", options: [option("a", true), option("b"), option("c")] },
    tf("q4", false, "tip-protocol, art. 3(c)"),
    tf("q5", true, "som-protocol"),
  ],
};

//            q1        q2            q3    q4      q5     score pattern   total
// A          a         [a,b]         a     true    true   1 1 1 0 1       4
// B          a         [a,b]         c     true    true   1 1 0 0 1       3
// C          a         [a,c]         c     true    true   1 0 0 0 1       2
// D          b         [c]           c     false   true   0 0 0 1 1       2
// E          b         [c]           c     false   true   0 0 0 1 1       2
const ANSWERS: Record<string, Record<string, Answer>> = {
  A: { q1: { optionId: "a" }, q2: { optionIds: ["a", "b"] }, q3: { optionId: "a" }, q4: { value: true }, q5: { value: true } },
  B: { q1: { optionId: "a" }, q2: { optionIds: ["a", "b"] }, q3: { optionId: "c" }, q4: { value: true }, q5: { value: true } },
  C: { q1: { optionId: "a" }, q2: { optionIds: ["a", "c"] }, q3: { optionId: "c" }, q4: { value: true }, q5: { value: true } },
  D: { q1: { optionId: "b" }, q2: { optionIds: ["c"] }, q3: { optionId: "c" }, q4: { value: false }, q5: { value: true } },
  E: { q1: { optionId: "b" }, q2: { optionIds: ["c"] }, q3: { optionId: "c" }, q4: { value: false }, q5: { value: true } },
};
const Q1_MS: Record<string, number> = { A: 10_000, B: 20_000, C: 30_000, D: 40_000 };

function attempt(learnerId: string, submittedAt: number, answers: Record<string, Answer>, answerMs: Record<string, number> = {}, on = quiz): SubmittedAttempt {
  return { learnerId, submittedAt, grades: gradeAttempt(on, answers).questions, answers, answerMs };
}

const fiveLearners = Object.entries(ANSWERS).map(([id, answers], i) => attempt(id, 1_000 + i, answers, id in Q1_MS ? { q1: Q1_MS[id] } : {}));

function question(stats: { questions: QuestionStatistics[] }, id: string) {
  const found = stats.questions.find((q) => q.questionId === id);
  if (!found?.hasEnoughData) throw new Error(`${id} has no figures`);
  return found;
}

describe("quiz statistics", () => {
  const stats = quizStatistics(quiz, fiveLearners);

  it("gives each question's facility as its mean score", () => {
    expect(stats.learners).toBe(5);
    expect(question(stats, "q1").facility).toBeCloseTo(0.6, 10);
    expect(question(stats, "q2").facility).toBeCloseTo(0.4, 10);
    expect(question(stats, "q3").facility).toBeCloseTo(0.2, 10);
    expect(question(stats, "q4").facility).toBeCloseTo(0.4, 10);
    expect(question(stats, "q5").facility).toBe(1);
  });

  it("gives the corrected item–total correlation", () => {
    // Totals minus the item: q1 x=[1,1,1,0,0] rest=[3,2,1,2,2]; means .6 and 2; Σdxdy = .4(1+0-1)-.6(0+0) = 0 → r = 0.
    expect(question(stats, "q1").discrimination).toBeCloseTo(0, 10);
    // q2 x=[1,1,0,0,0] rest=[3,2,2,2,2]; means .4, 2.2; Σdxdy = .6·.8+.6·(-.2)+3·(-.4)(-.2) = .6;
    // Σdx² = 1.2, Σdy² = .64+4·.04 = .8 → r = .6/√.96 = 0.612372.
    expect(question(stats, "q2").discrimination).toBeCloseTo(0.6 / Math.sqrt(0.96), 10);
    expect(question(stats, "q2").discrimination).toBeCloseTo(0.612372, 6);
    // q3 x=[1,0,0,0,0] rest=[3,3,2,2,2]; means .2, 2.4; Σdxdy = .8·.6+(-.2)(.6)+3(-.2)(-.4) = .6;
    // Σdx² = .8, Σdy² = 2·.36+3·.16 = 1.2 → r = .6/√.96.
    expect(question(stats, "q3").discrimination).toBeCloseTo(0.612372, 6);
    // q4 x=[0,0,0,1,1] rest=[4,3,2,1,1]; means .4, 2.2; Σdxdy = -.4(1.8+.8-.2)+.6(-1.2-1.2) = -2.4;
    // Σdx² = 1.2, Σdy² = 3.24+.64+.04+1.44+1.44 = 6.8 → r = -2.4/√8.16 = -0.840168.
    expect(question(stats, "q4").discrimination).toBeCloseTo(-0.840168, 6);
  });

  it("leaves the discrimination undefined, not NaN, when the item has no variance", () => {
    expect(question(stats, "q5").discrimination).toBeNull();
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearson([0, 1, 0], [2, 2, 2])).toBeNull();
  });

  it("flags very easy, very hard and negatively discriminating questions", () => {
    expect(question(stats, "q1").flags).toEqual([]);
    expect(question(stats, "q2").flags).toEqual([]);
    expect(question(stats, "q3").flags).toEqual(["very-hard"]);
    expect(question(stats, "q4").flags).toEqual(["negative-discrimination"]);
    expect(question(stats, "q5").flags).toEqual(["very-easy"]);
  });

  it("gives each option's share of the attempts", () => {
    const shares = (id: string) => {
      const breakdown = question(stats, id).breakdown;
      if (breakdown.kind !== "options") throw new Error("not options");
      return Object.fromEntries(breakdown.options.map((o) => [o.id, [o.share, o.isCorrect]]));
    };
    expect(shares("q1")).toEqual({ a: [0.6, true], b: [0.4, false], c: [0, false] });
    // Multiple choice: each option on its own, so the shares add up to more than 1.
    expect(shares("q2")).toEqual({ a: [0.6, true], b: [0.4, true], c: [0.6, false] });
    expect(shares("q4")).toEqual({ true: [0.6, false], false: [0.4, true] });
    // Fewer than 20 attempts: an option nobody picked (q1's c) is not yet a flagged distractor.
    expect(question(stats, "q1").unusedDistractors).toEqual([]);
  });

  it("gives the median time over the attempts with a known time", () => {
    // 10, 20, 30, 40 s (E has none) → (20 + 30) / 2.
    expect(question(stats, "q1").medianSeconds).toBe(25);
    expect(question(stats, "q2").medianSeconds).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
  });

  it("rolls the questions up by cited instrument and article, hardest first", () => {
    expect(stats.byCitation.map((r) => [r.key, r.locator, r.questionIds, Number(r.meanFacility.toFixed(6))])).toEqual([
      ["som-protocol", "art. 6(4)", ["q3"], 0.2],
      ["tip-protocol", "art. 3(c)", ["q4"], 0.4],
      // "art. 3(a)" and "art.  3(a)" are one article: whitespace in the locator does not split a group.
      ["tip-protocol", "art. 3(a)", ["q1", "q2"], 0.5],
      ["som-protocol", null, ["q5"], 1],
    ]);
    // tip: (.6 + .4 + .4) / 3 = .466667; som: (.2 + 1) / 2 = .6.
    expect(stats.byInstrument.map((r) => [r.key, Number(r.meanFacility.toFixed(6))])).toEqual([
      ["tip-protocol", 0.466667],
      ["som-protocol", 0.6],
    ]);
  });
});

describe("the five-learner threshold", () => {
  it("shows no figures with four learners", () => {
    const stats = quizStatistics(quiz, fiveLearners.slice(0, 4));
    expect(stats.learners).toBe(4);
    expect(stats.hasEnoughData).toBe(false);
    expect(stats.questions.every((q) => !q.hasEnoughData && !("facility" in q))).toBe(true);
    expect(stats.byCitation).toEqual([]);
    expect(stats.byInstrument).toEqual([]);
  });

  it("counts learners, not attempts: four learners with five attempts are still too few", () => {
    const again = attempt("A", 9_000, ANSWERS.E);
    const stats = quizStatistics(quiz, [...fiveLearners.slice(0, 4), again]);
    expect(stats.submittedAttempts).toBe(5);
    expect(stats.learners).toBe(4);
    expect(stats.hasEnoughData).toBe(false);
  });

  it("shows figures from five learners", () => {
    const stats = quizStatistics(quiz, fiveLearners);
    expect(stats.hasEnoughData).toBe(true);
    expect(stats.questions.every((q) => q.hasEnoughData)).toBe(true);
  });

  it("counts each learner's first submitted attempt", () => {
    // A later attempt by A with D's answers, and an earlier one by E listed last: the figures stay those of the
    // first attempts, except that E's earlier attempt (with A's answers) now counts instead of E's.
    const later = attempt("A", 99_000, ANSWERS.D);
    expect(quizStatistics(quiz, [...fiveLearners, later]).questions).toEqual(quizStatistics(quiz, fiveLearners).questions);
    const earlierE = attempt("E", 1, ANSWERS.A);
    const kept = firstAttemptPerLearner([...fiveLearners, earlierE]);
    expect(kept.find((a) => a.learnerId === "E")).toBe(earlierE);
    expect(question(quizStatistics(quiz, [...fiveLearners, earlierE]), "q3").facility).toBeCloseTo(0.4, 10);
  });
});

describe("distractors nobody picks", () => {
  const single: QuizDefinition = { ...quiz, questions: [quiz.questions[0]] };
  const learners = (count: number) =>
    Array.from({ length: count }, (_, i) => attempt(`L${i}`, i, { q1: { optionId: i % 2 ? "a" : "b" } }, {}, single));

  it("flags an option with no picks from 20 attempts", () => {
    const stats = quizStatistics(single, learners(20));
    expect(question(stats, "q1").unusedDistractors).toEqual(["c"]);
    expect(question(stats, "q1").flags).toContain("unused-distractor");
  });

  it("does not flag it at 19", () => {
    expect(question(quizStatistics(single, learners(19)), "q1").flags).not.toContain("unused-distractor");
  });
});

describe("matching, ordering and scenario breakdowns", () => {
  const [, , , matching, ordering, scenario] = fixtureQuestions;
  const mixed: QuizDefinition = { id: "mixed", title: "Mixed", settings: quizSettings(), questions: [matching, ordering, scenario] };
  const right = { fee: "s", exploit: "t", deceive: "t", cross: "s" };
  const answers: Record<string, Answer>[] = [
    { "q-match": { placements: right }, "q-order": { order: ["separate", "interpret", "refer"] }, "q-case": { steps: { classify: { optionId: "victim" }, protect: { value: true } } } },
    { "q-match": { placements: right }, "q-order": { order: ["separate", "interpret", "refer"] }, "q-case": { steps: { classify: { optionId: "victim" }, protect: { value: false } } } },
    { "q-match": { placements: { ...right, cross: "t" } }, "q-order": { order: ["interpret", "refer", "separate"] }, "q-case": { steps: { classify: { optionId: "victim" }, protect: { value: true } } } },
    { "q-match": { placements: { ...right, cross: "t" } }, "q-order": { order: ["separate", "refer", "interpret"] }, "q-case": { steps: { classify: { optionId: "smuggled" }, indicators: { optionIds: ["debt", "papers"] }, protect: { value: true } } } },
    // The fifth learner left the matching and the ordering unanswered and stopped the scenario after one step.
    { "q-case": { steps: { classify: { optionId: "smuggled" } } } },
  ];
  const stats = quizStatistics(mixed, answers.map((a, i) => attempt(`M${i}`, i, a, {}, mixed)));

  it("gives matching as each item's share per category", () => {
    const breakdown = question(stats, "q-match").breakdown;
    expect(breakdown.kind).toBe("placements");
    if (breakdown.kind !== "placements") return;
    expect(breakdown.unanswered).toBeCloseTo(0.2, 10);
    const cross = breakdown.items.find((item) => item.id === "cross");
    // cross → s by learners 1, 2; → t by 3, 4; none by 5.
    expect(cross).toEqual({ id: "cross", correct: "s", shares: { t: 0.4, s: 0.4 }, correctShare: 0.4 });
    // Facility: item shares 1, 1, .75, .75, 0 → 3.5 / 5.
    expect(question(stats, "q-match").facility).toBeCloseTo(0.7, 10);
  });

  it("gives ordering as each item's share per position", () => {
    const breakdown = question(stats, "q-order").breakdown;
    if (breakdown.kind !== "positions") throw new Error("not positions");
    // separate: first for learners 1, 2, 4; last for 3.
    expect(breakdown.items[0]).toEqual({ id: "separate", correct: 0, shares: [0.6, 0, 0.2], correctShare: 0.6 });
    expect(breakdown.unanswered).toBeCloseTo(0.2, 10);
  });

  it("gives a scenario per step, with figures only for steps five learners reached", () => {
    const breakdown = question(stats, "q-case").breakdown;
    if (breakdown.kind !== "steps") throw new Error("not steps");
    const [classify, indicators, protect] = breakdown.steps;
    expect(classify).toMatchObject({ id: "classify", reached: 5, reachedShare: 1, hasEnoughData: true, facility: 0.6 });
    if (classify.hasEnoughData) expect(classify.options.map((o) => [o.id, o.share])).toEqual([["smuggled", 0.4], ["victim", 0.6]]);
    // One learner went through "indicators", four reached "protect" (the fifth stopped before it): too few for figures.
    // Not even the number that reached them is given.
    expect(indicators).toEqual({ id: "indicators", type: "multiple", hasEnoughData: false });
    expect(protect).toEqual({ id: "protect", type: "true-false", hasEnoughData: false });
  });
});

describe("citations", () => {
  it("splits key and locator as the format writes them", () => {
    expect(splitCitation("tip-protocol, art. 3(a)")).toEqual({ key: "tip-protocol", locator: "art. 3(a)" });
    expect(splitCitation("echr")).toEqual({ key: "echr", locator: null });
    expect(splitCitation("echr, ")).toEqual({ key: "echr", locator: null });
  });
});
