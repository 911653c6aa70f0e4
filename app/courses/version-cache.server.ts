// What depends only on an imported course version: its metadata (titles, bibliography, settings) and its structure.
// A version never changes once imported (new content is a new version id: import.server.ts), so each is read and
// parsed once per process and shared by every request, whichever worker runs it. The JSON columns are the
// expensive part of a page's reads: the catalog, course page, dashboard, quiz start and attempt page all used to
// parse the same metadata on every request.
import { asc, eq } from "drizzle-orm";
import { db } from "~/db.server";
import { NotFoundError } from "~/errors";
import { type CourseVersionMeta, type Localized } from "#db/schema/courses";
import { courseModules, courseVersions, lessons } from "#db/tables/courses";
import type { CourseRequirements } from "./progress";

/** Shared from now on: frozen, so a caller that tried to change it would throw rather than corrupt other requests. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A bounded map of promises by key; a rejected load is forgotten, so the next request tries again. */
const everyCache: Map<string, unknown>[] = [];

/**
 * For tests that rewrite a version's rows by hand to simulate bad data: the application never does (nothing updates
 * course_versions, lessons, lesson_bodies, course_modules or quiz_definitions), so it never needs this.
 */
export function forgetCachedVersions() {
  for (const cache of everyCache) cache.clear();
}

export function cachedByKey<T>(limit: number, load: (key: string) => Promise<T>) {
  const entries = new Map<string, Promise<T>>();
  everyCache.push(entries);
  return (key: string): Promise<T> => {
    let entry = entries.get(key);
    if (!entry) {
      if (entries.size >= limit) entries.delete(entries.keys().next().value!);
      entry = load(key).then(deepFreeze);
      entries.set(key, entry);
      entry.catch(() => entries.delete(key));
    }
    return entry;
  };
}

/** A version's metadata, parsed once. */
export const versionMeta = cachedByKey<CourseVersionMeta>(500, async (versionId) => {
  const [row] = await db.select({ meta: courseVersions.meta }).from(courseVersions).where(eq(courseVersions.id, versionId)).limit(1);
  if (!row) throw new NotFoundError();
  return row.meta;
});

/** What the completion rule needs (CourseRequirements), with what the pages show of each lesson and module. */
export type CourseStructure = {
  lessons: { lessonId: string; moduleId: string; required: boolean; minutes: number; title: Localized }[];
  modules: { moduleId: string; title: Localized; objectives: { id: string; text: Localized }[]; quizId: string }[];
  quizIds: CourseRequirements["quizIds"];
};

/** The structure of a version (lessons and modules in course order) that the completion rule and the pages need. */
export const versionStructure = cachedByKey<CourseStructure>(500, async (versionId) => {
  const lessonRows = await db
    .select({ lessonId: lessons.lessonId, moduleId: lessons.moduleId, required: lessons.required, minutes: lessons.minutes, title: lessons.title })
    .from(lessons)
    .where(eq(lessons.versionId, versionId))
    .orderBy(asc(lessons.position));
  const moduleRows = await db
    .select({ moduleId: courseModules.moduleId, title: courseModules.title, objectives: courseModules.objectives, quizId: courseModules.quizId })
    .from(courseModules)
    .where(eq(courseModules.versionId, versionId))
    .orderBy(asc(courseModules.position));
  // Every version has modules; none means the version is not visible yet (an uncommitted import): not cached.
  if (moduleRows.length === 0) throw new NotFoundError();
  return { lessons: lessonRows, modules: moduleRows, quizIds: moduleRows.map((m) => m.quizId) };
});
