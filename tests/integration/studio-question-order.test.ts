// Deleting and reordering a draft quiz's questions in the question editor (issue 13): plain forms, a confirmation
// step before deleting, the drafts' revision check (a stale page is a 409, nothing written), the compiler's refusal
// of a change that makes the course invalid, and an audit record of each change.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import * as editor from "~/routes/studio.drafts.$draftId.quiz.$module.$question";
import { readDraftFile } from "~/studio/drafts.server";
import { quizQuestions } from "~/studio/question-yaml";
import { createCourseDraft } from "~/studio/workflow.server";
import { freshDatabase } from "./db";
import { call, formRequest, getRequest } from "./http";
import { insertAccount, type Account } from "../support/accounts";
import { draftOfFixtureCourse } from "../support/drafts";
import { auditEvents } from "#db/tables";

const MODULE = "01-definitions";
const QUIZ = `${MODULE}/quiz.yaml`;
let draftId: string;
let trainer: Account;

const params = (question: string, draft = draftId, module = MODULE) => ({ draftId: draft, module, question });
const url = (question: string, draft = draftId, module = MODULE) => `/studio/drafts/${draft}/quiz/${module}/${question}`;
const ids = async () => quizQuestions((await readDraftFile(draftId, QUIZ)).text!).map((q) => q.id);
const revision = async () => (await readDraftFile(draftId, QUIZ)).revision;

async function post(question: string, fields: Record<string, string>, draft = draftId, module = MODULE) {
  return call(editor.action, formRequest(url(question, draft, module), fields, { cookie: trainer.cookie }), params(question, draft, module));
}

beforeAll(async () => {
  await freshDatabase();
  trainer = await insertAccount({ role: "trainer" });
  draftId = await draftOfFixtureCourse(trainer.id);
});

describe("reordering questions", () => {
  it("moves a question up, saves the quiz file once and records it in the audit log", async () => {
    const before = await ids();
    const moved = await post("2", { intent: "question-up", revision: String(await revision()) });
    expect(moved.status).toBe(302);
    expect(moved.headers.get("Location")).toBe(`${url("1")}?done=moved`);
    expect(await ids()).toEqual([before[1], before[0], ...before.slice(2)]);
    expect(await revision()).toBe(2);
    // The translation keeps the original's order (the compiler requires it), in the same write.
    expect(quizQuestions((await readDraftFile(draftId, `${MODULE}/quiz.fr.yaml`)).text!).map((q) => q.id)).toEqual(await ids());
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subject, draftId), eq(auditEvents.action, "draft.file-saved")));
    expect(audits.map((a) => a.details)).toContainEqual(expect.objectContaining({ path: QUIZ, question: { id: before[1], movedFrom: 2, movedTo: 1 } }));
  });

  it("moves a question down, and leaves the last question where it is", async () => {
    const before = await ids();
    expect((await post("1", { intent: "question-down", revision: String(await revision()) })).status).toBe(302);
    expect(await ids()).toEqual([before[1], before[0], ...before.slice(2)]);
    const current = await revision();
    const last = String(before.length);
    const unchanged = await post(last, { intent: "question-down", revision: String(current) });
    expect(unchanged.headers.get("Location")).toBe(`${url(last)}?done=moved`);
    expect(await revision()).toBe(current);
  });

  it("refuses a move from a stale page with a 409 and writes nothing", async () => {
    const before = await ids();
    const current = await revision();
    const stale = await post("3", { intent: "question-up", revision: String(current - 1) });
    expect(stale.status).toBe(409);
    expect(await ids()).toEqual(before);
    expect(await revision()).toBe(current);
  });
});

describe("deleting a question", () => {
  it("asks for confirmation first", async () => {
    const before = await ids();
    const asked = await post("2", { intent: "question-delete", revision: String(await revision()) });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("Location")).toBe(`${url("2")}?delete=1`);
    expect(await ids()).toEqual(before);
    const page = await call(editor.loader, getRequest(`${url("2")}?delete=1`, { cookie: trainer.cookie }), params("2"));
    expect(page.body).toMatchObject({ isConfirmingDelete: true, index: 1 });
  });

  it("deletes the question once confirmed, keeping the others in order", async () => {
    const before = await ids();
    const current = await revision();
    const deleted = await post("2", { intent: "question-delete", confirm: "1", revision: String(current) });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("Location")).toBe(`${url("2")}?done=deleted`);
    expect(await ids()).toEqual([before[0], ...before.slice(2)]);
    expect(await revision()).toBe(current + 1);
    expect(quizQuestions((await readDraftFile(draftId, `${MODULE}/quiz.fr.yaml`)).text!).map((q) => q.id)).toEqual(await ids());
    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.subject, draftId), eq(auditEvents.action, "draft.file-saved")));
    expect(audits.map((a) => a.details)).toContainEqual(expect.objectContaining({ question: { id: before[1], deletedFrom: 2 } }));
  });

  it("refuses a confirmed delete from a stale page", async () => {
    const before = await ids();
    const stale = await post("3", { intent: "question-delete", confirm: "1", revision: "1" });
    expect(stale.status).toBe(409);
    expect(await ids()).toEqual(before);
  });

  it("refuses to delete a quiz's only question with the compiler's message, writing nothing", async () => {
    const single = await createCourseDraft({ id: trainer.id, role: "trainer", isReviewer: false }, { slug: "one-question", title: "One question" });
    const path = "01-introduction/quiz.yaml";
    const file = await readDraftFile(single, path);
    const refused = await post("1", { intent: "question-delete", confirm: "1", revision: String(file.revision) }, single, "01-introduction");
    expect(refused.status).toBe(400);
    expect((refused.body as { orderErrors: string[] }).orderErrors.join("\n")).toMatch(/quiz\.yaml/);
    expect(await readDraftFile(single, path)).toEqual(file);
  });

  it("answers 404 for a question the quiz does not have", async () => {
    expect((await post("99", { intent: "question-up", revision: String(await revision()) })).status).toBe(404);
    expect((await post("new-single", { intent: "question-delete", confirm: "1", revision: String(await revision()) })).status).toBe(404);
  });
});
