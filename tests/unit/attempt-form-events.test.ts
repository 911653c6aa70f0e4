// The attempt page's form fields → quiz machine events (app/routes/attempts.$attemptId/form-events.ts): the route's
// side of the boundary, so the quiz domain only ever sees machine events.
import { describe, expect, it } from "vitest";
import { eventFromForm } from "~/routes/attempts.$attemptId/form-events";
import { quiz } from "../support/quiz-fixtures";

const AT = 7_000;

describe("attempt form fields to machine events", () => {
  it("turns each question type's fields into its answer shape", () => {
    expect(eventFromForm(quiz, { intent: "ANSWER", questionId: "q-single", option: "a" }, AT)).toEqual({
      ok: true,
      event: { type: "ANSWER", questionId: "q-single", answer: { optionId: "a" }, at: AT },
    });
    expect(eventFromForm(quiz, { intent: "ANSWER", questionId: "q-multi", option: ["a", "c"] }, AT)).toMatchObject({
      event: { answer: { optionIds: ["a", "c"] } },
    });
    expect(eventFromForm(quiz, { intent: "ANSWER", questionId: "q-tf", value: "false" }, AT)).toMatchObject({ event: { answer: { value: false } } });
    expect(
      eventFromForm(quiz, { intent: "ANSWER", questionId: "q-match", "place.fee": "s", "place.exploit": "t" }, AT),
    ).toMatchObject({ event: { answer: { placements: { fee: "s", exploit: "t", deceive: "", cross: "" } } } });
    expect(
      eventFromForm(quiz, { intent: "ANSWER", questionId: "q-order", "position.separate": "2", "position.interpret": "1", "position.refer": "3" }, AT),
    ).toMatchObject({ event: { answer: { order: ["interpret", "separate", "refer"] } } });
    expect(eventFromForm(quiz, { intent: "ANSWER", questionId: "q-case", stepId: "protect", value: "true" }, AT)).toMatchObject({
      event: { questionId: "q-case", stepId: "protect", answer: { value: true } },
    });
  });

  it("gives two items the same place an empty order, for the machine to refuse as incomplete", () => {
    expect(
      eventFromForm(quiz, { intent: "ANSWER", questionId: "q-order", "position.separate": "1", "position.interpret": "1", "position.refer": "3" }, AT),
    ).toMatchObject({ event: { answer: { order: [] } } });
  });

  it("refuses unknown intents, questions and steps, and a GOTO without a whole index", () => {
    expect(eventFromForm(quiz, { intent: "DELETE" }, AT)).toEqual({ ok: false, reason: "invalid-event" });
    expect(eventFromForm(quiz, { intent: "ANSWER", questionId: "nope" }, AT)).toEqual({ ok: false, reason: "unknown-question" });
    expect(eventFromForm(quiz, { intent: "ANSWER", questionId: "q-case", stepId: "nope" }, AT)).toEqual({ ok: false, reason: "unknown-step" });
    expect(eventFromForm(quiz, { intent: "GOTO", index: "1.5" }, AT)).toEqual({ ok: false, reason: "invalid-event" });
    expect(eventFromForm(quiz, { intent: "GOTO", index: "2" }, AT)).toEqual({ ok: true, event: { type: "GOTO", index: 2, at: AT } });
  });
});
