// Enrolment, lesson completion and the course completion rule: the writes of the course library.
import { and, desc, eq, isNull, lt, sql } from "drizzle-orm";
import { db, forUpdate, preparedOn, transaction, type Queryable, type Tx } from "~/db.server";
import { ForbiddenError, NotFoundError } from "~/errors";
import { randomId } from "~/ids.server";
import { courses, courseVersions, enrolments, lessonCompletions, lessons, quizPasses } from "#db/tables/courses";
import { fullNameOf } from "~/auth/accounts.server";
import { issueCertificate, renewableCertificateId } from "~/certificates/issuance.server";
import { courseStructures, progressOf, type ProgressInputs } from "./progress.server";

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

// Prepared per connection: every quiz start reads the enrolment, locked, inside its transaction (ADR 0041).
const enrolmentRow = (q: Queryable) =>
  q
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.userId, sql.placeholder("userId")), eq(enrolments.courseSlug, sql.placeholder("slug"))))
    .limit(1);
const readEnrolment = preparedOn((q) => enrolmentRow(q).prepare("enrolment_row"));
const lockEnrolment = preparedOn((q) => forUpdate(enrolmentRow(q)).prepare("enrolment_row_for_update"));

/** The learner's enrolment in the course; Forbidden when there is none. */
export async function requireEnrolment(q: Queryable, userId: string, slug: string, { lock = false } = {}) {
  // With `lock`, the row stays locked to the end of the caller's transaction (PostgreSQL; SQLite's write lock
  // already serialises writers), so concurrent actions of one learner on one course take turns.
  const [enrolment] = await (lock ? lockEnrolment(q) : readEnrolment(q)).execute({ userId, slug });
  if (!enrolment) throw new ForbiddenError({ key: "courses.errors.notEnrolled" });
  return enrolment;
}

/** The learner's enrolment in the course, or undefined when there is none. */
export async function findEnrolment(userId: string, slug: string) {
  const [enrolment] = await readEnrolment(db).execute({ userId, slug });
  return enrolment;
}

// Prepared per connection: the catalogue and the dashboard read it on every page (ADR 0049).
const enrolmentsOfLearner = preparedOn((q) =>
  q
    .select({ slug: enrolments.courseSlug, lastActivityAt: enrolments.lastActivityAt, completedAt: enrolments.completedAt })
    .from(enrolments)
    .where(eq(enrolments.userId, sql.placeholder("userId")))
    .orderBy(desc(enrolments.lastActivityAt))
    .prepare("enrolments_of_learner"),
);

/** Every course the learner is enrolled in, most recent activity first. */
export function enrolmentsOf(userId: string) {
  return enrolmentsOfLearner(db).execute({ userId });
}

export async function isEnrolled(userId: string, slug: string) {
  return Boolean(await findEnrolment(userId, slug));
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
    const finalQuizId = outcome.inputs.structure.quizIds.at(-1);
    const renews = finalQuizId === result.quizId ? await renewableCertificateId(tx, result.userId, result.courseSlug, now) : null;
    if (renews) {
      await issueCertificate(tx, { ...(await certificateIssuance(tx, outcome.inputs, result.userId, now)), renewsCertificateId: renews }, now);
    }
  }
  return outcome;
}

// What the certificate says about the course, from the live version (title in the course's default language: the
// certificate is one document for every reader) and the learner's best quiz results, as numbers: each reader's
// language renders them. The holder's name comes from the accounts capability.
async function certificateIssuance(tx: Tx, inputs: ProgressInputs, userId: string, now: number) {
  const { meta } = inputs;
  const best = inputs.structure.quizIds.flatMap((id) => {
    const percent = inputs.record.bestPercent.get(id);
    return percent === undefined ? [] : [percent];
  });
  return {
    userId,
    holderName: await fullNameOf(tx, userId),
    course: {
      slug: inputs.slug,
      title: meta.title[meta.defaultLanguage] ?? Object.values(meta.title)[0] ?? inputs.slug,
      versionLabel: inputs.label,
      hours: meta.estimatedHours,
      credits: meta.creditHours > 0 ? meta.creditHours : null,
      validityMonths: meta.certificateValidityMonths,
    },
    completedAt: now,
    averagePercent: best.length ? Math.round(best.reduce((a, b) => a + b, 0) / best.length) : null,
  };
}

/**
 * THE completion rule, applied inside the transaction that recorded the learner's latest step: every required
 * lesson of the live version done and every module quiz passed. Records the completion once: the completion is
 * claimed by a conditional update (completed_at still null), so of two connections racing to complete the same
 * enrolment exactly one issues the certificate, on SQLite and on PostgreSQL alike.
 */
export async function evaluateCompletion(tx: Tx, userId: string, slug: string, now: number) {
  const inputs = await progressOf(tx, userId, slug);
  if (!inputs) throw new NotFoundError();
  const enrolment = await requireEnrolment(tx, userId, slug);
  let isNewlyComplete = false;
  if (inputs.progress.isComplete && !enrolment.completedAt) {
    const claimed = await tx
      .update(enrolments)
      .set({ completedAt: now })
      .where(and(eq(enrolments.id, enrolment.id), isNull(enrolments.completedAt)))
      .returning({ id: enrolments.id });
    isNewlyComplete = claimed.length === 1;
    // Issued exactly once, in the transaction that records the completion
    if (isNewlyComplete) await issueCertificate(tx, await certificateIssuance(tx, inputs, userId, now), now);
  }
  return { ...inputs.progress, isNewlyComplete, versionId: inputs.versionId, inputs };
}

/**
 * Enrols the people an assignment reaches, inside the assigning transaction: whatever the course's enrolment mode,
 * since an assignment is the door to `enrolment: assigned` courses. Someone already enrolled keeps their enrolment
 * and its progress (and stays part of the assignment). Returns how many were newly enrolled.
 */
export async function enrolAssigned(tx: Tx, slug: string, userIds: string[], assignedBy: string, now: number): Promise<number> {
  let enrolled = 0;
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += 1_000) {
    const inserted = await tx
      .insert(enrolments)
      .values(unique.slice(i, i + 1_000).map((userId) => ({ id: randomId(), userId, courseSlug: slug, enrolledAt: now, assignedBy, lastActivityAt: now })))
      .onConflictDoNothing()
      .returning({ id: enrolments.id });
    enrolled += inserted.length;
  }
  return enrolled;
}

/** Whether the course has a live version, and its module ids in course order (for choosing modules to assign). */
export async function assignableCourse(q: Queryable, slug: string): Promise<{ moduleIds: string[] } | null> {
  const [live] = await q
    .select({ versionId: courses.liveVersionId })
    .from(courses)
    .where(eq(courses.slug, slug))
    .limit(1);
  if (!live?.versionId) return null;
  const structure = (await courseStructures(q, [live.versionId])).get(live.versionId)!;
  return { moduleIds: structure.modules.map((m) => m.moduleId) };
}
