// The zip door in the studio: a draft or a version downloaded as a zip of the folder format, and a zip uploaded as
// a new draft of its course. Reading refuses a hostile archive as a whole (course-zip.server.ts) before anything is
// written; the draft is then created in one transaction.
import { CourseArchiveError, DEFAULT_ZIP_LIMITS, exportCourseZip, readCourseZip } from "~/courses/course-zip.server";
import { courseExists, liveVersionRef, readVersionFiles } from "~/courses/versions.server";
import { ValidationError } from "~/errors";
import { createDraft, listOpenDrafts, readDraftFiles } from "./drafts.server";
import { ID_PATTERN } from "./templates";
import type { Actor } from "./workflow.server";

export const MAX_UPLOAD_BYTES = DEFAULT_ZIP_LIMITS.maxArchiveBytes;

export async function draftZip(draftId: string): Promise<{ name: string; bytes: Buffer }> {
  const files = await readDraftFiles(draftId);
  return { name: `${files.folder}-draft.zip`, bytes: await exportCourseZip(files) };
}

export async function versionZip(slug: string, versionId: string): Promise<{ name: string; bytes: Buffer }> {
  const files = await readVersionFiles(slug, versionId);
  return { name: `${slug}-${versionId.slice(0, 8)}.zip`, bytes: await exportCourseZip(files) };
}

/** The slug a zip names: its folder, else course.yaml's `slug:` line (a flat archive). */
function slugOf(files: { folder?: string; files: ReadonlyMap<string, string> }): string | undefined {
  return files.folder ?? /^slug:\s*["']?([a-z0-9-]+)/m.exec(files.files.get("course.yaml") ?? "")?.[1];
}

/** An uploaded zip → a new draft of the course it holds (an existing course, or a new one whose slug is free). */
export async function draftFromZip(actor: Actor, archive: Uint8Array): Promise<string> {
  let files;
  try {
    files = await readCourseZip(archive);
  } catch (error) {
    if (error instanceof CourseArchiveError) throw new ValidationError({ archive: { key: "studio.zip.refused", values: { reason: error.message } } });
    throw new ValidationError({ archive: { key: "studio.zip.unreadable" } });
  }
  const slug = slugOf(files);
  if (!slug || !ID_PATTERN.test(slug)) throw new ValidationError({ archive: { key: "studio.zip.noSlug" } });
  const live = await liveVersionRef(slug);
  if (!live && ((await courseExists(slug)) || (await listOpenDrafts(slug)).length > 0)) {
    throw new ValidationError({ archive: { key: "studio.errors.slugTaken" } });
  }
  return createDraft({
    courseSlug: slug,
    baseVersionId: live?.id ?? null,
    files,
    actorId: actor.id,
    audit: { action: "draft.created", details: { fromZip: true, bytes: archive.length } },
  });
}
