// The studio's sign-off (issue 13, ADR 0026): draft → submitted → approved → published, with four eyes (nobody
// approves a draft they wrote) and an admin's urgent correction alone, recorded as such. Publication goes through
// the courses capability's publishCourseFiles, the same compile and import as a folder on disk.
import { and, eq, inArray } from "drizzle-orm";
import { recordAudit } from "~/audit.server";
import { canReview, hasRole, CAN_ADMINISTER, type Role } from "~/auth/roles";
import { type DiskConflict, checkCourseFiles, publishCourseFiles } from "~/courses/import.server";
import { courseExists, liveVersionRef, readVersionFiles, setCourseArchived } from "~/courses/versions.server";
import { IMAGE_EXTENSION, MAX_IMAGE_BYTES } from "~/courses/course-files.server";
import { sniffImageType } from "~/courses/images.server";
import { transaction } from "~/db.server";
import { ConflictError, ForbiddenError, ValidationError } from "~/errors";
import { courseDrafts } from "#db/tables/studio";
import { addDraftFiles, conflictDraftFor, createDraft, draftAuthors, getDraft, listDraftFiles, listOpenDrafts, OPEN_STATES, readDraftFiles, renameDraftFiles, saveDraftFile } from "./drafts.server";
import { imageBaseName, moduleFolders, nextPrefix, reorderRenames } from "./files";
import { courseTemplate, ID_PATTERN, lessonMarkdown, moduleYaml, quizYaml } from "./templates";
import { formatCourseError } from "~/courses/compile.server";

export type Actor = { id: string; role: Role; isReviewer: boolean };

const NOTE_MAX = 2000;

function note(text: string | undefined, field: string): string {
  const value = (text ?? "").trim();
  if (value.length > NOTE_MAX) throw new ValidationError({ [field]: { key: "studio.errors.noteTooLong", values: { max: NOTE_MAX } } });
  return value;
}

// Checking a whole course takes the time `npm run bench` reports as "validation of the whole course"; a draft's files
// change only with its revision, so the result is kept per draft revision (a few drafts, in this process).
const checked = new Map<string, { errors: string[]; result: ReturnType<typeof checkCourseFiles> }>();
const CHECKED_DRAFTS = 16;

/** The draft checked exactly as `npm run courses:check` checks a folder: `file:line: message` lines. */
export async function validateDraft(draftId: string) {
  const { revision } = await getDraft(draftId);
  const key = `${draftId}:${revision}`;
  const cached = checked.get(key);
  if (cached) return cached;
  const result = checkCourseFiles(await readDraftFiles(draftId));
  const value = { errors: result.errors.map(formatCourseError), result };
  checked.set(key, value);
  if (checked.size > CHECKED_DRAFTS) checked.delete(checked.keys().next().value!);
  return value;
}

export async function createCourseDraft(actor: Actor, input: { slug: string; title: string }, now = Date.now()): Promise<string> {
  const slug = input.slug.trim();
  const title = input.title.trim();
  if (!ID_PATTERN.test(slug) || slug.length > 80) throw new ValidationError({ slug: { key: "studio.errors.slug" } });
  if (!title || title.length > 200) throw new ValidationError({ title: { key: "studio.errors.title" } });
  await refuseTakenSlug(slug);
  return createDraft({ courseSlug: slug, baseVersionId: null, files: { files: courseTemplate(slug, title), media: new Map() }, actorId: actor.id }, now);
}

async function refuseTakenSlug(slug: string) {
  if ((await courseExists(slug)) || (await listOpenDrafts(slug)).length > 0) throw new ValidationError({ slug: { key: "studio.errors.slugTaken" } });
}

/** A new draft of a course from its live version (or from any version: `versionId`). */
export async function draftFromVersion(actor: Actor, slug: string, versionId?: string, now = Date.now()): Promise<string> {
  const live = await liveVersionRef(slug);
  const source = versionId ?? live?.id;
  if (!source || !live) throw new ConflictError({ key: "studio.errors.noVersion" });
  const files = await readVersionFiles(slug, source);
  if (files.files.size === 0) throw new ConflictError({ key: "studio.errors.noVersionFiles" });
  const restoring = versionId !== undefined && versionId !== live.id;
  return createDraft(
    {
      courseSlug: slug,
      baseVersionId: live.id,
      files,
      actorId: actor.id,
      audit: restoring ? { action: "draft.restored", details: { restoredVersionId: versionId } } : undefined,
    },
    now,
  );
}

/** A copy of a course's live version under a new slug (course.yaml's slug line changed to match). */
export async function duplicateCourse(actor: Actor, slug: string, newSlug: string, now = Date.now()): Promise<string> {
  const target = newSlug.trim();
  if (!ID_PATTERN.test(target) || target.length > 80) throw new ValidationError({ slug: { key: "studio.errors.slug" } });
  await refuseTakenSlug(target);
  const live = await liveVersionRef(slug);
  if (!live) throw new ConflictError({ key: "studio.errors.noVersion" });
  const source = await readVersionFiles(slug, live.id);
  const files = new Map(source.files);
  const courseYaml = files.get("course.yaml") ?? "";
  files.set("course.yaml", courseYaml.replace(/^slug:.*$/m, `slug: ${target}`));
  return createDraft(
    { courseSlug: target, baseVersionId: null, files: { files, media: source.media }, actorId: actor.id, audit: { action: "draft.created", details: { duplicatedFrom: slug } } },
    now,
  );
}

export async function submitDraft(actor: Actor, draftId: string, changeNote: string, now = Date.now()) {
  const text = note(changeNote, "changeNote");
  if (!text) throw new ValidationError({ changeNote: { key: "studio.errors.changeNoteRequired" } });
  const { errors } = await validateDraft(draftId);
  if (errors.length > 0) throw new ValidationError({}, { key: "studio.errors.invalid", values: { count: errors.length } });
  await transaction(async (tx) => {
    const moved = await tx
      .update(courseDrafts)
      .set({ state: "submitted", submittedBy: actor.id, submittedAt: now, changeNote: text })
      .where(and(eq(courseDrafts.id, draftId), eq(courseDrafts.state, "draft")))
      .returning({ id: courseDrafts.id });
    if (moved.length === 0) throw new ConflictError({ key: "studio.errors.state" });
    await recordAudit(tx, { actorId: actor.id, action: "draft.submitted", subject: draftId, details: { changeNote: text }, at: now });
  });
}

export async function approveDraft(actor: Actor, draftId: string, approvalNote: string, now = Date.now()) {
  if (!canReview(actor)) throw new ForbiddenError({ key: "studio.errors.notReviewer" });
  const text = note(approvalNote, "approvalNote");
  await transaction(async (tx) => {
    // Four eyes: whoever wrote any of the content, or submitted it, cannot be the one who approves it.
    if ((await draftAuthors(tx, draftId)).has(actor.id)) throw new ForbiddenError({ key: "studio.errors.ownChange" });
    const [draft] = await tx.select({ submittedBy: courseDrafts.submittedBy }).from(courseDrafts).where(eq(courseDrafts.id, draftId));
    if (draft?.submittedBy === actor.id) throw new ForbiddenError({ key: "studio.errors.ownChange" });
    const moved = await tx
      .update(courseDrafts)
      .set({ state: "approved", approvedBy: actor.id, approvedAt: now, approvalNote: text })
      .where(and(eq(courseDrafts.id, draftId), eq(courseDrafts.state, "submitted")))
      .returning({ id: courseDrafts.id });
    if (moved.length === 0) throw new ConflictError({ key: "studio.errors.state" });
    await recordAudit(tx, { actorId: actor.id, action: "draft.approved", subject: draftId, details: { note: text }, at: now });
  });
}

/** A reviewer sends a submitted draft back (or its author withdraws it): it is editable again. */
export async function returnDraft(actor: Actor, draftId: string, reason: string, now = Date.now()) {
  const text = note(reason, "approvalNote");
  await transaction(async (tx) => {
    const moved = await tx
      .update(courseDrafts)
      .set({ state: "draft", submittedBy: null, submittedAt: null, approvedBy: null, approvedAt: null, approvalNote: text || null })
      .where(and(eq(courseDrafts.id, draftId), inArray(courseDrafts.state, ["submitted", "approved"])))
      .returning({ id: courseDrafts.id });
    if (moved.length === 0) throw new ConflictError({ key: "studio.errors.state" });
    await recordAudit(tx, { actorId: actor.id, action: "draft.returned", subject: draftId, details: { reason: text }, at: now });
  });
}

export type PublishResult = { versionId: string } | { errors: string[] };

/**
 * Publishes an approved draft; or, for an admin with `urgent`, a draft that nobody approved (recorded as an urgent
 * correction). The draft must start from the live version: a course published meanwhile is a conflict.
 */
export async function publishDraft(actor: Actor, draftId: string, options: { urgent?: boolean; changeNote?: string } = {}, now = Date.now()): Promise<PublishResult> {
  const draft = await getDraft(draftId);
  const isUrgent = options.urgent === true;
  if (isUrgent) {
    if (!hasRole(actor.role, CAN_ADMINISTER)) throw new ForbiddenError({ key: "studio.errors.urgentAdminOnly" });
    if (!["draft", "submitted", "approved"].includes(draft.state)) throw new ConflictError({ key: "studio.errors.state" });
  } else if (draft.state !== "approved") {
    throw new ConflictError({ key: "studio.errors.notApproved" });
  }
  const changeNote = note(isUrgent ? options.changeNote || draft.changeNote : draft.changeNote, "changeNote");
  if (!changeNote) throw new ValidationError({ changeNote: { key: "studio.errors.changeNoteRequired" } });
  const live = await liveVersionRef(draft.courseSlug);
  if ((live?.id ?? null) !== draft.baseVersionId) throw new ConflictError({ key: "studio.errors.baseMoved" });
  const files = await readDraftFiles(draftId);
  const approved = !isUrgent && draft.approvedBy;
  const outcome = await publishCourseFiles(
    files,
    {
      origin: "studio",
      publishedBy: actor.id,
      approvedBy: approved ? draft.approvedBy : null,
      approvedAt: approved ? draft.approvedAt : null,
      approvalNote: approved ? draft.approvalNote : null,
      changeNote,
      isUrgentCorrection: isUrgent,
    },
    {
      now,
      alongside: async (tx, versionId) => {
        // Only the draft this request read may be published: a save in between sent it back to draft.
        const moved = await tx
          .update(courseDrafts)
          .set({ state: "published", publishedVersionId: versionId, changeNote })
          .where(and(eq(courseDrafts.id, draftId), eq(courseDrafts.revision, draft.revision), eq(courseDrafts.state, draft.state)))
          .returning({ id: courseDrafts.id });
        if (moved.length === 0) throw new ConflictError({ key: "studio.errors.state" });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "draft.published",
          subject: draftId,
          details: { course: draft.courseSlug, versionId, isUrgentCorrection: isUrgent, approvedBy: approved ? draft.approvedBy : null },
          at: now,
        });
      },
    },
  );
  if (outcome.outcome === "rejected") return { errors: outcome.errors };
  if (outcome.outcome === "conflict") throw new ConflictError({ key: "studio.errors.state" });
  return { versionId: outcome.versionId };
}

/** Leaves a draft (discarded): it stays in the history but can no longer change. */
export async function archiveDraft(actor: Actor, draftId: string, now = Date.now()) {
  await transaction(async (tx) => {
    const moved = await tx
      .update(courseDrafts)
      .set({ state: "archived", updatedBy: actor.id, updatedAt: now })
      .where(and(eq(courseDrafts.id, draftId), inArray(courseDrafts.state, [...OPEN_STATES])))
      .returning({ id: courseDrafts.id });
    if (moved.length === 0) throw new ConflictError({ key: "studio.errors.state" });
    await recordAudit(tx, { actorId: actor.id, action: "draft.archived", subject: draftId, at: now });
  });
}

export async function archiveCourse(actor: Actor, slug: string, archived: boolean, now = Date.now()) {
  await transaction(async (tx) => {
    await setCourseArchived(tx, slug, archived, now);
    await recordAudit(tx, { actorId: actor.id, action: "courses.archived", subject: slug, details: { archived }, at: now });
  });
}

/**
 * ADR 0018: a folder changed on disk after the studio published; its content becomes a draft marked as a conflict
 * (once per disk change), for trainers to merge or discard. Returns the draft's id.
 */
export async function recordDiskConflict(conflict: DiskConflict, now = Date.now()): Promise<string | undefined> {
  const existing = await conflictDraftFor(conflict.slug, conflict.diskHash);
  if (existing) return existing;
  return createDraft(
    {
      courseSlug: conflict.slug,
      baseVersionId: conflict.liveVersion.id,
      files: conflict.files,
      actorId: null,
      isConflict: true,
      diskHash: conflict.diskHash,
      audit: { action: "draft.created", details: { fromDisk: true, diskLabel: conflict.diskLabel, liveVersion: conflict.liveVersion } },
    },
    now,
  );
}

/** A new module folder with its module.yaml, a first lesson and its quiz, all valid templates. */
export async function addModule(actor: Actor, draftId: string, input: { id: string; title: string }, now = Date.now()) {
  const id = input.id.trim();
  if (!ID_PATTERN.test(id) || id.length > 60) throw new ValidationError({ moduleId: { key: "studio.errors.id" } });
  const title = input.title.trim() || id;
  const paths = (await listDraftFiles(draftId)).map((f) => f.path);
  const folder = `${nextPrefix(moduleFolders(paths))}-${id}`;
  await addDraftFiles(
    {
      draftId,
      files: new Map([
        [`${folder}/module.yaml`, moduleYaml(id, title)],
        [`${folder}/01-${id}-lesson.md`, lessonMarkdown(`${id}-lesson`, title)],
        [`${folder}/quiz.yaml`, quizYaml(id)],
      ]),
      actorId: actor.id,
    },
    now,
  );
  return `${folder}/01-${id}-lesson.md`;
}

/** A new lesson file at the end of a module, from the valid lesson template. */
/**
 * Puts an uploaded image into the draft's `media/` folder (`folder` "") or a module's (`<module>/media/`), where a
 * lesson of that folder shows it as `![alt](media/<name>)`. Judged by its content with file-type, never by its name
 * or declared type: PNG, JPEG or WebP only (SVG and anything else refused), at most MAX_IMAGE_BYTES; the stored
 * extension follows the content. A name already in the folder is refused rather than replaced. Returns its path.
 */
export async function addImage(actor: Actor, draftId: string, input: { folder: string; fileName: string; bytes: Uint8Array }, now = Date.now()) {
  if (input.bytes.length === 0) throw new ValidationError({ image: { key: "studio.images.missing" } });
  if (input.bytes.length > MAX_IMAGE_BYTES)
    throw new ValidationError({ image: { key: "studio.images.tooBig", values: { size: Math.ceil(input.bytes.length / 1024), max: MAX_IMAGE_BYTES / 1024 } } });
  const type = await sniffImageType(input.bytes);
  if (!type) throw new ValidationError({ image: { key: "studio.errors.notImage" } });
  const paths = (await listDraftFiles(draftId)).map((f) => f.path);
  if (input.folder !== "" && !moduleFolders(paths).includes(input.folder)) throw new ValidationError({ folder: { key: "studio.errors.folder" } });
  const path = `${input.folder ? `${input.folder}/` : ""}media/${imageBaseName(input.fileName)}.${IMAGE_EXTENSION[type]}`;
  if (paths.includes(path)) throw new ValidationError({ image: { key: "studio.images.exists", values: { path } } });
  await saveDraftFile({ draftId, path, content: { bytes: input.bytes }, expectedRevision: 0, actorId: actor.id }, now);
  return path;
}

/** Moves a module (its `module.yaml`) or a lesson one place up or down in the draft (./files.ts reorderRenames). */
export async function moveInDraft(actor: Actor, draftId: string, input: { path: string; direction: "up" | "down" }, now = Date.now()) {
  const renames = reorderRenames((await listDraftFiles(draftId)).map((f) => f.path), input.path, input.direction);
  if (renames.size === 0) throw new ValidationError({}, { key: "studio.errors.cannotMove" });
  await renameDraftFiles({ draftId, renames, actorId: actor.id, auditDetails: { moved: input.path, direction: input.direction } }, now);
}

export async function addLesson(actor: Actor, draftId: string, input: { folder: string; id: string; title: string }, now = Date.now()) {
  const id = input.id.trim();
  if (!ID_PATTERN.test(id) || id.length > 60) throw new ValidationError({ lessonId: { key: "studio.errors.id" } });
  const paths = (await listDraftFiles(draftId)).map((f) => f.path);
  if (!moduleFolders(paths).includes(input.folder)) throw new ValidationError({ folder: { key: "studio.errors.folder" } });
  const inFolder = paths.filter((p) => p.startsWith(`${input.folder}/`) && p.endsWith(".md")).map((p) => p.slice(input.folder.length + 1));
  const path = `${input.folder}/${nextPrefix(inFolder)}-${id}.md`;
  await addDraftFiles({ draftId, files: new Map([[path, lessonMarkdown(id, input.title.trim() || id)]]), actorId: actor.id }, now);
  return path;
}
