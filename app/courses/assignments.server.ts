// Supervisors assign courses (including those with `enrolment: assigned`) to people who already have an account,
// and follow the progress of the enrolments they assigned.
import { and, asc, count, desc, eq, inArray, isNotNull, or } from "drizzle-orm";
import { z } from "zod";
import { accountIdsByEmail, normaliseEmail } from "~/auth/accounts.server";
import { CAN_FOLLOW_LEARNERS, hasRole, type Role } from "~/auth/roles";
import { containsText, db, transaction } from "~/db.server";
import { ForbiddenError, ValidationError, type Message } from "~/errors";
import { randomId } from "~/ids.server";
import { localize } from "./localize";
import { courseProgress } from "./progress";
import { courseModules, courseVersions, courses, enrolments, lessonCompletions, lessons, quizPasses, users } from "#db/tables";

type Locale = "en" | "fr" | "es";

// Trainers and admins oversee the whole platform; a supervisor follows only the people they assigned.
const SEES_EVERY_ASSIGNMENT: readonly Role[] = ["trainer", "admin"];

// One form post assigns a team, not a population: a bigger list is more likely a paste error.
export const MAX_EMAILS_PER_ASSIGNMENT = 500;
export const ASSIGNMENTS_PAGE_SIZE = 20;

// The same rule as registration, so an address that could register is an address that can be assigned.
const EmailAddress = z.string().max(254).email();

type ListedEmail = { line: number; email: string };

/** Addresses one per line or separated by commas or semicolons, normalised as at registration, with their line. */
export function parseEmailList(text: string): ListedEmail[] {
  const listed: ListedEmail[] = [];
  const seen = new Set<string>();
  text.split(/\r\n|\r|\n/).forEach((content, index) => {
    for (const part of content.split(/[,;]/)) {
      const email = normaliseEmail(part);
      if (!email || seen.has(email)) continue;
      seen.add(email);
      listed.push({ line: index + 1, email });
    }
  });
  return listed;
}

const emailsError = (key: string, values?: Message["values"]) => new ValidationError({ emails: { key, values } });

/**
 * Enrols every listed person in the course, recording who assigned it. All or nothing: one unknown course, malformed
 * or unknown address writes nothing, and the error names the first problem line. Someone already enrolled keeps
 * their enrolment (and its progress) as it is.
 */
export function assignCourse(supervisorId: string, slug: string, emailsText: string, now = Date.now()) {
  const listed = parseEmailList(emailsText);
  return transaction(async (tx) => {
    const [course] = await tx
      .select({ slug: courses.slug })
      .from(courses)
      .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
      .where(eq(courses.slug, slug))
      .limit(1);
    if (!course) throw new ValidationError({ course: { key: "supervise.errors.unknownCourse" } });
    if (listed.length === 0) throw emailsError("supervise.errors.noEmails");
    if (listed.length > MAX_EMAILS_PER_ASSIGNMENT) throw emailsError("supervise.errors.tooMany", { max: MAX_EMAILS_PER_ASSIGNMENT });

    const wellFormed = listed.filter((l) => EmailAddress.safeParse(l.email).success).map((l) => l.email);
    const accounts = await accountIdsByEmail(tx, wellFormed);
    for (const { line, email } of listed) {
      if (!EmailAddress.safeParse(email).success) throw emailsError("supervise.errors.invalidEmail", { line, email });
      if (!accounts.has(email)) throw emailsError("supervise.errors.unknownEmail", { line, email });
    }

    const userIds = [...accounts.values()];
    const enrolled = new Set(
      (
        await tx
          .select({ userId: enrolments.userId })
          .from(enrolments)
          .where(and(eq(enrolments.courseSlug, slug), inArray(enrolments.userId, userIds)))
      ).map((e) => e.userId),
    );
    const newcomers = userIds.filter((id) => !enrolled.has(id));
    if (newcomers.length) {
      await tx
        .insert(enrolments)
        .values(newcomers.map((userId) => ({ id: randomId(), userId, courseSlug: slug, enrolledAt: now, assignedBy: supervisorId, lastActivityAt: now })))
        .onConflictDoNothing();
    }
    return { assigned: newcomers.length, alreadyEnrolled: enrolled.size };
  });
}

export type AssignmentQuery = { query: string; page: number; locale?: Locale };

/**
 * The assigned enrolments a follower may see, newest first, with each learner's progress by the completion rule
 * over the course's live version (the figures of the course page).
 */
export async function listAssignments(followerId: string, role: Role, { query, page, locale = "en" }: AssignmentQuery) {
  if (!hasRole(role, CAN_FOLLOW_LEARNERS)) throw new ForbiddenError();
  const text = query.trim();
  const where = and(
    isNotNull(enrolments.assignedBy),
    hasRole(role, SEES_EVERY_ASSIGNMENT) ? undefined : eq(enrolments.assignedBy, followerId),
    text
      ? or(
          containsText(users.fullName, text),
          containsText(users.email, text.toLowerCase()),
          containsText(courseVersions.searchText, text.toLowerCase()),
        )
      : undefined,
  );
  const [{ n: total }] = await db
    .select({ n: count() })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(courses, eq(courses.slug, enrolments.courseSlug))
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .where(where);
  const pageCount = Math.max(1, Math.ceil(total / ASSIGNMENTS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db
    .select({
      id: enrolments.id,
      userId: users.id,
      fullName: users.fullName,
      email: users.email,
      organisation: users.organisation,
      slug: enrolments.courseSlug,
      versionId: courseVersions.id,
      meta: courseVersions.meta,
      assignedAt: enrolments.enrolledAt,
      lastActivityAt: enrolments.lastActivityAt,
      completedAt: enrolments.completedAt,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .innerJoin(courses, eq(courses.slug, enrolments.courseSlug))
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .where(where)
    .orderBy(desc(enrolments.enrolledAt), asc(users.fullName), asc(enrolments.id))
    .limit(ASSIGNMENTS_PAGE_SIZE)
    .offset((current - 1) * ASSIGNMENTS_PAGE_SIZE);

  const records = await learnerRecords(rows);
  const structures = await courseStructures([...new Set(rows.map((r) => r.versionId))]);
  return {
    total,
    page: current,
    pageCount,
    rows: rows.map((row) => {
      const structure = structures.get(row.versionId) ?? { lessons: [], quizIds: [] };
      const record = records.get(`${row.userId}\u0000${row.slug}`) ?? { completedLessonIds: new Set(), bestPercent: new Map() };
      const progress = courseProgress(structure, { completedLessonIds: record.completedLessonIds, passedQuizIds: new Set(record.bestPercent.keys()) });
      const best = structure.quizIds.map((id) => record.bestPercent.get(id)).filter((p): p is number => p !== undefined);
      return {
        id: row.id,
        fullName: row.fullName,
        email: row.email,
        organisation: row.organisation,
        courseSlug: row.slug,
        courseTitle: localize(row.meta.title, locale, row.meta.defaultLanguage),
        assignedAt: row.assignedAt,
        lastActivityAt: row.lastActivityAt,
        completedAt: row.completedAt,
        percent: progress.percent,
        quizzes: {
          passed: progress.quizzesPassed,
          required: progress.quizzesRequired,
          bestPercent: best.length ? Math.round(Math.max(...best)) : null,
        },
      };
    }),
  };
}

/** Lessons and quizzes of each live version on the page: two queries for the whole page. */
async function courseStructures(versionIds: string[]) {
  const structures = new Map<string, { lessons: { lessonId: string; required: boolean; minutes: number }[]; quizIds: string[] }>();
  if (versionIds.length === 0) return structures;
  for (const id of versionIds) structures.set(id, { lessons: [], quizIds: [] });
  for (const lesson of await db
    .select({ versionId: lessons.versionId, lessonId: lessons.lessonId, required: lessons.required, minutes: lessons.minutes })
    .from(lessons)
    .where(inArray(lessons.versionId, versionIds))) {
    structures.get(lesson.versionId)!.lessons.push(lesson);
  }
  for (const module of await db
    .select({ versionId: courseModules.versionId, quizId: courseModules.quizId })
    .from(courseModules)
    .where(inArray(courseModules.versionId, versionIds))
    .orderBy(courseModules.position)) {
    structures.get(module.versionId)!.quizIds.push(module.quizId);
  }
  return structures;
}

/** Completed lessons and best quiz percents of the learners on the page, keyed by learner and course. */
async function learnerRecords(rows: { userId: string; slug: string }[]) {
  const records = new Map<string, { completedLessonIds: Set<string>; bestPercent: Map<string, number> }>();
  if (rows.length === 0) return records;
  for (const row of rows) records.set(`${row.userId}\u0000${row.slug}`, { completedLessonIds: new Set(), bestPercent: new Map() });
  const userIds = [...new Set(rows.map((r) => r.userId))];
  const slugs = [...new Set(rows.map((r) => r.slug))];
  // Pairs outside the page (same learner, another course on the page) are fetched too and ignored below.
  for (const c of await db
    .select({ userId: lessonCompletions.userId, slug: lessonCompletions.courseSlug, lessonId: lessonCompletions.lessonId })
    .from(lessonCompletions)
    .where(and(inArray(lessonCompletions.userId, userIds), inArray(lessonCompletions.courseSlug, slugs)))) {
    records.get(`${c.userId}\u0000${c.slug}`)?.completedLessonIds.add(c.lessonId);
  }
  for (const p of await db
    .select({ userId: quizPasses.userId, slug: quizPasses.courseSlug, quizId: quizPasses.quizId, bestPercent: quizPasses.bestPercent })
    .from(quizPasses)
    .where(and(inArray(quizPasses.userId, userIds), inArray(quizPasses.courseSlug, slugs)))) {
    records.get(`${p.userId}\u0000${p.slug}`)?.bestPercent.set(p.quizId, p.bestPercent);
  }
  return records;
}
