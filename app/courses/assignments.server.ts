// Supervisors assign courses (including those with `enrolment: assigned`) to people who already have an account,
// and follow the progress of the enrolments they assigned.
import { and, asc, count, desc, eq, inArray, isNotNull, or } from "drizzle-orm";
import { z } from "zod";
import { accountIdsByEmail, accountMatches, accountNameOf, normaliseEmail, profilesByIds } from "~/auth/accounts.server";
import { CAN_FOLLOW_LEARNERS, hasRole, type Role } from "~/auth/roles";
import { containsText, db, transaction } from "~/db.server";
import { ForbiddenError, ValidationError, type Message } from "~/errors";
import { randomId } from "~/ids.server";
import { localize } from "./localize";
import { loadProgressInputs, progressKey } from "./progress.server";
import { courses, courseVersions, enrolments } from "#db/tables/courses";

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
    text ? or(accountMatches(enrolments.userId, text), containsText(courseVersions.searchText, text.toLowerCase())) : undefined,
  );
  const [{ n: total }] = await db
    .select({ n: count() })
    .from(enrolments)
    .innerJoin(courses, eq(courses.slug, enrolments.courseSlug))
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .where(where);
  const pageCount = Math.max(1, Math.ceil(total / ASSIGNMENTS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db
    .select({
      id: enrolments.id,
      userId: enrolments.userId,
      slug: enrolments.courseSlug,
      assignedAt: enrolments.enrolledAt,
      lastActivityAt: enrolments.lastActivityAt,
      completedAt: enrolments.completedAt,
    })
    .from(enrolments)
    .innerJoin(courses, eq(courses.slug, enrolments.courseSlug))
    .innerJoin(courseVersions, eq(courseVersions.id, courses.liveVersionId))
    .where(where)
    .orderBy(desc(enrolments.enrolledAt), asc(accountNameOf(enrolments.userId)), asc(enrolments.id))
    .limit(ASSIGNMENTS_PAGE_SIZE)
    .offset((current - 1) * ASSIGNMENTS_PAGE_SIZE);

  const profiles = await profilesByIds(rows.map((r) => r.userId));
  const inputs = await loadProgressInputs(db, rows);
  return {
    total,
    page: current,
    pageCount,
    rows: rows.flatMap((row) => {
      const course = inputs.get(progressKey(row.userId, row.slug));
      const profile = profiles.get(row.userId);
      if (!course || !profile) return [];
      const best = course.structure.quizIds.flatMap((id) => course.record.bestPercent.get(id) ?? []);
      return [
        {
          id: row.id,
          fullName: profile.fullName,
          email: profile.email,
          organisation: profile.organisation,
          courseSlug: row.slug,
          courseTitle: localize(course.meta.title, locale, course.meta.defaultLanguage),
          assignedAt: row.assignedAt,
          lastActivityAt: row.lastActivityAt,
          completedAt: row.completedAt,
          percent: course.progress.percent,
          quizzes: {
            passed: course.progress.quizzesPassed,
            required: course.progress.quizzesRequired,
            bestPercent: best.length ? Math.round(Math.max(...best)) : null,
          },
        },
      ];
    }),
  };
}
