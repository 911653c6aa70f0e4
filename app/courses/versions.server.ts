// Course versions as the studio sees them: history with provenance, the files each version was compiled from,
// archiving. The studio reaches the courses tables only through these functions (ADR 0012).
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { db, type Tx } from "~/db.server";
import { NotFoundError } from "~/errors";
import { type CourseFiles } from "./course-files.server";
import { courseVersionFiles, courseVersions, courses } from "#db/tables/courses";
import { versionMeta } from "./version-cache.server";

export type CourseOverview = {
  slug: string;
  archivedAt: number | null;
  live: { id: string; label: string; title: Record<string, string | undefined>; defaultLanguage: "en" | "fr" | "es" } | null;
};

/** Every course with its live version (archived ones too), by slug. */
export async function listCoursesWithLiveVersion(): Promise<CourseOverview[]> {
  const rows = await db
    .select({ slug: courses.slug, archivedAt: courses.archivedAt, versionId: courseVersions.id, label: courseVersions.label })
    .from(courses)
    .leftJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .orderBy(asc(courses.slug));
  return Promise.all(
    rows.map(async (row) => {
      if (!row.versionId) return { slug: row.slug, archivedAt: row.archivedAt, live: null };
      const meta = await versionMeta(row.versionId);
      return {
        slug: row.slug,
        archivedAt: row.archivedAt,
        live: { id: row.versionId, label: row.label!, title: meta.title, defaultLanguage: meta.defaultLanguage },
      };
    }),
  );
}

/** The live version of a course, or null (no such course, or none live yet). */
export async function liveVersionRef(slug: string): Promise<{ id: string; label: string } | null> {
  const [row] = await db
    .select({ id: courseVersions.id, label: courseVersions.label })
    .from(courses)
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .where(eq(courses.slug, slug))
    .limit(1);
  return row ?? null;
}

export async function courseExists(slug: string): Promise<boolean> {
  const [row] = await db.select({ slug: courses.slug }).from(courses).where(eq(courses.slug, slug)).limit(1);
  return row !== undefined;
}

export type VersionHistoryEntry = Awaited<ReturnType<typeof listCourseVersions>>[number];

/** A course's versions, newest first, with where each came from and its sign-off. */
export async function listCourseVersions(slug: string) {
  const [course] = await db.select({ live: courses.liveVersionId }).from(courses).where(eq(courses.slug, slug)).limit(1);
  if (!course) throw new NotFoundError();
  const rows = await db
    .select({
      id: courseVersions.id,
      label: courseVersions.label,
      contentHash: courseVersions.contentHash,
      importedAt: courseVersions.importedAt,
      origin: courseVersions.origin,
      publishedBy: courseVersions.publishedBy,
      approvedBy: courseVersions.approvedBy,
      approvedAt: courseVersions.approvedAt,
      approvalNote: courseVersions.approvalNote,
      changeNote: courseVersions.changeNote,
      isUrgentCorrection: courseVersions.isUrgentCorrection,
    })
    .from(courseVersions)
    .where(eq(courseVersions.courseSlug, slug))
    .orderBy(desc(courseVersions.importedAt), desc(courseVersions.id));
  return rows.map((row) => ({ ...row, isLive: row.id === course.live }));
}

/** The files a version was compiled from, as the file map every door gives the compiler (folder = the slug). */
export async function readVersionFiles(slug: string, versionId: string): Promise<CourseFiles> {
  const [version] = await db
    .select({ id: courseVersions.id })
    .from(courseVersions)
    .where(and(eq(courseVersions.id, versionId), eq(courseVersions.courseSlug, slug)))
    .limit(1);
  if (!version) throw new NotFoundError();
  const rows = await db.select().from(courseVersionFiles).where(eq(courseVersionFiles.versionId, versionId));
  const files = new Map<string, string>();
  const media = new Map<string, Uint8Array>();
  for (const row of rows) {
    if (row.text !== null) files.set(row.path, row.text);
    else if (row.bytes) media.set(row.path, new Uint8Array(row.bytes));
  }
  return { folder: slug, files, media };
}

/** Archive or bring back a course: archived, it leaves the catalogue; enrolled learners keep their access. */
export async function setCourseArchived(tx: Tx, slug: string, archived: boolean, now = Date.now()) {
  const changed = await tx
    .update(courses)
    .set({ archivedAt: archived ? now : null })
    .where(eq(courses.slug, slug))
    .returning({ slug: courses.slug });
  if (changed.length === 0) throw new NotFoundError();
}

export async function isCourseArchived(slug: string): Promise<boolean> {
  const [row] = await db.select({ archivedAt: courses.archivedAt }).from(courses).where(eq(courses.slug, slug)).limit(1);
  return row?.archivedAt != null;
}

/** Labels of versions by id (for conflict messages and history links). */
export async function versionLabels(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: courseVersions.id, label: courseVersions.label }).from(courseVersions).where(inArray(courseVersions.id, ids));
  return new Map(rows.map((row) => [row.id, row.label]));
}

