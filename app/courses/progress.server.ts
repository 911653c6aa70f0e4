// The progress read model: the one loader of what the completion rule needs, for any number of (learner, course)
// pairs in a fixed number of queries. The course page, the completion rule, "My learning" and supervision all read
// progress through it, so they cannot disagree about what "complete" or "60%" means.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "~/db.server";
import type { CourseVersionMeta, Localized } from "#db/schema/courses";
import { courseModules, courseVersions, courses, lessonCompletions, lessons, quizPasses } from "#db/tables/courses";
import { courseProgress, type CourseRequirements } from "./progress";

/** What the completion rule needs (CourseRequirements), with what the pages show of each lesson and module. */
export type CourseStructure = {
  lessons: { lessonId: string; moduleId: string; required: boolean; minutes: number; title: Localized }[];
  modules: { moduleId: string; title: Localized; objectives: { id: string; text: Localized }[]; quizId: string }[];
  quizIds: CourseRequirements["quizIds"];
};

export type LearnerRecord = {
  completedLessonIds: Set<string>;
  passedQuizIds: Set<string>;
  bestPercent: Map<string, number>;
  lastCompletedLessonId: string | null;
};

export type ProgressInputs = {
  slug: string;
  versionId: string;
  label: string;
  meta: CourseVersionMeta;
  structure: CourseStructure;
  record: LearnerRecord;
  progress: ReturnType<typeof courseProgress>;
};

export type LearnerCourse = { userId: string; slug: string };

export const progressKey = (userId: string, slug: string) => `${userId}\u0000${slug}`;

/** The live version (id and metadata) of each course that has one. One query. */
export async function liveVersionsOf(q: Queryable, slugs: string[]) {
  const unique = [...new Set(slugs)];
  if (unique.length === 0) return new Map<string, { versionId: string; label: string; meta: CourseVersionMeta }>();
  const rows = await q
    .select({ slug: courses.slug, versionId: courseVersions.id, label: courseVersions.label, meta: courseVersions.meta })
    .from(courses)
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .where(inArray(courses.slug, unique));
  return new Map(rows.map((r) => [r.slug, { versionId: r.versionId, label: r.label, meta: r.meta }]));
}

/** Lessons and modules (in course order) of each version. Two queries whatever the number of versions. */
export async function courseStructures(q: Queryable, versionIds: string[]) {
  const unique = [...new Set(versionIds)];
  const structures = new Map<string, CourseStructure>(unique.map((id) => [id, { lessons: [], modules: [], quizIds: [] }]));
  if (unique.length === 0) return structures;
  for (const { versionId, ...lesson } of await q
    .select({
      versionId: lessons.versionId,
      lessonId: lessons.lessonId,
      moduleId: lessons.moduleId,
      required: lessons.required,
      minutes: lessons.minutes,
      title: lessons.title,
    })
    .from(lessons)
    .where(inArray(lessons.versionId, unique))
    .orderBy(asc(lessons.versionId), asc(lessons.position))) {
    structures.get(versionId)!.lessons.push(lesson);
  }
  for (const { versionId, ...module } of await q
    .select({
      versionId: courseModules.versionId,
      moduleId: courseModules.moduleId,
      title: courseModules.title,
      objectives: courseModules.objectives,
      quizId: courseModules.quizId,
    })
    .from(courseModules)
    .where(inArray(courseModules.versionId, unique))
    .orderBy(asc(courseModules.versionId), asc(courseModules.position))) {
    const structure = structures.get(versionId)!;
    structure.modules.push(module);
    structure.quizIds.push(module.quizId);
  }
  return structures;
}

const emptyRecord = (): LearnerRecord => ({
  completedLessonIds: new Set(),
  passedQuizIds: new Set(),
  bestPercent: new Map(),
  lastCompletedLessonId: null,
});

/**
 * Progress of each (learner, course) pair over the course's live version, keyed by `progressKey`. Five queries
 * however many pairs; pairs whose course has no live version are left out. Takes the caller's transaction, so the
 * completion rule reads exactly what its transaction wrote.
 */
export async function loadProgressInputs(q: Queryable, pairs: LearnerCourse[]): Promise<Map<string, ProgressInputs>> {
  const result = new Map<string, ProgressInputs>();
  if (pairs.length === 0) return result;
  const live = await liveVersionsOf(q, pairs.map((p) => p.slug));
  const structures = await courseStructures(q, [...live.values()].map((v) => v.versionId));
  const records = new Map(pairs.map((p) => [progressKey(p.userId, p.slug), emptyRecord()]));
  const userIds = [...new Set(pairs.map((p) => p.userId))];
  const slugs = [...live.keys()];
  if (slugs.length === 0) return result;
  // Rows of pairs not asked for (same learner, another listed course) come back too and are skipped.
  const latest = new Map<string, number>();
  for (const c of await q
    .select({ userId: lessonCompletions.userId, slug: lessonCompletions.courseSlug, lessonId: lessonCompletions.lessonId, at: lessonCompletions.completedAt })
    .from(lessonCompletions)
    .where(and(inArray(lessonCompletions.userId, userIds), inArray(lessonCompletions.courseSlug, slugs)))) {
    const key = progressKey(c.userId, c.slug);
    const record = records.get(key);
    if (!record) continue;
    record.completedLessonIds.add(c.lessonId);
    if (c.at > (latest.get(key) ?? -Infinity)) {
      latest.set(key, c.at);
      record.lastCompletedLessonId = c.lessonId;
    }
  }
  for (const p of await q
    .select({ userId: quizPasses.userId, slug: quizPasses.courseSlug, quizId: quizPasses.quizId, bestPercent: quizPasses.bestPercent })
    .from(quizPasses)
    .where(and(inArray(quizPasses.userId, userIds), inArray(quizPasses.courseSlug, slugs)))) {
    const record = records.get(progressKey(p.userId, p.slug));
    if (!record) continue;
    record.passedQuizIds.add(p.quizId);
    record.bestPercent.set(p.quizId, p.bestPercent);
  }
  for (const pair of pairs) {
    const version = live.get(pair.slug);
    if (!version) continue;
    const key = progressKey(pair.userId, pair.slug);
    const structure = structures.get(version.versionId)!;
    const record = records.get(key)!;
    result.set(key, { slug: pair.slug, versionId: version.versionId, label: version.label, meta: version.meta, structure, record, progress: courseProgress(structure, record) });
  }
  return result;
}

/** One pair's progress; NotFound is the caller's to raise when the course has no live version. */
export async function progressOf(q: Queryable, userId: string, slug: string): Promise<ProgressInputs | undefined> {
  return (await loadProgressInputs(q, [{ userId, slug }])).get(progressKey(userId, slug));
}
