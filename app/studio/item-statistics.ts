// Question (item) statistics for trainers, pure: submitted attempts in, aggregates out (ADR 0028). Nothing in the
// result names or counts an individual learner: a question shows figures only once MIN_LEARNERS distinct learners
// have a counted attempt, and learner ids are used only to keep one attempt per learner.
//
// Definitions (classical test theory, e.g. Crocker & Algina, Introduction to Classical and Modern Test Theory, ch. 14):
// - facility: the mean item score (0..1) across counted attempts, an unanswered question scoring 0 as it was graded;
// - discrimination: the corrected item–total correlation, Pearson's r between the item score and the attempt's total
//   points minus that item's points ("corrected": the item is not correlated with itself). Undefined (null) when
//   either variance is zero: everybody scored the same on the item, or on the rest of the quiz;
// - option distribution: the share of counted attempts that chose each option (multiple choice: shares add up to
//   more than 1); matching: for each item, the share placing it in each category; ordering: for each item, the share
//   putting it in each position; scenario: for each step, the share of attempts that reached it, its facility and
//   its option distribution among those who reached it.
import type { Answer, StepAnswer } from "~/quiz/answers";
import type { QuestionGrade } from "~/quiz/grading";
import type { Question, QuizDefinition, ScenarioStep } from "~/courses/format";

/** Below this many distinct learners a question (or a scenario step) shows "not enough data", never figures. */
export const MIN_LEARNERS = 5;
/** A distractor nobody picked is flagged only from this many answers on: with fewer, zero picks says little. */
export const UNUSED_DISTRACTOR_MIN_ATTEMPTS = 20;
export const VERY_EASY_ABOVE = 0.9;
export const VERY_HARD_BELOW = 0.3;

/** One submitted attempt, as the quiz capability graded it. */
export type SubmittedAttempt = {
  /** Only to keep one attempt per learner; never part of the result. */
  learnerId: string;
  submittedAt: number;
  /** The stored grading of each question (gradeAttempt of the attempt's answers, with scenario step scores). */
  grades: QuestionGrade[];
  answers: Record<string, Answer>;
  /** Milliseconds the learner took to give each question's answers (see the quiz capability); absent when unknown. */
  answerMs: Record<string, number>;
};

export type Flag = "very-easy" | "very-hard" | "negative-discrimination" | "unused-distractor";

export type OptionShare = { id: string; isCorrect: boolean; picks: number; share: number };
export type Breakdown =
  | { kind: "options"; options: OptionShare[]; unanswered: number }
  | {
      kind: "placements";
      categories: string[];
      items: { id: string; correct: string; shares: Record<string, number>; correctShare: number }[];
      unanswered: number;
    }
  | { kind: "positions"; items: { id: string; correct: number; shares: number[]; correctShare: number }[]; unanswered: number }
  | { kind: "steps"; steps: StepStatistics[] };

export type StepStatistics =
  // Below the threshold not even how many reached the step is given: it could single out a learner's path.
  | { id: string; type: ScenarioStep["type"]; hasEnoughData: false }
  | {
      id: string;
      type: ScenarioStep["type"];
      reached: number;
      reachedShare: number;
      hasEnoughData: true;
      facility: number;
      options: OptionShare[];
    };

export type Citation = { key: string; locator: string | null };

export type QuestionStatistics =
  | { questionId: string; type: Question["type"]; citation: Citation; learners: number; hasEnoughData: false }
  | {
      questionId: string;
      type: Question["type"];
      citation: Citation;
      learners: number;
      hasEnoughData: true;
      facility: number;
      /** null: undefined, because the item or the rest of the quiz has zero variance. */
      discrimination: number | null;
      /** null when no counted attempt answered it with a known time. */
      medianSeconds: number | null;
      flags: Flag[];
      /** Option ids (scenario: `step/option`) nobody picked, when flagged. */
      unusedDistractors: string[];
      breakdown: Breakdown;
    };

export type CitationRollup = { key: string; locator: string | null; questionIds: string[]; meanFacility: number };
export type InstrumentRollup = { key: string; questionIds: string[]; meanFacility: number };

export type QuizStatistics = {
  /** Submitted attempts given, before keeping one per learner. */
  submittedAttempts: number;
  /** Distinct learners, i.e. attempts counted. */
  learners: number;
  hasEnoughData: boolean;
  questions: QuestionStatistics[];
  /** Questions with figures, grouped by cited instrument and locator, lowest mean facility first. */
  byCitation: CitationRollup[];
  byInstrument: InstrumentRollup[];
};

/**
 * One attempt per learner: the first submitted. A learner's later attempts follow the feedback and review of the
 * first (the correct answers may have been shown), so they measure memory of the review rather than the question;
 * the first attempt is the one every learner took under the same conditions.
 */
export function firstAttemptPerLearner(attempts: readonly SubmittedAttempt[]): SubmittedAttempt[] {
  const first = new Map<string, SubmittedAttempt>();
  for (const attempt of attempts) {
    const kept = first.get(attempt.learnerId);
    if (!kept || attempt.submittedAt < kept.submittedAt) first.set(attempt.learnerId, attempt);
  }
  return [...first.values()];
}

/** `key` or `key, locator`, as a question's `citation` field is written (courses/README.md). */
export function splitCitation(text: string): Citation {
  const comma = text.indexOf(",");
  if (comma === -1) return { key: text.trim(), locator: null };
  const locator = text.slice(comma + 1).trim().replace(/\s+/g, " ");
  return { key: text.slice(0, comma).trim(), locator: locator || null };
}

export function quizStatistics(quiz: QuizDefinition, submitted: readonly SubmittedAttempt[]): QuizStatistics {
  const attempts = firstAttemptPerLearner(submitted);
  const n = attempts.length;
  const gradesById = attempts.map((attempt) => new Map(attempt.grades.map((grade) => [grade.questionId, grade])));
  const totals = attempts.map((attempt) => attempt.grades.reduce((sum, grade) => sum + grade.points, 0));
  const questions = quiz.questions.map((question): QuestionStatistics => {
    const citation = splitCitation(question.citation);
    const head = { questionId: question.id, type: question.type, citation, learners: n };
    if (n < MIN_LEARNERS) return { ...head, hasEnoughData: false };
    const grades = gradesById.map((byId) => byId.get(question.id));
    const scores = grades.map((grade) => grade?.score ?? 0);
    const rest = grades.map((grade, i) => totals[i] - (grade?.points ?? 0));
    const facility = mean(scores);
    const discrimination = pearson(scores, rest);
    const answers = attempts.map((attempt) => attempt.answers[question.id]);
    const breakdown = breakdownOf(question, answers, grades);
    const unusedDistractors = unusedDistractorsOf(breakdown, n);
    const flags: Flag[] = [];
    if (facility > VERY_EASY_ABOVE) flags.push("very-easy");
    if (facility < VERY_HARD_BELOW) flags.push("very-hard");
    if (discrimination !== null && discrimination < 0) flags.push("negative-discrimination");
    if (unusedDistractors.length) flags.push("unused-distractor");
    const times = attempts.map((attempt) => attempt.answerMs[question.id]).filter((ms): ms is number => typeof ms === "number" && ms >= 0);
    const medianMs = median(times);
    return {
      ...head,
      hasEnoughData: true,
      facility,
      discrimination,
      medianSeconds: medianMs === null ? null : medianMs / 1000,
      flags,
      unusedDistractors,
      breakdown,
    };
  });
  return { submittedAttempts: submitted.length, learners: n, hasEnoughData: n >= MIN_LEARNERS, questions, ...rollups(questions) };
}

function rollups(questions: QuestionStatistics[]) {
  const withFigures = questions.filter((q): q is Extract<QuestionStatistics, { hasEnoughData: true }> => q.hasEnoughData);
  const byCitation = new Map<string, { key: string; locator: string | null; questionIds: string[]; facilities: number[] }>();
  const byInstrument = new Map<string, { key: string; questionIds: string[]; facilities: number[] }>();
  for (const question of withFigures) {
    const { key, locator } = question.citation;
    const citationKey = `${key}\u0000${locator ?? ""}`;
    const group = byCitation.get(citationKey) ?? { key, locator, questionIds: [], facilities: [] };
    group.questionIds.push(question.questionId);
    group.facilities.push(question.facility);
    byCitation.set(citationKey, group);
    const instrument = byInstrument.get(key) ?? { key, questionIds: [], facilities: [] };
    instrument.questionIds.push(question.questionId);
    instrument.facilities.push(question.facility);
    byInstrument.set(key, instrument);
  }
  // Every question of a version has the same number of counted attempts, so the plain mean of facilities is also
  // the attempt-weighted one.
  const byFacility = (a: { meanFacility: number; key: string; locator?: string | null }, b: typeof a) =>
    a.meanFacility - b.meanFacility || a.key.localeCompare(b.key) || (a.locator ?? "").localeCompare(b.locator ?? "", undefined, { numeric: true });
  return {
    byCitation: [...byCitation.values()]
      .map(({ facilities, ...group }) => ({ ...group, meanFacility: mean(facilities) }))
      .sort(byFacility),
    byInstrument: [...byInstrument.values()]
      .map(({ facilities, ...group }) => ({ ...group, meanFacility: mean(facilities) }))
      .sort(byFacility),
  };
}

function breakdownOf(question: Question, answers: (Answer | undefined)[], grades: (QuestionGrade | undefined)[]): Breakdown {
  const n = answers.length;
  switch (question.type) {
    case "single":
    case "multiple":
    case "true-false": {
      const { options, answered } = optionShares(question, answers as (StepAnswer | undefined)[], n);
      return { kind: "options", options, unanswered: (n - answered) / n };
    }
    case "matching": {
      const placed = answers.filter((answer): answer is Extract<Answer, { placements: unknown }> => !!answer && "placements" in answer);
      const categories = question.categories.map((category) => category.id);
      const items = question.items.map((item) => {
        const shares = Object.fromEntries(
          categories.map((category) => [category, placed.filter((answer) => answer.placements[item.id] === category).length / n]),
        );
        return { id: item.id, correct: item.category, shares, correctShare: shares[item.category] ?? 0 };
      });
      return { kind: "placements", categories, items, unanswered: (n - placed.length) / n };
    }
    case "ordering": {
      const ordered = answers.filter((answer): answer is Extract<Answer, { order: unknown }> => !!answer && "order" in answer);
      const items = question.items.map((item, correct) => {
        const shares = question.items.map((_, position) => ordered.filter((answer) => answer.order[position] === item.id).length / n);
        return { id: item.id, correct, shares, correctShare: shares[correct] };
      });
      return { kind: "positions", items, unanswered: (n - ordered.length) / n };
    }
    case "scenario": {
      const steps = question.steps.map((step): StepStatistics => {
        // A step counts for an attempt when its answer is on the path the grading walked (answers off the path are
        // dropped by the machine, and the grading lists the path first).
        const reachedBy: { answer: StepAnswer; score: number }[] = [];
        answers.forEach((answer, i) => {
          const stepAnswer = answer && "steps" in answer ? answer.steps[step.id] : undefined;
          const stepGrade = grades[i]?.steps?.find((candidate) => candidate.stepId === step.id && candidate.isAnswered);
          if (stepAnswer && stepGrade) reachedBy.push({ answer: stepAnswer, score: stepGrade.score });
        });
        const reached = reachedBy.length;
        if (reached < MIN_LEARNERS) return { id: step.id, type: step.type, hasEnoughData: false };
        const { options } = optionShares(step, reachedBy.map((entry) => entry.answer), reached);
        return {
          id: step.id,
          type: step.type,
          reached,
          reachedShare: reached / n,
          hasEnoughData: true,
          facility: mean(reachedBy.map((entry) => entry.score)),
          options,
        };
      });
      return { kind: "steps", steps };
    }
  }
}

/** Picks of each option among `answers`, as a share of `denominator`; true/false has the options "true" and "false". */
function optionShares(target: Extract<Question | ScenarioStep, { type: "single" | "multiple" | "true-false" }>, answers: (Answer | StepAnswer | undefined)[], denominator: number) {
  const chosenSets = answers.map((answer): Set<string> | null => {
    if (!answer) return null;
    if ("optionId" in answer) return new Set([answer.optionId]);
    if ("optionIds" in answer) return new Set(answer.optionIds);
    if ("value" in answer) return new Set([String(answer.value)]);
    return null;
  });
  const choices =
    target.type === "true-false"
      ? [
          { id: "true", isCorrect: target.answer === true },
          { id: "false", isCorrect: target.answer === false },
        ]
      : target.options.map((option) => ({ id: option.id, isCorrect: option.correct }));
  const options = choices.map((choice) => {
    const picks = chosenSets.filter((chosen) => chosen?.has(choice.id)).length;
    return { ...choice, picks, share: denominator ? picks / denominator : 0 };
  });
  return { options, answered: chosenSets.filter((chosen) => chosen !== null).length };
}

function unusedDistractorsOf(breakdown: Breakdown, n: number): string[] {
  if (breakdown.kind === "options") {
    if (n < UNUSED_DISTRACTOR_MIN_ATTEMPTS) return [];
    return breakdown.options.filter((option) => !option.isCorrect && option.picks === 0).map((option) => option.id);
  }
  if (breakdown.kind === "steps") {
    return breakdown.steps.flatMap((step) =>
      step.hasEnoughData && step.reached >= UNUSED_DISTRACTOR_MIN_ATTEMPTS
        ? step.options.filter((option) => !option.isCorrect && option.picks === 0).map((option) => `${step.id}/${option.id}`)
        : [],
    );
  }
  // Matching categories and ordering positions are not distractors: every category and position is in play for
  // some item, so "nobody picked it" has no meaning there.
  return [];
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// Below this a variance is float noise from summing fractions (1/3 + 1/3 + 1/3), not a real spread.
const ZERO_VARIANCE = 1e-12;

/** Pearson's r, or null when either series has zero variance (the correlation is then undefined, not 0). */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx / n < ZERO_VARIANCE || syy / n < ZERO_VARIANCE) return null;
  return sxy / Math.sqrt(sxx * syy);
}
