// Plain HTML forms → quiz machine events, at the route: field names are the page's business, not the quiz
// domain's, which only ever sees machine events. The attempt page works without JavaScript, so every learner action
// is a form post: `intent` names the event, and the answer's fields depend on the question type:
//   single: option · multiple: option (repeated) · true-false: value=true|false
//   matching: place.<itemId>=<categoryId> · ordering: position.<itemId>=<1..n>
// The machine validates the answer itself (unknown ids, incomplete answers); this only gives it its shape.
import type { QuizDefinition } from "~/courses/format";
import type { QuizEvent } from "~/quiz/machine";

export type FormFields = Record<string, string | string[] | undefined>;

export type Parsed = { ok: true; event: QuizEvent } | { ok: false; reason: "invalid-event" | "unknown-question" | "unknown-step" };

const INTENTS = ["ANSWER", "NEXT", "PREVIOUS", "GOTO", "FLAG", "REVIEW", "SUBMIT", "ABANDON"] as const;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const many = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export function eventFromForm(quiz: QuizDefinition, fields: FormFields, at: number): Parsed {
  const intent = one(fields.intent);
  if (!INTENTS.includes(intent as (typeof INTENTS)[number])) return { ok: false, reason: "invalid-event" };
  switch (intent) {
    case "GOTO": {
      const index = Number(one(fields.index));
      return Number.isInteger(index) ? { ok: true, event: { type: "GOTO", index, at } } : { ok: false, reason: "invalid-event" };
    }
    case "FLAG": {
      const questionId = one(fields.questionId);
      return questionId ? { ok: true, event: { type: "FLAG", questionId, at } } : { ok: false, reason: "invalid-event" };
    }
    case "ANSWER":
      return answerEvent(quiz, fields, at);
    default:
      return { ok: true, event: { type: intent as "NEXT" | "PREVIOUS" | "REVIEW" | "SUBMIT" | "ABANDON", at } };
  }
}

function answerEvent(quiz: QuizDefinition, fields: FormFields, at: number): Parsed {
  const questionId = one(fields.questionId);
  const question = quiz.questions.find((q) => q.id === questionId);
  if (!question || !questionId) return { ok: false, reason: "unknown-question" };
  const stepId = one(fields.stepId) || undefined;
  let target: { type: string; items?: { id: string }[] } = question;
  if (question.type === "scenario") {
    const step = question.steps.find((s) => s.id === stepId);
    if (!step) return { ok: false, reason: "unknown-step" };
    target = step;
  }
  const answer = answerFields(target, fields);
  return { ok: true, event: { type: "ANSWER", questionId, ...(stepId ? { stepId } : {}), answer, at } };
}

function answerFields(target: { type: string; items?: { id: string }[] }, fields: FormFields): unknown {
  switch (target.type) {
    case "single":
      return { optionId: one(fields.option) };
    case "multiple":
      return { optionIds: many(fields.option) };
    case "true-false": {
      const value = one(fields.value);
      return { value: value === "true" ? true : value === "false" ? false : value };
    }
    case "matching":
      return {
        placements: Object.fromEntries((target.items ?? []).map((item) => [item.id, one(fields[`place.${item.id}`]) ?? ""])),
      };
    case "ordering": {
      const positions = (target.items ?? []).map((item) => ({ id: item.id, position: Number(one(fields[`position.${item.id}`])) }));
      const distinct = new Set(positions.map((p) => p.position));
      // Two items in the same place, or a place missing, is not an order: let the machine refuse it as incomplete.
      if (positions.some((p) => !Number.isInteger(p.position)) || distinct.size !== positions.length) return { order: [] };
      return { order: [...positions].sort((a, b) => a.position - b.position).map((p) => p.id) };
    }
    default:
      return undefined;
  }
}
