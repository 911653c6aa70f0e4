// A learner's answer to each question type. zod checks the shape; membership (the option, item and category ids
// of THIS question) needs the question, so parseAnswer checks it on top and says exactly what is wrong.
import { z } from "zod";
import type { Question, ScenarioQuestion, ScenarioStep } from "~/courses/format";

const answerId = z.string().min(1).max(200);

export const SingleAnswer = z.object({ optionId: answerId }).strict();
export const MultipleAnswer = z
  .object({ optionIds: z.array(answerId).min(1, "choose at least one option") })
  .strict();
export const TrueFalseAnswer = z.object({ value: z.boolean() }).strict();
export const MatchingAnswer = z.object({ placements: z.record(answerId, answerId) }).strict();
export const OrderingAnswer = z.object({ order: z.array(answerId) }).strict();
export const StepAnswer = z.union([SingleAnswer, MultipleAnswer, TrueFalseAnswer]);
/** Scenario progress: the answer to each step on the path taken so far, keyed by step id. */
export const ScenarioAnswer = z.object({ steps: z.record(answerId, StepAnswer) }).strict();

export type SingleAnswer = z.infer<typeof SingleAnswer>;
export type MultipleAnswer = z.infer<typeof MultipleAnswer>;
export type TrueFalseAnswer = z.infer<typeof TrueFalseAnswer>;
export type MatchingAnswer = z.infer<typeof MatchingAnswer>;
export type OrderingAnswer = z.infer<typeof OrderingAnswer>;
export type StepAnswer = z.infer<typeof StepAnswer>;
export type ScenarioAnswer = z.infer<typeof ScenarioAnswer>;
export type Answer = SingleAnswer | MultipleAnswer | TrueFalseAnswer | MatchingAnswer | OrderingAnswer | ScenarioAnswer;

/** What one ANSWER event answers: a whole question, or one step of a scenario. */
export type AnswerTarget = Exclude<Question, ScenarioQuestion> | ScenarioStep;

export type AnswerCheck = { ok: true; answer: Answer } | { ok: false; message: string };

export function parseAnswer(target: AnswerTarget, raw: unknown): AnswerCheck {
  switch (target.type) {
    case "single": {
      const parsed = SingleAnswer.safeParse(raw);
      if (!parsed.success) return shapeError(parsed.error);
      const known = new Set(target.options.map((option) => option.id));
      if (!known.has(parsed.data.optionId)) return refuse(`unknown option "${parsed.data.optionId}"`);
      return { ok: true, answer: parsed.data };
    }
    case "multiple": {
      const parsed = MultipleAnswer.safeParse(raw);
      if (!parsed.success) return shapeError(parsed.error);
      const problem = idListProblem(parsed.data.optionIds, target.options.map((option) => option.id), "option");
      return problem ? refuse(problem) : { ok: true, answer: parsed.data };
    }
    case "true-false": {
      const parsed = TrueFalseAnswer.safeParse(raw);
      return parsed.success ? { ok: true, answer: parsed.data } : shapeError(parsed.error);
    }
    case "matching": {
      const parsed = MatchingAnswer.safeParse(raw);
      if (!parsed.success) return shapeError(parsed.error);
      const items = new Set(target.items.map((item) => item.id));
      const categories = new Set(target.categories.map((category) => category.id));
      for (const [itemId, categoryId] of Object.entries(parsed.data.placements)) {
        if (!items.has(itemId)) return refuse(`unknown item "${itemId}"`);
        if (!categories.has(categoryId)) return refuse(`unknown category "${categoryId}" for item "${itemId}"`);
      }
      const unplaced = target.items.find((item) => !(item.id in parsed.data.placements));
      if (unplaced) return refuse(`item "${unplaced.id}" is not placed`);
      return { ok: true, answer: parsed.data };
    }
    case "ordering": {
      const parsed = OrderingAnswer.safeParse(raw);
      if (!parsed.success) return shapeError(parsed.error);
      const itemIds = target.items.map((item) => item.id);
      const problem = idListProblem(parsed.data.order, itemIds, "item");
      if (problem) return refuse(problem);
      // An ordering answer is a permutation: every item exactly once.
      const missing = itemIds.find((id) => !parsed.data.order.includes(id));
      if (missing) return refuse(`item "${missing}" is missing from the order`);
      return { ok: true, answer: parsed.data };
    }
  }
}

function idListProblem(ids: string[], known: string[], noun: string): string | null {
  const seen = new Set<string>();
  for (const id of ids) {
    if (!known.includes(id)) return `unknown ${noun} "${id}"`;
    if (seen.has(id)) return `${noun} "${id}" appears twice`;
    seen.add(id);
  }
  return null;
}

function refuse(message: string): AnswerCheck {
  return { ok: false, message };
}

function shapeError(error: z.ZodError): AnswerCheck {
  return refuse(
    error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; "),
  );
}

// --- Scenario paths ------------------------------------------------------------------------------------------

/**
 * The step a step's answer leads to: the chosen option's `next`, else the step's `next`, else the end (null).
 * A multiple-choice step can have several chosen options; the first chosen option in the order the trainer wrote
 * them that has a `next` decides, so the route never depends on the order the learner clicked.
 */
export function nextStepId(step: ScenarioStep, answer: StepAnswer): string | null {
  if (step.type === "single" && "optionId" in answer) {
    return step.options.find((option) => option.id === answer.optionId)?.next ?? step.next ?? null;
  }
  if (step.type === "multiple" && "optionIds" in answer) {
    const chosen = step.options.filter((option) => answer.optionIds.includes(option.id) && option.next);
    return chosen[0]?.next ?? step.next ?? null;
  }
  return step.next ?? null;
}

export type ScenarioProgress = {
  /** The answered steps from `start`, in the order taken. */
  path: Array<{ step: ScenarioStep; answer: StepAnswer }>;
  /** The step waiting for an answer; null once the path has reached an end. */
  pending: ScenarioStep | null;
};

export function scenarioProgress(question: ScenarioQuestion, answer: ScenarioAnswer | undefined): ScenarioProgress {
  const stepsById = new Map(question.steps.map((step) => [step.id, step]));
  const path: ScenarioProgress["path"] = [];
  const visited = new Set<string>();
  let current = stepsById.get(question.start) ?? null;
  // The validator rejects cycles; `visited` only keeps a broken definition from looping forever.
  while (current && !visited.has(current.id)) {
    visited.add(current.id);
    const stepAnswer = answer?.steps[current.id];
    if (!stepAnswer) return { path, pending: current };
    path.push({ step: current, answer: stepAnswer });
    const next = nextStepId(current, stepAnswer);
    current = next === null ? null : stepsById.get(next) ?? null;
  }
  return { path, pending: null };
}

export function isScenarioAnswer(answer: Answer | undefined): answer is ScenarioAnswer {
  return answer !== undefined && "steps" in answer;
}
