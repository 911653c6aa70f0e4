// Enrolment, lesson completion and the course completion rule: the writes of the course library.
import { and, eq, sql } from "drizzle-orm";
import { db, prepared, writeTransaction, type Tx } from "~/db.server";
import { ForbiddenError, NotFoundError } from "~/errors";
import { randomId } from "~/ids.server";
import {
  courseModules,
  courses,
  courseVersions,
  enrolments,
  lessonCompletions,
  lessons,
  quizPasses,
} from "#db/schema/courses";
import { courseProgress } from "./progress";
import { issueCertificate, renewableCertificateId } from "~/certificates/issuance.server";
import { desc } from "drizzle-orm";

export function enrol(userId: string, slug: string, now = Date.now(), assignedBy: string | null = null) {
  return writeTransaction((tx) => {
    const live = tx
      .select({ meta: courseVersions.meta })
      .from(courses)
      .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
      .where(eq(courses.slug, slug))
      .get();
    if (!live) throw new NotFoundError();
    if (live.meta.enrolment !== "open" && !assignedBy) throw new ForbiddenError({ key: "courses.errors.assignedOnly" });
    tx.insert(enrolments)
      .values({ id: randomId(), userId, courseSlug: slug, enrolledAt: now, assignedBy, lastActivityAt: now })
      .onConflictDoNothing()
      .run();
  });
}

function requireEnrolment(tx: Tx, userId: string, slug: string) {
  const enrolment = tx
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.userId, userId), eq(enrolments.courseSlug, slug)))
    .get();
  if (!enrolment) throw new ForbiddenError({ key: "courses.errors.notEnrolled" });
  return enrolment;
}

const enrolmentOf = prepared(() =>
  db
  .select({ id: enrolments.id })
  .from(enrolments)
  .where(and(eq(enrolments.userId, sql.placeholder("userId")), eq(enrolments.courseSlug, sql.placeholder("slug"))))
  .prepare(),
);

export function isEnrolled(userId: string, slug: string) {
  return Boolean(enrolmentOf().get({ userId, slug }));
}

export function markLessonComplete(userId: string, slug: string, lessonId: string, now = Date.now()) {
  return writeTransaction((tx) => {
    requireEnrolment(tx, userId, slug);
    const lesson = tx
      .select({ id: lessons.lessonId })
      .from(courses)
      .innerJoin(lessons, and(eq(lessons.versionId, courses.liveVersionId), eq(lessons.lessonId, lessonId)))
      .where(eq(courses.slug, slug))
      .get();
    if (!lesson) throw new NotFoundError();
    tx.insert(lessonCompletions).values({ userId, courseSlug: slug, lessonId, completedAt: now }).onConflictDoNothing().run();
    tx.update(enrolments)
      .set({ lastLessonId: lessonId, lastActivityAt: now })
      .where(and(eq(enrolments.userId, userId), eq(enrolments.courseSlug, slug)))
      .run();
    return evaluateCompletion(tx, userId, slug, now);
  });
}

/** Called by the quiz engine inside its transaction when an attempt is graded. */
export function recordQuizResult(
  tx: Tx,
  result: { userId: string; courseSlug: string; quizId: string; percent: number; isPassed: boolean },
  now = Date.now(),
) {
  tx.update(enrolments)
    .set({ lastActivityAt: now })
    .where(and(eq(enrolments.userId, result.userId), eq(enrolments.courseSlug, result.courseSlug)))
    .run();
  if (!result.isPassed) return evaluateCompletion(tx, result.userId, result.courseSlug, now);
  const previous = tx
    .select({ bestPercent: quizPasses.bestPercent })
    .from(quizPasses)
    .where(and(eq(quizPasses.userId, result.userId), eq(quizPasses.courseSlug, result.courseSlug), eq(quizPasses.quizId, result.quizId)))
    .get();
  if (!previous) {
    tx.insert(quizPasses)
      .values({ userId: result.userId, courseSlug: result.courseSlug, quizId: result.quizId, bestPercent: result.percent, passedAt: now })
      .run();
  } else if (result.percent > previous.bestPercent) {
    tx.update(quizPasses)
      .set({ bestPercent: result.percent })
      .where(and(eq(quizPasses.userId, result.userId), eq(quizPasses.courseSlug, result.courseSlug), eq(quizPasses.quizId, result.quizId)))
      .run();
  }
  const outcome = evaluateCompletion(tx, result.userId, result.courseSlug, now);
  // Renewal. Passing the final assessment again of a course completed earlier renews a
  // certificate that has expired or expires within 60 days; the new certificate names the one it renews.
  if (!outcome.isNewlyComplete && requireEnrolment(tx, result.userId, result.courseSlug).completedAt) {
    const finalQuiz = tx
      .select({ quizId: courseModules.quizId })
      .from(courseModules)
      .where(eq(courseModules.versionId, outcome.versionId))
      .orderBy(desc(courseModules.position))
      .get();
    const renews =
      finalQuiz?.quizId === result.quizId ? renewableCertificateId(tx, result.userId, result.courseSlug, now) : null;
    if (renews) {
      issueCertificate(tx, {
        ...certificateIssuance(tx, result.userId, result.courseSlug, outcome.versionId, now),
        renewsCertificateId: renews,
      }, now);
    }
  }
  return outcome;
}

// What the certificate says about the course, from the live version (title in the course's
// default language: the certificate is one document for every reader) and the learner's best quiz results.
function certificateIssuance(tx: Tx, userId: string, slug: string, versionId: string, now: number) {
  const version = tx
    .select({ label: courseVersions.label, meta: courseVersions.meta })
    .from(courseVersions)
    .where(eq(courseVersions.id, versionId))
    .get();
  if (!version) throw new NotFoundError();
  const { meta } = version;
  const quizIds = new Set(
    tx.select({ quizId: courseModules.quizId }).from(courseModules).where(eq(courseModules.versionId, versionId)).all().map((m) => m.quizId),
  );
  const percents = tx
    .select({ quizId: quizPasses.quizId, bestPercent: quizPasses.bestPercent })
    .from(quizPasses)
    .where(and(eq(quizPasses.userId, userId), eq(quizPasses.courseSlug, slug)))
    .all()
    .filter((p) => quizIds.has(p.quizId))
    .map((p) => p.bestPercent);
  const average = percents.length ? Math.round(percents.reduce((a, b) => a + b, 0) / percents.length) : null;
  return {
    userId,
    course: {
      slug,
      title: meta.title[meta.defaultLanguage] ?? Object.values(meta.title)[0] ?? slug,
      versionLabel: version.label,
      hours: meta.estimatedHours,
      credits: meta.creditHours > 0 ? meta.creditHours : null,
      validityMonths: meta.certificateValidityMonths,
    },
    completedAt: now,
    scoreSummary: average === null ? "Module quizzes passed" : `Average of module quizzes: ${average}%`,
  };
}

/**
 * THE completion rule, applied inside the transaction that recorded the learner's latest step: every required
 * lesson of the live version done and every module quiz passed. Records the completion once.
 */
export function evaluateCompletion(tx: Tx, userId: string, slug: string, now: number) {
  const live = tx.select({ versionId: courses.liveVersionId }).from(courses).where(eq(courses.slug, slug)).get();
  if (!live?.versionId) throw new NotFoundError();
  const requiredLessons = tx
    .select({ lessonId: lessons.lessonId, required: lessons.required, minutes: lessons.minutes })
    .from(lessons)
    .where(eq(lessons.versionId, live.versionId))
    .all();
  const quizIds = tx
    .select({ quizId: courseModules.quizId })
    .from(courseModules)
    .where(eq(courseModules.versionId, live.versionId))
    .all()
    .map((m) => m.quizId);
  const completed = tx
    .select({ lessonId: lessonCompletions.lessonId })
    .from(lessonCompletions)
    .where(and(eq(lessonCompletions.userId, userId), eq(lessonCompletions.courseSlug, slug)))
    .all();
  const passed = tx
    .select({ quizId: quizPasses.quizId })
    .from(quizPasses)
    .where(and(eq(quizPasses.userId, userId), eq(quizPasses.courseSlug, slug)))
    .all();
  const progress = courseProgress(
    { lessons: requiredLessons, quizIds },
    { completedLessonIds: new Set(completed.map((c) => c.lessonId)), passedQuizIds: new Set(passed.map((p) => p.quizId)) },
  );
  const enrolment = requireEnrolment(tx, userId, slug);
  const isNewlyComplete = progress.isComplete && !enrolment.completedAt;
  if (isNewlyComplete) {
    tx.update(enrolments).set({ completedAt: now }).where(eq(enrolments.id, enrolment.id)).run();
    // Issued exactly once, in the transaction that records the completion
    issueCertificate(tx, certificateIssuance(tx, userId, slug, live.versionId, now), now);
  }
  return { ...progress, isNewlyComplete, versionId: live.versionId };
}
