// The progress read model: the one loader of what the completion rule needs, for any number of (learner, course)
// pairs in a fixed number of queries. The course page, the completion rule, "My learning" and supervision all read
// progress through it, so they cannot disagree about what "complete" or "60%" means.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { preparedOn, type Queryable } from "~/db.server";
import { NotFoundError } from "~/errors";
import type { CourseVersionMeta } from "#db/schema/courses";
import { courseModules, courseVersions, courses, enrolments, lessonCompletions, lessons, quizPasses } from "#db/tables/courses";
import { courseProgress } from "./progress";
import { versionMeta, versionStructure, type CourseStructure } from "./version-cache.server";

export type { CourseStructure };

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

// The three reads of one (learner, course) pair, the course page's and the completion rule's, are prepared per
// connection (ADR 0041); lists of several are built per call, since their length varies.
const liveVersionColumns = { slug: courses.slug, versionId: courseVersions.id, label: courseVersions.label };
const liveVersionOfCourse = preparedOn((q) =>
  q
    .select(liveVersionColumns)
    .from(courses)
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .where(eq(courses.slug, sql.placeholder("slug")))
    .prepare("live_version_of_course"),
);
const completionColumns = { userId: lessonCompletions.userId, slug: lessonCompletions.courseSlug, lessonId: lessonCompletions.lessonId, at: lessonCompletions.completedAt };
const completionsOfPair = preparedOn((q) =>
  q
    .select(completionColumns)
    .from(lessonCompletions)
    .where(and(eq(lessonCompletions.userId, sql.placeholder("userId")), eq(lessonCompletions.courseSlug, sql.placeholder("slug"))))
    .prepare("completions_of_pair"),
);
const passColumns = { userId: quizPasses.userId, slug: quizPasses.courseSlug, quizId: quizPasses.quizId, bestPercent: quizPasses.bestPercent };
const passesOfPair = preparedOn((q) =>
  q
    .select(passColumns)
    .from(quizPasses)
    .where(and(eq(quizPasses.userId, sql.placeholder("userId")), eq(quizPasses.courseSlug, sql.placeholder("slug"))))
    .prepare("passes_of_pair"),
);

/**
 * The live version (id and metadata) of each course that has one. One query; the metadata comes from the
 * per-version cache (version-cache.server.ts), so its JSON is not read and parsed again on every page.
 */
export async function liveVersionsOf(q: Queryable, slugs: string[]) {
  const unique = [...new Set(slugs)];
  const live = new Map<string, { versionId: string; label: string; meta: CourseVersionMeta }>();
  if (unique.length === 0) return live;
  const rows =
    unique.length === 1
      ? await liveVersionOfCourse(q).execute({ slug: unique[0] })
      : await q.select(liveVersionColumns).from(courses).innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId)).where(inArray(courses.slug, unique));
  const metas = await Promise.all(rows.map((r) => orUnseen(versionMeta(r.versionId))));
  for (const [i, r] of rows.entries()) {
    // A version this transaction created is not visible to the cache's connection yet: read it through `q`.
    const meta = metas[i] ?? (await q.select({ meta: courseVersions.meta }).from(courseVersions).where(eq(courseVersions.id, r.versionId)))[0].meta;
    live.set(r.slug, { versionId: r.versionId, label: r.label, meta });
  }
  return live;
}

/** The cached value, or undefined when the version is not visible outside the caller's transaction yet. */
async function orUnseen<T>(cached: Promise<T>): Promise<T | undefined> {
  try {
    return await cached;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * Lessons and modules (in course order) of each version: from the per-version cache, or two queries for the versions
 * it cannot see yet, whatever their number.
 */
export async function courseStructures(q: Queryable, versionIds: string[]) {
  const unique = [...new Set(versionIds)];
  const cached = await Promise.all(unique.map((id) => orUnseen(versionStructure(id))));
  const structures = new Map<string, CourseStructure>(unique.map((id, i) => [id, cached[i] ?? { lessons: [], modules: [], quizIds: [] }]));
  // Versions the cache cannot see yet (created in the caller's transaction) are read through `q`.
  const unseen = unique.filter((_, i) => !cached[i]);
  if (unseen.length === 0) return structures;
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
    .where(inArray(lessons.versionId, unseen))
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
    .where(inArray(courseModules.versionId, unseen))
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
  const isOnePair = userIds.length === 1 && slugs.length === 1;
  const onePair = { userId: userIds[0], slug: slugs[0] };
  const completions = isOnePair
    ? await completionsOfPair(q).execute(onePair)
    : await q.select(completionColumns).from(lessonCompletions).where(and(inArray(lessonCompletions.userId, userIds), inArray(lessonCompletions.courseSlug, slugs)));
  const passes = isOnePair
    ? await passesOfPair(q).execute(onePair)
    : await q.select(passColumns).from(quizPasses).where(and(inArray(quizPasses.userId, userIds), inArray(quizPasses.courseSlug, slugs)));
  const latest = new Map<string, number>();
  for (const c of completions) {
    const key = progressKey(c.userId, c.slug);
    const record = records.get(key);
    if (!record) continue;
    record.completedLessonIds.add(c.lessonId);
    if (c.at > (latest.get(key) ?? -Infinity)) {
      latest.set(key, c.at);
      record.lastCompletedLessonId = c.lessonId;
    }
  }
  for (const p of passes) {
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

/** Where a learner stands in what was assigned: the whole course, or some of its modules. */
export type CourseStanding = {
  enrolledAt: number | null;
  /** Any lesson done or quiz passed in what was assigned. */
  isStarted: boolean;
  /** When the assigned part was complete: the completion rule's moment for the whole course. */
  completedAt: number | null;
};

// Long IN lists are split so that no statement exceeds either engine's parameter limit.
const CHUNK = 5_000;
const chunks = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Supervision's bulk read (issue 14): each learner's standing in one course, or in some modules of it, in a fixed
 * number of queries per 5,000 learners. Learners with no enrolment and no progress are absent from the map. For the
 * whole course the completion is the one the completion rule stamped on the enrolment; for modules it is the moment
 * the last required lesson or quiz of those modules (in the live version) was done.
 */
export async function courseStandings(
  q: Queryable,
  slug: string,
  userIds: string[],
  moduleIds: string[] | null,
): Promise<Map<string, CourseStanding>> {
  const result = new Map<string, CourseStanding>();
  const standing = (userId: string) => {
    let s = result.get(userId);
    if (!s) result.set(userId, (s = { enrolledAt: null, isStarted: false, completedAt: null }));
    return s;
  };
  const unique = [...new Set(userIds)];
  if (moduleIds === null) {
    for (const part of chunks(unique)) {
      const rows = await q
        .select({ userId: enrolments.userId, enrolledAt: enrolments.enrolledAt, completedAt: enrolments.completedAt })
        .from(enrolments)
        .where(and(eq(enrolments.courseSlug, slug), inArray(enrolments.userId, part)));
      for (const row of rows) Object.assign(standing(row.userId), { enrolledAt: row.enrolledAt, completedAt: row.completedAt, isStarted: row.completedAt !== null });
      // Started: any lesson done or quiz passed (two indexed lookups on the tables' primary keys).
      for (const table of [lessonCompletions, quizPasses] as const) {
        for (const row of await q
          .selectDistinct({ userId: table.userId })
          .from(table)
          .where(and(eq(table.courseSlug, slug), inArray(table.userId, part)))) {
          const s = result.get(row.userId);
          if (s) s.isStarted = true;
        }
      }
    }
    return result;
  }
  const live = (await liveVersionsOf(q, [slug])).get(slug);
  if (!live) return result;
  const structure = (await courseStructures(q, [live.versionId])).get(live.versionId)!;
  const chosen = new Set(moduleIds);
  const lessonIds = structure.lessons.filter((l) => chosen.has(l.moduleId) && l.required).map((l) => l.lessonId);
  const quizIds = structure.modules.filter((m) => chosen.has(m.moduleId)).map((m) => m.quizId);
  const steps = lessonIds.length + quizIds.length;
  const done = new Map<string, { count: number; last: number }>();
  const record = (userId: string, at: number) => {
    const d = done.get(userId) ?? { count: 0, last: 0 };
    done.set(userId, { count: d.count + 1, last: Math.max(d.last, at) });
  };
  for (const part of chunks(unique)) {
    for (const e of await q
      .select({ userId: enrolments.userId, enrolledAt: enrolments.enrolledAt })
      .from(enrolments)
      .where(and(eq(enrolments.courseSlug, slug), inArray(enrolments.userId, part)))) {
      standing(e.userId).enrolledAt = e.enrolledAt;
    }
    if (lessonIds.length) {
      for (const c of await q
        .select({ userId: lessonCompletions.userId, at: lessonCompletions.completedAt })
        .from(lessonCompletions)
        .where(and(eq(lessonCompletions.courseSlug, slug), inArray(lessonCompletions.userId, part), inArray(lessonCompletions.lessonId, lessonIds)))) {
        record(c.userId, c.at);
      }
    }
    if (quizIds.length) {
      for (const p of await q
        .select({ userId: quizPasses.userId, at: quizPasses.passedAt })
        .from(quizPasses)
        .where(and(eq(quizPasses.courseSlug, slug), inArray(quizPasses.userId, part), inArray(quizPasses.quizId, quizIds)))) {
        record(p.userId, p.at);
      }
    }
  }
  for (const [userId, d] of done) {
    const s = standing(userId);
    s.isStarted = d.count > 0;
    s.completedAt = steps > 0 && d.count >= steps ? d.last : null;
  }
  return result;
}
