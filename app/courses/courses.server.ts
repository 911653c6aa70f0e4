// What learners see of the course library: the catalog, a course with their progress, a lesson.
import { and, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { containsText, db, preparedOn, type Queryable } from "~/db.server";
import { NotFoundError } from "~/errors";
import { type CourseVersionMeta } from "#db/schema/courses";
import { localize } from "./localize";
import { nextLessonId } from "./progress";
import { enrolmentsOf, findEnrolment } from "./enrolment.server";
import { courseStructures, liveVersionsOf, loadProgressInputs, progressKey, progressOf } from "./progress.server";
import { courseModules, courseVersions, courses, enrolments, lessonBodies, lessonCompletions, lessons } from "#db/tables/courses";
import { versionMeta } from "./version-cache.server";

type Locale = "en" | "fr" | "es";

/** The live version of a course, with its metadata (one prepared read, then the per-version cache). */
export async function getLiveVersion(slug: string) {
  const live = (await liveVersionsOf(db, [slug])).get(slug);
  if (!live) throw new NotFoundError();
  return { slug, ...live };
}

// Prepared per connection: every quiz start runs it inside its transaction (ADR 0041).
const liveQuizOf = preparedOn((q) =>
  q
    .select({ versionId: courseVersions.id, moduleId: courseModules.moduleId, moduleTitle: courseModules.title })
    .from(courses)
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .innerJoin(courseModules, and(eq(courseModules.versionId, courseVersions.id), eq(courseModules.quizId, sql.placeholder("quizId"))))
    .where(eq(courses.slug, sql.placeholder("slug")))
    .limit(1)
    .prepare("live_quiz_of"),
);

/**
 * The live version of a course and the module whose quiz is `quizId`: what the quiz capability needs to start an
 * attempt. NotFound when the course or the quiz is not (or no longer) live.
 */
export async function getLiveQuiz(q: Queryable, slug: string, quizId: string) {
  const [row] = await liveQuizOf(q).execute({ slug, quizId });
  if (!row) throw new NotFoundError();
  // Parsed once per version (version-cache.server.ts): this runs inside the quiz start's write transaction.
  return { ...row, meta: await versionMeta(row.versionId) };
}

/** The metadata of one course version, live or not (an attempt or a certificate may refer to an older one). */
export async function versionMetaOf(_q: Queryable, versionId: string): Promise<CourseVersionMeta> {
  // A version never changes once imported: read once per process, whichever connection asks.
  return versionMeta(versionId);
}

function courseSummary(meta: CourseVersionMeta, locale: Locale) {
  return {
    title: localize(meta.title, locale, meta.defaultLanguage),
    summary: localize(meta.summary, locale, meta.defaultLanguage),
    audiences: meta.audiences,
    languages: meta.languages,
    estimatedHours: meta.estimatedHours,
    creditHours: meta.creditHours,
  };
}

async function courseTitle(slug: string, locale: Locale): Promise<string> {
  const live = (await liveVersionsOf(db, [slug])).get(slug);
  return live ? localize(live.meta.title, locale, live.meta.defaultLanguage) : slug;
}

export type CatalogFilters = { audience?: string; language?: string; q?: string };

export async function listCatalog(filters: CatalogFilters, locale: Locale, userId: string | null) {
  const q = filters.q?.trim().toLowerCase();
  const live = await db
    .select({ slug: courses.slug, versionId: courseVersions.id })
    .from(courses)
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    // An archived course leaves the catalogue; its learners reach it from their dashboard as before.
    .where(and(isNull(courses.archivedAt), q ? containsText(courseVersions.searchText, q) : undefined));
  const rows = (await Promise.all(live.map(async ({ slug, versionId }) => ({ slug, meta: await versionMeta(versionId) }))))
    .filter(({ meta }) => !filters.audience || meta.audiences.includes(filters.audience) || meta.audiences.includes("all"))
    .filter(({ meta }) => !filters.language || meta.languages.includes(filters.language as Locale));
  const mine = userId
    ? new Map((await enrolmentsOf(userId)).map((e) => [e.slug, e.completedAt ? "completed" : "enrolled"] as const))
    : new Map<string, "completed" | "enrolled">();
  return rows
    .map(({ slug, meta }) => ({ slug, ...courseSummary(meta, locale), status: mine.get(slug) ?? ("not-enrolled" as const) }))
    .sort((a, b) => a.title.localeCompare(b.title, locale));
}

export async function getCourseForLearner(slug: string, locale: Locale, userId: string | null) {
  // The learner's progress and enrolment are independent reads, asked at once.
  const [inputs, enrolment] = userId ? await Promise.all([progressOf(db, userId, slug), findEnrolment(userId, slug)]) : [undefined, undefined];
  // A learner's progress carries the live version; a visitor's page (or a course without one: NotFound) reads it.
  const live = inputs ?? (await getLiveVersion(slug));
  const { meta } = live;
  const structure = inputs?.structure ?? (await courseStructures(db, [live.versionId])).get(live.versionId)!;
  const record = inputs?.record ?? null;
  const progress = inputs?.progress ?? null;
  const lang = meta.defaultLanguage;
  return {
    slug,
    version: live.label,
    ...courseSummary(meta, locale),
    objectives: localize(meta.objectives, locale, lang),
    passMark: meta.passMark,
    certificateValidityMonths: meta.certificateValidityMonths,
    enrolment: meta.enrolment,
    prerequisites: await Promise.all(meta.prerequisites.map(async (p) => ({ ...p, title: await courseTitle(p.slug, locale) }))),
    isEnrolled: Boolean(enrolment),
    completedAt: enrolment?.completedAt ?? null,
    progress,
    continueLessonId:
      record && enrolment
        ? nextLessonId(
            structure.lessons.map((l) => l.lessonId),
            record.completedLessonIds,
            record.lastCompletedLessonId,
          )
        : null,
    modules: structure.modules.map((m) => ({
      moduleId: m.moduleId,
      title: localize(m.title, locale, lang),
      objectives: m.objectives.map((o) => localize(o.text, locale, lang)),
      quizId: m.quizId,
      isQuizPassed: record?.passedQuizIds.has(m.quizId) ?? false,
      bestPercent: record?.bestPercent.get(m.quizId) ?? null,
      lessons: structure.lessons
        .filter((l) => l.moduleId === m.moduleId)
        .map((l) => ({
          lessonId: l.lessonId,
          title: localize(l.title, locale, lang),
          minutes: l.minutes,
          required: l.required,
          isComplete: record?.completedLessonIds.has(l.lessonId) ?? false,
        })),
    })),
  };
}

const previous = alias(lessons, "previous_lesson");
const next = alias(lessons, "next_lesson");

// Prepared once: the lesson page is the hottest path of the library.
const lessonWithNeighbours = preparedOn((q) =>
  q
  .select({
    meta: courseVersions.meta,
    lesson: { lessonId: lessons.lessonId, moduleId: lessons.moduleId, title: lessons.title, minutes: lessons.minutes },
    language: lessonBodies.language,
    html: lessonBodies.html,
    isOutdated: lessonBodies.isOutdated,
    previousId: previous.lessonId,
    previousTitle: previous.title,
    nextId: next.lessonId,
    nextTitle: next.title,
  })
  .from(courseVersions)
  .innerJoin(lessons, and(eq(lessons.versionId, courseVersions.id), eq(lessons.lessonId, sql.placeholder("lessonId"))))
  .innerJoin(lessonBodies, and(eq(lessonBodies.versionId, lessons.versionId), eq(lessonBodies.lessonId, lessons.lessonId)))
  .leftJoin(previous, and(eq(previous.versionId, lessons.versionId), eq(previous.position, sql`${lessons.position} - 1`)))
  .leftJoin(next, and(eq(next.versionId, lessons.versionId), eq(next.position, sql`${lessons.position} + 1`)))
  .where(eq(courseVersions.id, sql.placeholder("versionId")))
  .prepare("lesson_with_neighbours"),
);

// Everything a lesson page reads of this learner and this course in one statement, since every statement on
// PostgreSQL is a round trip to another process (ADR 0053): the live version, the learner's enrolment, their mark.
const learnerLessonState = preparedOn((q) =>
  q
    .select({ versionId: courses.liveVersionId, enrolmentId: enrolments.id, completedAt: lessonCompletions.completedAt })
    .from(courses)
    .leftJoin(enrolments, and(eq(enrolments.userId, sql.placeholder("userId")), eq(enrolments.courseSlug, courses.slug)))
    .leftJoin(
      lessonCompletions,
      and(
        eq(lessonCompletions.userId, sql.placeholder("userId")),
        eq(lessonCompletions.courseSlug, courses.slug),
        eq(lessonCompletions.lessonId, sql.placeholder("lessonId")),
      ),
    )
    .where(eq(courses.slug, sql.placeholder("slug")))
    .prepare("learner_lesson_state"),
);

type LessonView = NonNullable<Awaited<ReturnType<typeof compileLessonView>>>;

// A course version is immutable once imported (new content is a new version id; app/courses/import.server.ts), so
// what a lesson shows in one language depends only on (version, lesson, language): built once per process, and
// every worker builds the same. Bounded, so a long-running server that sees many versions does not grow without end.
const LESSON_CACHE_LIMIT = 2_000;
const lessonViews = new Map<string, Promise<LessonView | null>>();

async function compileLessonView(slug: string, versionId: string, lessonId: string, locale: Locale) {
  const rows = await lessonWithNeighbours(db).execute({ versionId, lessonId });
  if (rows.length === 0) return null;
  const lang = rows[0].meta.defaultLanguage;
  const row = rows.find((r) => r.language === locale) ?? rows.find((r) => r.language === lang) ?? rows[0];
  return {
    courseSlug: slug,
    courseTitle: localize(row.meta.title, locale, lang),
    lessonId: row.lesson.lessonId,
    moduleId: row.lesson.moduleId,
    title: localize(row.lesson.title, locale, lang),
    minutes: row.lesson.minutes,
    // The language the text is actually in, for <article lang> when it fell back to the default.
    language: row.language,
    // A translation made from an earlier version of the lesson: the page says the original has changed since.
    outdatedFrom: row.isOutdated ? lang : null,
    html: row.html,
    previous: row.previousId ? { lessonId: row.previousId, title: localize(row.previousTitle!, locale, lang) } : null,
    next: row.nextId ? { lessonId: row.nextId, title: localize(row.nextTitle!, locale, lang) } : null,
  };
}

/**
 * The live version's lesson in the learner's language (cached per version) and the learner's mark: one indexed read
 * per request. A learner who is not enrolled gets `{ isEnrolled: false }` and nothing of the lesson, whether it
 * exists or not. `versionId` names what the page depends on, for conditional GETs.
 */
export async function getLesson(slug: string, lessonId: string, locale: Locale, userId: string) {
  const [state] = await learnerLessonState(db).execute({ slug, userId, lessonId });
  if (!state?.versionId) throw new NotFoundError();
  if (!state.enrolmentId) return { isEnrolled: false as const };
  const key = `${state.versionId}\u0000${lessonId}\u0000${locale}`;
  let view = lessonViews.get(key);
  if (!view) {
    if (lessonViews.size >= LESSON_CACHE_LIMIT) lessonViews.delete(lessonViews.keys().next().value!);
    view = compileLessonView(slug, state.versionId, lessonId, locale);
    lessonViews.set(key, view);
    // A failed read is not remembered.
    view.catch(() => lessonViews.delete(key));
  }
  const lesson = await view;
  if (!lesson) throw new NotFoundError();
  return {
    ...lesson,
    isEnrolled: true as const,
    versionId: state.versionId,
    isComplete: state.completedAt != null,
    completedAt: state.completedAt,
  };
}

/** "My learning": every course the learner is enrolled in, most recent activity first. A fixed number of queries. */
export async function myLearning(userId: string, locale: Locale) {
  const mine = await enrolmentsOf(userId);
  const inputs = await loadProgressInputs(db, mine.map(({ slug }) => ({ userId, slug })));
  return mine.flatMap(({ slug, lastActivityAt, completedAt }) => {
    const course = inputs.get(progressKey(userId, slug));
    if (!course) return [];
    return [
      {
        slug,
        title: localize(course.meta.title, locale, course.meta.defaultLanguage),
        progress: course.progress,
        completedAt,
        continueLessonId: nextLessonId(
          course.structure.lessons.map((l) => l.lessonId),
          course.record.completedLessonIds,
          course.record.lastCompletedLessonId,
        ),
        lastActivityAt,
      },
    ];
  });
}
