// The translations page of a draft: states, the side-by-side editor, and saving stamps the translation with its
// source's hash through the drafts' revision check.
import { beforeAll, describe, expect, it } from "vitest";
import { readCourseFolder } from "~/courses/course-folder.server";
import * as page from "~/routes/studio.drafts.$draftId.translations";
import { createDraft, readDraftFile, saveDraftFile } from "~/studio/drafts.server";
import { recordedSourceHash } from "~/studio/translation-status";
import { freshDatabase } from "./db";
import { call, formRequest, getRequest } from "./http";
import { insertAccount, type Account } from "../support/accounts";
import { FIXTURE_COURSE } from "../support/courses";

const LESSON = "01-definitions/01-trafficking.md";
const LESSON_FR = "01-definitions/01-trafficking.fr.md";
let draftId: string;
let trainer: Account;
let learner: Account;

type Body = { rows: { translation: string; status: string }[]; editing: { sourceText: string; text: string; revision: number; status: string } | null };
const statusOf = (body: Body, file: string) => body.rows.find((row) => row.translation === file)?.status;
const load = async (query = "", cookie = trainer.cookie) => call(page.loader, getRequest(`/studio/drafts/${draftId}/translations${query}`, { cookie }), { draftId });

beforeAll(async () => {
  await freshDatabase();
  trainer = await insertAccount({ role: "trainer" });
  learner = await insertAccount();
  draftId = await createDraft({ courseSlug: "fixture-course", baseVersionId: null, files: readCourseFolder(FIXTURE_COURSE).course!, actorId: trainer.id });
});

describe("the translations page", () => {
  it("refuses learners", async () => {
    expect((await load("", learner.cookie)).status).toBe(403);
  });

  it("shows the source beside the translation, saves it stamped, then marks it outdated when the source changes", async () => {
    const opened = (await load(`?file=${encodeURIComponent(LESSON_FR)}`)).body as Body;
    expect(opened.editing).toMatchObject({ status: "unrecorded", revision: 1 });
    expect(opened.editing!.sourceText).toContain("Trafficking requires an act");
    const text = opened.editing!.text.replace("Trois éléments", "Les trois éléments");
    const saved = await call(page.action, formRequest(`/studio/drafts/${draftId}/translations`, { file: LESSON_FR, text, revision: "1" }, { cookie: trainer.cookie }), { draftId });
    expect(saved.status).toBe(302);
    const file = await readDraftFile(draftId, LESSON_FR);
    expect(recordedSourceHash(LESSON_FR, file.text!)).toMatch(/^[0-9a-f]{16}$/);
    expect(statusOf((await load()).body as Body, LESSON_FR)).toBe("up-to-date");

    const source = await readDraftFile(draftId, LESSON);
    await saveDraftFile({ draftId, path: LESSON, content: { text: source.text!.replace("Consent is irrelevant", "Consent is legally irrelevant") }, expectedRevision: source.revision, actorId: trainer.id });
    expect(statusOf((await load()).body as Body, LESSON_FR)).toBe("outdated");

    const stale = await call(page.action, formRequest(`/studio/drafts/${draftId}/translations`, { file: LESSON_FR, text, revision: "1" }, { cookie: trainer.cookie }), { draftId });
    expect(stale.status).toBe(409);
  });

  it("creates a missing translation", async () => {
    const file = "02-response/01-referral.fr.md";
    expect(statusOf((await load()).body as Body, file)).toBe("missing");
    const text = "---\nid: referral\ntitle: Du soupçon à l'orientation\nminutes: 3\n---\n\nSéparer, appeler un interprète, orienter [[tip-protocol, art. 6]].\n";
    const saved = await call(page.action, formRequest(`/studio/drafts/${draftId}/translations`, { file, text, revision: "0" }, { cookie: trainer.cookie }), { draftId });
    expect(saved.status).toBe(302);
    expect(statusOf((await load()).body as Body, file)).toBe("up-to-date");
    expect((await load("?file=nowhere.fr.md")).status).toBe(404);
  });
});
