// Moving modules and lessons in a draft from its page (issue 13: "modules (order …)"): plain forms, the files renamed
// together in one transaction, the course still valid, the move audited and counted as authorship (four eyes).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import * as draftPage from "~/routes/studio.drafts.$draftId._index";
import { draftAuthors, listDraftFiles } from "~/studio/drafts.server";
import { validateDraft } from "~/studio/workflow.server";
import { freshDatabase } from "./db";
import { call, formRequest } from "./http";
import { insertAccount, type Account } from "../support/accounts";
import { draftOfFixtureCourse } from "../support/drafts";
import { auditEvents } from "#db/tables";

let draftId: string;
let trainer: Account;
let otherTrainer: Account;

const move = (path: string, direction: "up" | "down", who = trainer) =>
  call(draftPage.action, formRequest(`/studio/drafts/${draftId}`, { intent: `move-${direction}`, path }, { cookie: who.cookie }), { draftId });
const paths = async () => (await listDraftFiles(draftId)).map((f) => f.path).sort();

beforeAll(async () => {
  await freshDatabase();
  trainer = await insertAccount({ role: "trainer" });
  otherTrainer = await insertAccount({ role: "trainer" });
  draftId = await draftOfFixtureCourse(trainer.id);
});

describe("moving modules and lessons in a draft", () => {
  it("moves a lesson down with its translation; the course stays valid and the move is audited", async () => {
    const moved = await move("01-definitions/01-trafficking.md", "down", otherTrainer);
    expect(moved.status).toBe(302);
    const now = await paths();
    expect(now).toContain("01-definitions/02-trafficking.md");
    expect(now).toContain("01-definitions/02-trafficking.fr.md");
    expect(now).toContain("01-definitions/01-smuggling.md");
    expect(now).not.toContain("01-definitions/01-trafficking.md");
    expect((await validateDraft(draftId)).errors).toEqual([]);
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.subject, draftId), eq(auditEvents.action, "draft.files-moved")));
    expect(audit!.details).toMatchObject({ moved: "01-definitions/01-trafficking.md", direction: "down" });
    expect(audit!.actorId).toBe(otherTrainer.id);
    expect((await draftAuthors(db, draftId)).has(otherTrainer.id)).toBe(true);
  });

  it("moves a module up with all its files", async () => {
    const before = await paths();
    expect((await move("02-response/module.yaml", "up")).status).toBe(302);
    const after = await paths();
    expect(after).toEqual(before.map((p) => p.replace(/^01-definitions\//, "02-definitions/").replace(/^02-response\//, "01-response/")).sort());
    expect((await validateDraft(draftId)).errors).toEqual([]);
  });

  it("refuses a move past either end, and files that do not move, changing nothing", async () => {
    const before = await paths();
    const refused = await move("01-response/module.yaml", "up");
    expect(refused.status).toBe(400);
    expect((await move("course.yaml", "down")).status).toBe(400);
    expect((await move("01-response/quiz.yaml", "down")).status).toBe(400);
    expect(await paths()).toEqual(before);
  });

  it("is for studio users only", async () => {
    const learner = await insertAccount({ role: "learner" });
    expect((await move("01-response/module.yaml", "down", learner)).status).toBe(403);
  });
});
