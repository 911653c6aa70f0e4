// The question editor route on a studio draft: who may use it, list edits without saving, validation by the course
// compiler with messages on fields, saving through the drafts' revision check.
import { beforeAll, describe, expect, it } from "vitest";
import * as editor from "~/routes/studio.drafts.$draftId.quiz.$module.$question";
import { readDraftFile } from "~/studio/drafts.server";
import { quizQuestions } from "~/studio/question-yaml";
import { freshDatabase } from "./db";
import { call, formRequest, getRequest } from "./http";
import { insertAccount, type Account } from "../support/accounts";
import { draftOfFixtureCourse } from "../support/drafts";

const MODULE = "01-definitions";
let draftId: string;
let trainer: Account;
let learner: Account;

type Loaded = { fields: Record<string, string>; revision: number; index: number };
type Acted = { fields: Record<string, string>; errors: Record<string, string[]> };

const params = (question: string) => ({ draftId, module: MODULE, question });
const url = (question: string) => `/studio/drafts/${draftId}/quiz/${MODULE}/${question}`;

beforeAll(async () => {
  await freshDatabase();
  trainer = await insertAccount({ role: "trainer" });
  learner = await insertAccount();
  draftId = await draftOfFixtureCourse(trainer.id);
});

describe("the question editor route", () => {
  it("refuses learners", async () => {
    expect((await call(editor.loader, getRequest(url("1"), { cookie: learner.cookie }), params("1"))).status).toBe(403);
    expect((await call(editor.action, formRequest(url("1"), { intent: "save" }, { cookie: learner.cookie }), params("1"))).status).toBe(403);
  });

  it("loads a question as form fields with the quiz file's revision", async () => {
    const result = await call(editor.loader, getRequest(url("1"), { cookie: trainer.cookie }), params("1"));
    expect(result.status).toBe(200);
    const body = result.body as Loaded;
    expect(body.fields).toMatchObject({ id: "child-means", type: "single" });
    expect(body.revision).toBe(1);
    expect((await call(editor.loader, getRequest(url("99"), { cookie: trainer.cookie }), params("99"))).status).toBe(404);
  });

  it("adds an option without saving", async () => {
    const loaded = (await call(editor.loader, getRequest(url("1"), { cookie: trainer.cookie }), params("1"))).body as Loaded;
    const result = await call(editor.action, formRequest(url("1"), { ...loaded.fields, intent: "add:options", revision: "1" }, { cookie: trainer.cookie }), params("1"));
    expect((result.body as Acted).fields["options.3.id"]).toBe("option-4");
    expect((await readDraftFile(draftId, `${MODULE}/quiz.yaml`)).revision).toBe(1);
  });

  it("refuses an invalid question with the compiler's message on its field, and saves nothing", async () => {
    const loaded = (await call(editor.loader, getRequest(url("1"), { cookie: trainer.cookie }), params("1"))).body as Loaded;
    const fields = { ...loaded.fields, citation: "nowhere" };
    const result = await call(editor.action, formRequest(url("1"), { ...fields, intent: "save", revision: "1" }, { cookie: trainer.cookie }), params("1"));
    expect(result.status).toBe(400);
    expect((result.body as Acted).errors.citation).toEqual(['question "child-means" has unknown citation key "nowhere"']);
    expect((await readDraftFile(draftId, `${MODULE}/quiz.yaml`)).revision).toBe(1);
  });

  it("adds a new single-choice question, then refuses a save from a stale revision", async () => {
    const loaded = (await call(editor.loader, getRequest(url("new-single"), { cookie: trainer.cookie }), params("new-single"))).body as Loaded;
    const fields = {
      ...loaded.fields,
      prompt: "Who must prove the means element for a child victim?",
      "options.0.text": "Nobody: it is not required",
      "options.0.feedback": "Right: art. 3(c).",
      "options.1.text": "The prosecution",
      "options.1.feedback": "Not for a child.",
      explanation: "Article 3(c) removes the means element for children.",
      citation: "tip-protocol, art. 3(c)",
    };
    const saved = await call(editor.action, formRequest(url("new-single"), { ...fields, intent: "save", revision: "1" }, { cookie: trainer.cookie }), params("new-single"));
    expect(saved.status).toBe(302);
    const file = await readDraftFile(draftId, `${MODULE}/quiz.yaml`);
    expect(file.revision).toBe(2);
    expect(quizQuestions(file.text!).at(-1)).toMatchObject({ id: loaded.fields.id, type: "single", citation: "tip-protocol, art. 3(c)" });
    const stale = await call(editor.action, formRequest(url("new-single"), { ...fields, id: "another-one", intent: "save", revision: "1" }, { cookie: trainer.cookie }), params("new-single"));
    expect(stale.status).toBe(409);
    expect((await readDraftFile(draftId, `${MODULE}/quiz.yaml`)).revision).toBe(2);
  });
});
