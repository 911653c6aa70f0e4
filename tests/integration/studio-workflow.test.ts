// The studio's drafts and sign-off (app/studio, ADR 0026) against this file's own database: drafts as file maps,
// concurrent saves that never overwrite silently, four eyes, publication through the same import as a folder,
// and the ADR 0018 start-up rule for a folder that changed after a studio publication.
import path from "node:path";
import { eq } from "drizzle-orm";
import { assert, beforeAll, describe, expect, it } from "vitest";
import { auditTrail } from "~/audit.server";
import { getLesson } from "~/courses/courses.server";
import { enrol } from "~/courses/enrolment.server";
import { importCoursesFrom } from "~/courses/import.server";
import { listCourseVersions, readVersionFiles } from "~/courses/versions.server";
import { db } from "~/db.server";
import { ConflictError, ForbiddenError, ValidationError } from "~/errors";
import { DraftFileConflictError, getDraft, listOpenDrafts, readDraftFile, readDraftFiles, saveDraftFile } from "~/studio/drafts.server";
import {
  approveDraft,
  createCourseDraft,
  draftFromVersion,
  publishDraft,
  recordDiskConflict,
  submitDraft,
  validateDraft,
} from "~/studio/workflow.server";
import { insertAccount } from "../support/accounts";
import { editFile, temporaryDir, writeFixtureCopy } from "../support/courses";
import { freshDatabase } from "./db";
import { courseVersions } from "#db/tables";

type Person = { id: string; role: "trainer" | "admin"; isReviewer: boolean };
let author: Person;
let reviewer: Person;
let otherReviewer: Person;
let admin: Person;
let sequence = 0;
const slug = () => `studio-course-${++sequence}`;

async function person(role: "trainer" | "admin", isReviewer = false): Promise<Person> {
  const account = await insertAccount({ role, isReviewer });
  return { id: account.id, role, isReviewer };
}

/** Creates a course draft from the template, edits its lesson, and takes it through submission and approval. */
async function approvedNewCourse(courseSlug = slug()) {
  const draftId = await createCourseDraft(author, { slug: courseSlug, title: "Screening at the border" });
  await submitDraft(author, draftId, "First version");
  await approveDraft(reviewer, draftId, "Checked against the Protocol");
  return draftId;
}

const LESSON = "01-introduction/01-overview.md";

beforeAll(async () => {
  await freshDatabase();
  author = await person("trainer");
  reviewer = await person("trainer", true);
  otherReviewer = await person("trainer", true);
  admin = await person("admin");
});

describe("drafts", () => {
  it("a new course's draft is the template's file map and validates without errors", async () => {
    const courseSlug = slug();
    const draftId = await createCourseDraft(author, { slug: courseSlug, title: "New" });
    const files = await readDraftFiles(draftId);
    expect(files.folder).toBe(courseSlug);
    expect([...files.files.keys()].sort()).toEqual(["01-introduction/01-overview.md", "01-introduction/module.yaml", "01-introduction/quiz.yaml", "bibliography.yaml", "course.yaml"]);
    expect((await validateDraft(draftId)).errors).toEqual([]);
    await expect(createCourseDraft(author, { slug: courseSlug, title: "Again" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("reports the compiler's file:line messages for a broken draft, as courses:check words them", async () => {
    const courseSlug = slug();
    const draftId = await createCourseDraft(author, { slug: courseSlug, title: "New" });
    const file = await readDraftFile(draftId, LESSON);
    await saveDraftFile({ draftId, path: LESSON, content: { text: file.text!.replace("[[tip-protocol, art. 3]]", "[[no-such-key]]") }, expectedRevision: file.revision, actorId: author.id });
    const { errors } = await validateDraft(draftId);
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^courses/${courseSlug}/01-introduction/01-overview\\.md:7: .*no-such-key`))]);
  });

  it("the second of two saves from the same revision is a conflict carrying the current text; nothing is lost", async () => {
    const draftId = await createCourseDraft(author, { slug: slug(), title: "New" });
    const start = await readDraftFile(draftId, LESSON);
    const first = await saveDraftFile({ draftId, path: LESSON, content: { text: `${start.text}\nFirst.\n` }, expectedRevision: start.revision, actorId: author.id });
    expect(first.revision).toBe(start.revision + 1);
    const second = saveDraftFile({ draftId, path: LESSON, content: { text: `${start.text}\nSecond.\n` }, expectedRevision: start.revision, actorId: reviewer.id });
    await expect(second).rejects.toBeInstanceOf(DraftFileConflictError);
    const error = (await second.catch((e) => e)) as DraftFileConflictError;
    expect(error.current?.text).toContain("First.");
    expect((await readDraftFile(draftId, LESSON)).text).toContain("First.");
    // A new file whose path is already taken is the same conflict.
    await expect(saveDraftFile({ draftId, path: LESSON, content: { text: "x" }, expectedRevision: 0, actorId: author.id })).rejects.toBeInstanceOf(DraftFileConflictError);
  });

  it("refuses paths that escape the course folder", async () => {
    const draftId = await createCourseDraft(author, { slug: slug(), title: "New" });
    for (const bad of ["../x.md", "/etc/passwd", "a\\b.md", ".hidden.md", "a//b.md", "01/./x.md"]) {
      await expect(saveDraftFile({ draftId, path: bad, content: { text: "x" }, expectedRevision: 0, actorId: author.id })).rejects.toBeInstanceOf(ValidationError);
    }
  });
});

describe("four eyes", () => {
  it("nobody approves a draft they wrote, even a reviewer; another reviewer may", async () => {
    const draftId = await createCourseDraft(reviewer, { slug: slug(), title: "By a reviewer" });
    await submitDraft(reviewer, draftId, "Written by a reviewer");
    await expect(approveDraft(reviewer, draftId, "")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(approveDraft(author, draftId, "")).rejects.toBeInstanceOf(ForbiddenError); // not a reviewer
    await approveDraft(otherReviewer, draftId, "Fine");
    expect(await getDraft(draftId)).toMatchObject({ state: "approved", approvedBy: otherReviewer.id, approvalNote: "Fine" });
  });

  it("a reviewer who edited the draft cannot approve it", async () => {
    const draftId = await createCourseDraft(author, { slug: slug(), title: "New" });
    const file = await readDraftFile(draftId, LESSON);
    await saveDraftFile({ draftId, path: LESSON, content: { text: `${file.text}\nA reviewer's sentence.\n` }, expectedRevision: file.revision, actorId: reviewer.id });
    await submitDraft(author, draftId, "Joint work");
    await expect(approveDraft(reviewer, draftId, "")).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("an edit after approval sends the draft back to draft: approval covers exactly what was seen", async () => {
    const draftId = await approvedNewCourse();
    const file = await readDraftFile(draftId, LESSON);
    await saveDraftFile({ draftId, path: LESSON, content: { text: `${file.text}\nLate change.\n` }, expectedRevision: file.revision, actorId: author.id });
    expect(await getDraft(draftId)).toMatchObject({ state: "draft", approvedBy: null });
    await expect(publishDraft(author, draftId)).rejects.toBeInstanceOf(ConflictError);
  });

  it("an unapproved draft is published only by an admin's urgent correction, recorded as such", async () => {
    const draftId = await createCourseDraft(author, { slug: slug(), title: "New" });
    await expect(publishDraft(author, draftId, { urgent: true, changeNote: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    const published = await publishDraft(admin, draftId, { urgent: true, changeNote: "Wrong article number" });
    expect(published).toHaveProperty("versionId");
    const [version] = await listCourseVersions((await getDraft(draftId)).courseSlug);
    expect(version).toMatchObject({ origin: "studio", isUrgentCorrection: true, publishedBy: admin.id, approvedBy: null, changeNote: "Wrong article number", isLive: true });
  });
});

describe("publication", () => {
  it("publishes an approved draft as the live version with its sign-off, and audits every step", async () => {
    const courseSlug = slug();
    const draftId = await approvedNewCourse(courseSlug);
    const published = await publishDraft(author, draftId);
    if (!("versionId" in published)) throw new Error(published.errors.join("\n"));
    const [version] = await listCourseVersions(courseSlug);
    expect(version).toMatchObject({ id: published.versionId, origin: "studio", publishedBy: author.id, approvedBy: reviewer.id, approvalNote: "Checked against the Protocol", changeNote: "First version", isUrgentCorrection: false, isLive: true });
    expect((await readVersionFiles(courseSlug, published.versionId)).files).toEqual((await readDraftFiles(draftId)).files);
    expect(await getDraft(draftId)).toMatchObject({ state: "published", publishedVersionId: published.versionId });
    const actions = (await auditTrail(draftId)).map((event) => event.action);
    expect(actions).toEqual(["draft.created", "draft.submitted", "draft.approved", "draft.published"]);
  });

  it("a correction republished from a new draft is what learners read", async () => {
    const courseSlug = slug();
    await publishDraft(author, await approvedNewCourse(courseSlug));
    const draftId = await draftFromVersion(author, courseSlug);
    const file = await readDraftFile(draftId, LESSON);
    await saveDraftFile({ draftId, path: LESSON, content: { text: file.text!.replace("art. 3]]", "art. 3(a)]]") }, expectedRevision: file.revision, actorId: author.id });
    await submitDraft(author, draftId, "Pin-cite article 3(a)");
    await approveDraft(reviewer, draftId, "Right");
    await publishDraft(reviewer, draftId);
    const versions = await listCourseVersions(courseSlug);
    expect(versions.map((v) => v.isLive)).toEqual([true, false]);
    expect((await readVersionFiles(courseSlug, versions[0]!.id)).files.get(LESSON)).toContain("art. 3(a)");
    // A learner of the course reads the new locator in the live version's lesson.
    const learner = await insertAccount();
    await enrol(learner.id, courseSlug);
    const lesson = await getLesson(courseSlug, "overview", "en", learner.id);
    assert(lesson.isEnrolled);
    expect(lesson.html).toContain("art. 3(a)");
  });

  it("a draft whose course was published meanwhile is refused, not silently merged", async () => {
    const courseSlug = slug();
    await publishDraft(author, await approvedNewCourse(courseSlug));
    const first = await draftFromVersion(author, courseSlug);
    const second = await draftFromVersion(author, courseSlug);
    for (const id of [first, second]) {
      const file = await readDraftFile(id, LESSON);
      await saveDraftFile({ draftId: id, path: LESSON, content: { text: `${file.text}\n${id}\n` }, expectedRevision: file.revision, actorId: author.id });
      await submitDraft(author, id, "Change");
      await approveDraft(reviewer, id, "");
    }
    await publishDraft(author, first);
    await expect(publishDraft(author, second)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("ADR 0018: files stay a door", () => {
  function folderCourse() {
    const courseSlug = `disk-course-${++sequence}`;
    const coursesDir = path.join(temporaryDir("lexmigra-studio-"), "courses");
    const dir = writeFixtureCopy(coursesDir, { slug: courseSlug, enrolment: "open" });
    return { courseSlug, coursesDir, dir };
  }
  const hooks = { onDiskConflict: recordDiskConflict };

  it("imports a changed folder when the studio has published nothing since the last disk import", async () => {
    const { courseSlug, coursesDir, dir } = folderCourse();
    expect((await importCoursesFrom(coursesDir, Date.now(), hooks))[0]).toMatchObject({ outcome: "created" });
    expect((await importCoursesFrom(coursesDir, Date.now(), hooks))[0]).toMatchObject({ outcome: "unchanged" });
    editFile(dir, "course.yaml", 'version: "1.0.0"', 'version: "1.0.1"');
    expect((await importCoursesFrom(coursesDir, Date.now(), hooks))[0]).toMatchObject({ outcome: "updated" });
    const [live] = await listCourseVersions(courseSlug);
    expect(live).toMatchObject({ origin: "disk", label: "1.0.1", isLive: true });
    expect((await readVersionFiles(courseSlug, live!.id)).files.size).toBeGreaterThan(3);
  });

  it("an unchanged folder never replaces a studio publication, however old", async () => {
    const { courseSlug, coursesDir } = folderCourse();
    await importCoursesFrom(coursesDir, Date.now(), hooks);
    const draftId = await draftFromVersion(author, courseSlug);
    const files = await readDraftFiles(draftId);
    const courseYaml = await readDraftFile(draftId, "course.yaml");
    await saveDraftFile({ draftId, path: "course.yaml", content: { text: courseYaml.text!.replace('version: "1.0.0"', 'version: "1.1.0"') }, expectedRevision: courseYaml.revision, actorId: author.id });
    expect(files.files.size).toBeGreaterThan(3);
    await submitDraft(author, draftId, "Studio change");
    await approveDraft(reviewer, draftId, "");
    const published = (await publishDraft(author, draftId)) as { versionId: string };
    expect((await importCoursesFrom(coursesDir, Date.now() + 1000, hooks))[0]).toMatchObject({ outcome: "unchanged" });
    expect((await listCourseVersions(courseSlug))[0]).toMatchObject({ id: published.versionId, isLive: true });
    expect(await listOpenDrafts(courseSlug)).toEqual([]);
  });

  it("a folder changed after a studio publication becomes one conflict draft; the studio's version stays live", async () => {
    const { courseSlug, coursesDir, dir } = folderCourse();
    await importCoursesFrom(coursesDir, Date.now(), hooks);
    const draftId = await draftFromVersion(author, courseSlug);
    const courseYaml = await readDraftFile(draftId, "course.yaml");
    await saveDraftFile({ draftId, path: "course.yaml", content: { text: courseYaml.text!.replace('version: "1.0.0"', 'version: "1.1.0"') }, expectedRevision: courseYaml.revision, actorId: author.id });
    await submitDraft(author, draftId, "Studio change");
    await approveDraft(reviewer, draftId, "");
    const published = (await publishDraft(author, draftId)) as { versionId: string };

    editFile(dir, "course.yaml", 'version: "1.0.0"', 'version: "1.0.2"');
    const [outcome] = await importCoursesFrom(coursesDir, Date.now() + 1000, hooks);
    expect(outcome).toMatchObject({ outcome: "conflict", diskLabel: "1.0.2", liveVersion: { id: published.versionId, label: "1.1.0" } });
    const conflictId = (outcome as { draftId: string }).draftId;
    expect(await getDraft(conflictId)).toMatchObject({ isConflict: true, baseVersionId: published.versionId, state: "draft" });
    expect((await readDraftFile(conflictId, "course.yaml")).text).toContain('version: "1.0.2"');
    expect((await listCourseVersions(courseSlug))[0]).toMatchObject({ id: published.versionId, isLive: true });
    // The next start-up finds the same disk change: the same draft, not a second one.
    const [again] = await importCoursesFrom(coursesDir, Date.now() + 2000, hooks);
    expect(again).toMatchObject({ outcome: "conflict", draftId: conflictId });
    expect((await listOpenDrafts(courseSlug)).filter((d) => d.isConflict)).toHaveLength(1);
    expect(await db.select({ id: courseVersions.id }).from(courseVersions).where(eq(courseVersions.courseSlug, courseSlug))).toHaveLength(2);
  });
});

