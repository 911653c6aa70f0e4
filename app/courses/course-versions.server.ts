// Courses, their versions and the quizzes of each version: what trainers' pages (question analytics) list and
// choose from. Read-only; learners' pages use courses.server.ts.
import { asc, desc, eq } from "drizzle-orm";
import { db } from "~/db.server";
import { NotFoundError } from "~/errors";
import { localize } from "./localize";
import { courseModules, courseVersions, courses } from "#db/tables/courses";
import { versionMeta } from "./version-cache.server";

type Locale = "en" | "fr" | "es";

export type CourseVersionSummary = { id: string; label: string; importedAt: number; isLive: boolean };

/** Every course with its live version's title (or the newest version's, for a course with none live), A–Z. */
export async function listCoursesForTrainers(locale: Locale) {
  const rows = await db
    .select({ slug: courses.slug, liveVersionId: courses.liveVersionId, versionId: courseVersions.id, importedAt: courseVersions.importedAt })
    .from(courses)
    .innerJoin(courseVersions, eq(courseVersions.courseSlug, courses.slug))
    .orderBy(asc(courses.slug), desc(courseVersions.importedAt));
  const bySlug = new Map<string, { slug: string; versionId: string; liveVersionId: string | null }>();
  for (const row of rows) {
    if (!bySlug.has(row.slug)) bySlug.set(row.slug, { slug: row.slug, versionId: row.versionId, liveVersionId: row.liveVersionId });
  }
  const list = await Promise.all(
    [...bySlug.values()].map(async (course) => {
      const versionId = course.liveVersionId ?? course.versionId;
      const meta = await versionMeta(versionId);
      return { slug: course.slug, title: localize(meta.title, locale, meta.defaultLanguage), versionId, isLive: course.liveVersionId !== null };
    }),
  );
  return list.sort((a, b) => a.title.localeCompare(b.title, locale));
}

/** A course's versions, newest first. NotFound for an unknown course. */
export async function listCourseVersions(slug: string): Promise<CourseVersionSummary[]> {
  const [course] = await db.select({ liveVersionId: courses.liveVersionId }).from(courses).where(eq(courses.slug, slug)).limit(1);
  if (!course) throw new NotFoundError();
  const versions = await db
    .select({ id: courseVersions.id, label: courseVersions.label, importedAt: courseVersions.importedAt })
    .from(courseVersions)
    .where(eq(courseVersions.courseSlug, slug))
    .orderBy(desc(courseVersions.importedAt));
  return versions.map((v) => ({ ...v, isLive: v.id === course.liveVersionId }));
}

/** The quizzes of one version, in module order, with their module's title. */
export async function quizzesOfVersion(versionId: string, locale: Locale) {
  const meta = await versionMeta(versionId);
  const modules = await db
    .select({ moduleId: courseModules.moduleId, title: courseModules.title, quizId: courseModules.quizId })
    .from(courseModules)
    .where(eq(courseModules.versionId, versionId))
    .orderBy(asc(courseModules.position));
  return modules.map((m) => ({ quizId: m.quizId, moduleId: m.moduleId, moduleTitle: localize(m.title, locale, meta.defaultLanguage) }));
}
