// Enrolment, lesson completion and the course completion rule: the writes of the course library.
import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import { db, prepared, transaction, type Tx } from "~/db.server";
import { ForbiddenError, NotFoundError } from "~/errors";
import { randomId } from "~/ids.server";
import { courseProgress } from "./progress";
import { issueCertificate, renewableCertificateId } from "~/certificates/issuance.server";
import { courseModules, courseVersions, courses, enrolments, lessonCompletions, lessons, quizPasses } from "#db/tables";

export async function enrol(userId: string, slug: string, now = Date.now(), assignedBy: string | null = null) {
  await transaction(async (tx) => {
    const [live] = await tx
      .select({ meta: courseVersions.meta })
      .from(courses)
      .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
      .where(eq(courses.slug, slug))
      .limit(1);
    if (!live) throw new NotFoundError();
    if (live.meta.enrolment !== "open" && !assignedBy) throw new ForbiddenError({ key: "courses.errors.assignedOnly" });
    await tx
      .insert(enrolments)
      .values({ id: randomId(), userId, courseSlug: slug, enrolledAt: now, assignedBy, lastActivityAt: now })
      .onConflictDoNothing();
  });
}

async function requireEnrolment(tx: Tx, userId: string, slug: string) {
  const [enrolment] = await tx
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.userId, userId), eq(enrolments.courseSlug, slug)))
    .limit(1);
  if (!enrolment) throw new ForbiddenError({ key: "courses.errors.notEnrolled" });
  return enrolment;
}

const enrolmentOf = prepared(() =>
  db
  .select({ id: enrolments.id })
  .from(enrolments)
  .where(and(eq(enrolments.userId, sql.placeholder("userId")), eq(enrolments.courseSlug, sql.placeholder("slug"))))
  .prepare("enrolment_of"),
);

export async function isEnrolled(userId: string, slug: string) {
  const rows = await enrolmentOf().execute({ userId, slug });
  return rows.length > 0;
}

export function markLessonComplete(userId: string, slug: string, lessonId: string, now = Date.now()) {
  return transaction(async (tx) => {
    await requireEnrolment(tx, userId, slug);
    const [lesson] = await tx
      .select({ id: lessons.lessonId })
      .from(courses)
      .innerJoin(lessons, and(eq(lessons.versionId, courses.liveVersionId), eq(lessons.lessonId, lessonId)))
      .where(eq(courses.slug, slug))
      .limit(1);
    if (!lesson) throw new NotFoundError();
    await tx.insert(lessonCompletions).values({ userId, courseSlug: slug, lessonId, completedAt: now }).onConflictDoNothing();
    await tx
      .update(enrolments)
      .set({ lastLessonId: lessonId, lastActivityAt: now })
      .where(and(eq(enrolments.userId, userId), eq(enrolments.courseSlug, slug)));
    return evaluateCompletion(tx, userId, slug, now);
  });
}

/** Called by the quiz engine inside its transaction when an attempt is graded. */
export async function recordQuizResult(
  tx: Tx,
  result: { userId: string; courseSlug: string; quizId: string; percent: number; isPassed: boolean },
  now = Date.now(),
) {
  await tx
    .update(enrolments)
    .set({ lastActivityAt: now })
    .where(and(eq(enrolments.userId, result.userId), eq(enrolments.courseSlug, result.courseSlug)));
  if (!result.isPassed) return evaluateCompletion(tx, result.userId, result.courseSlug, now);
  // The first pass is recorded once and the best percent only rises, also when two passes commit together.
  await tx
    .insert(quizPasses)
    .values({ userId: result.userId, courseSlug: result.courseSlug, quizId: result.quizId, bestPercent: result.percent, passedAt: now })
    .onConflictDoNothing();
  await tx
    .update(quizPasses)
    .set({ bestPercent: result.percent })
    .where(
      and(
        eq(quizPasses.userId, result.userId),
        eq(quizPasses.courseSlug, result.courseSlug),
        eq(quizPasses.quizId, result.quizId),
        lt(quizPasses.bestPercent, result.percent),
      ),
    );
  const outcome = await evaluateCompletion(tx, result.userId, result.courseSlug, now);
  // Renewal. Passing the final assessment again of a course completed earlier renews a
  // certificate that has expired or expires within 60 days; the new certificate names the one it renews.
  if (!outcome.isNewlyComplete && (await requireEnrolment(tx, result.userId, result.courseSlug)).completedAt) {
    const [finalQuiz] = await tx
      .select({ quizId: courseModules.quizId })
      .from(courseModules)
      .where(eq(courseModules.versionId, outcome.versionId))
      .orderBy(desc(courseModules.position))
      .limit(1);
    const renews =
      finalQuiz?.quizId === result.quizId ? await renewableCertificateId(tx, result.userId, result.courseSlug, now) : null;
    if (renews) {
      await issueCertificate(tx, {
        ...(await certificateIssuance(tx, result.userId, result.courseSlug, outcome.versionId, now)),
        renewsCertificateId: renews,
      }, now);
    }
  }
  return outcome;
}

// What the certificate says about the course, from the live version (title in the course's
// default language: the certificate is one document for every reader) and the learner's best quiz results.
async function certificateIssuance(tx: Tx, userId: string, slug: string, versionId: string, now: number) {
  const [version] = await tx
    .select({ label: courseVersions.label, meta: courseVersions.meta })
    .from(courseVersions)
    .where(eq(courseVersions.id, versionId))
    .limit(1);
  if (!version) throw new NotFoundError();
  const { meta } = version;
  const quizIds = new Set(
    (await tx.select({ quizId: courseModules.quizId }).from(courseModules).where(eq(courseModules.versionId, versionId))).map((m) => m.quizId),
  );
  const percents = (
    await tx
      .select({ quizId: quizPasses.quizId, bestPercent: quizPasses.bestPercent })
      .from(quizPasses)
      .where(and(eq(quizPasses.userId, userId), eq(quizPasses.courseSlug, slug)))
  )
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
export async function evaluateCompletion(tx: Tx, userId: string, slug: string, now: number) {
  const [live] = await tx.select({ versionId: courses.liveVersionId }).from(courses).where(eq(courses.slug, slug)).limit(1);
  if (!live?.versionId) throw new NotFoundError();
  const requiredLessons = await tx
    .select({ lessonId: lessons.lessonId, required: lessons.required, minutes: lessons.minutes })
    .from(lessons)
    .where(eq(lessons.versionId, live.versionId));
  const quizIds = (
    await tx.select({ quizId: courseModules.quizId }).from(courseModules).where(eq(courseModules.versionId, live.versionId))
  ).map((m) => m.quizId);
  const completed = await tx
    .select({ lessonId: lessonCompletions.lessonId })
    .from(lessonCompletions)
    .where(and(eq(lessonCompletions.userId, userId), eq(lessonCompletions.courseSlug, slug)));
  const passed = await tx
    .select({ quizId: quizPasses.quizId })
    .from(quizPasses)
    .where(and(eq(quizPasses.userId, userId), eq(quizPasses.courseSlug, slug)));
  const progress = courseProgress(
    { lessons: requiredLessons, quizIds },
    { completedLessonIds: new Set(completed.map((c) => c.lessonId)), passedQuizIds: new Set(passed.map((p) => p.quizId)) },
  );
  const enrolment = await requireEnrolment(tx, userId, slug);
  let isNewlyComplete = false;
  if (progress.isComplete && !enrolment.completedAt) {
    // Completed once, whatever the concurrency: of two transactions completing the course at the same moment on
    // PostgreSQL, the second waits on this row and then finds completed_at set, so it updates (and issues) nothing.
    const recorded = await tx
      .update(enrolments)
      .set({ completedAt: now })
      .where(and(eq(enrolments.id, enrolment.id), isNull(enrolments.completedAt)))
      .returning({ id: enrolments.id });
    isNewlyComplete = recorded.length === 1;
  }
  if (isNewlyComplete) {
    // Issued exactly once, in the transaction that records the completion
    await issueCertificate(tx, await certificateIssuance(tx, userId, slug, live.versionId, now), now);
  }
  return { ...progress, isNewlyComplete, versionId: live.versionId };
}
