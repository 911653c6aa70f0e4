// Previews in the studio record nothing (issue 13): reading a draft's or a version's lessons and previewing an
// unsaved edit leave every learner, progress, attempt and statistics table as it was, and change no draft file.
import { count } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { db } from "~/db.server";
import * as draftPreview from "~/routes/studio.drafts.$draftId.preview.$";
import * as fileEditor from "~/routes/studio.drafts.$draftId.files.$";
import * as versionLesson from "~/routes/studio.courses.$slug.versions.$versionId.lessons.$";
import { readDraftFile } from "~/studio/drafts.server";
import { createCourseDraft, publishDraft } from "~/studio/workflow.server";
import { insertAccount, type Account } from "../support/accounts";
import { call, formRequest, getRequest } from "./http";
import { freshDatabase } from "./db";
import * as tables from "#db/tables";

const LESSON = "01-introduction/01-overview.md";
let trainer: Account;
let draftId: string;
let versionId: string;

beforeAll(async () => {
  await freshDatabase();
  trainer = await insertAccount({ role: "trainer" });
  const admin = await insertAccount({ role: "admin" });
  const first = await createCourseDraft({ id: trainer.id, role: "trainer", isReviewer: false }, { slug: "preview-course", title: "Preview" });
  versionId = ((await publishDraft({ id: admin.id, role: "admin", isReviewer: false }, first, { urgent: true, changeNote: "First" })) as { versionId: string }).versionId;
  draftId = await createCourseDraft({ id: trainer.id, role: "trainer", isReviewer: false }, { slug: "preview-draft", title: "Preview" });
});

const LEARNER_TABLES = [
  tables.enrolments,
  tables.lessonCompletions,
  tables.quizPasses,
  tables.quizAttempts,
  tables.quizAttemptEvents,
  tables.certificates,
  tables.auditEvents,
  tables.draftFiles,
  tables.courseVersions,
];
const counts = () => Promise.all(LEARNER_TABLES.map(async (table) => (await db.select({ n: count() }).from(table as typeof tables.enrolments))[0]!.n));

it("previewing lessons of a draft and of a version, and an unsaved edit, writes nothing", async () => {
  const before = await counts();
  const fileBefore = await readDraftFile(draftId, LESSON);

  const draft = await call(draftPreview.loader as never, getRequest(`/studio/drafts/${draftId}/preview/${LESSON}`, { cookie: trainer.cookie }), { draftId, "*": LESSON });
  expect(draft.status).toBe(200);
  expect(JSON.stringify(draft.body)).toContain("callout");

  const edited = fileBefore.text!.replace("Write the lesson here.", "An <script>alert(1)</script> unsaved sentence.");
  const preview = await call(
    fileEditor.action as never,
    formRequest(`/studio/drafts/${draftId}/files/${LESSON}`, { intent: "preview", text: edited, revision: String(fileBefore.revision) }, { cookie: trainer.cookie }),
    { draftId, "*": LESSON },
  );
  expect(preview.status).toBe(200);
  const html = (preview.body as { preview: { lesson: { html: string } } }).preview.lesson.html;
  expect(html).toContain("unsaved sentence");
  expect(html).not.toContain("<script");

  const version = await call(
    versionLesson.loader as never,
    getRequest(`/studio/courses/preview-course/versions/${versionId}/lessons/${LESSON}`, { cookie: trainer.cookie }),
    { slug: "preview-course", versionId, "*": LESSON },
  );
  expect(version.status).toBe(200);

  expect(await counts()).toEqual(before);
  expect(await readDraftFile(draftId, LESSON)).toEqual(fileBefore);
});
