// Assignments (issue 14, ADR 0025): a course, or some of its modules, assigned to a person or to an organisation
// unit, with a due rule, a recurrence, extensions and cancellation. Who an assignment reaches comes from the units
// functions (a unit assignment reaches everyone in the unit's subtree, including people who join later); where each
// person stands comes from the courses and certificates capabilities' functions; the pure rules
// (./assignment-rules.ts) turn those facts into cycles and statuses. Nothing about cycles is stored.
import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "~/audit.server";
import { accountIdsByEmail, normaliseEmail, profilesByIds } from "~/auth/accounts.server";
import { certificateFactsFor, type CertificateFact } from "~/certificates/certificates.server";
import { assignableCourse, enrolAssigned } from "~/courses/enrolment.server";
import { listCatalog } from "~/courses/courses.server";
import { localize } from "~/courses/localize";
import { courseStandings, courseStructures, liveVersionsOf, type CourseStanding } from "~/courses/progress.server";
import type { Locale } from "~/i18n/languages";
import { db, transaction, type Queryable, type Tx } from "~/db.server";
import { ConflictError, NotFoundError, ValidationError, type Message } from "~/errors";
import { randomId } from "~/ids.server";
import { assignmentExtensions, assignments } from "#db/tables/supervision";
import { DAY_MS, personStatus, type Completion, type DueRule, type PersonFacts, type PersonStatus, type Recurrence } from "./assignment-rules";
import { flattenTree } from "./tree";
import { ancestorsOf, canSuperviseUser, membersOf, membershipsOf, requireUnitInScope, scopeOf, subtreeUnitIds, unitsSupervisedBy, unitTree, type Actor } from "./units.server";
import { supervisionTransaction } from "./compliance-snapshot.server";

export type { Actor };
export type AssignmentRow = typeof assignments.$inferSelect;

// One form post assigns a team, not a population: a bigger list is more likely a paste error (a unit reaches more).
export const MAX_EMAILS_PER_ASSIGNMENT = 500;
export const REASON_MAX = 500;
// A due date more than ten years away is a typing error, not a plan.
const MAX_DUE_DAYS = 3650;
const MAX_RECURRENCE_MONTHS = 120;

export function dueRuleOf(row: Pick<AssignmentRow, "dueKind" | "dueAt" | "dueDays">): DueRule {
  return row.dueKind === "date" ? { kind: "date", at: row.dueAt ?? 0 } : { kind: row.dueKind, days: row.dueDays ?? 0 };
}

export function recurrenceOf(row: Pick<AssignmentRow, "recurrenceKind" | "recurrenceMonths">): Recurrence {
  if (row.recurrenceKind === "months") return { kind: "months", months: row.recurrenceMonths ?? 12 };
  return { kind: row.recurrenceKind };
}

const dueColumns = (rule: DueRule) =>
  rule.kind === "date" ? { dueKind: rule.kind, dueAt: rule.at, dueDays: null } : { dueKind: rule.kind, dueAt: null, dueDays: rule.days };

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

const EmailAddress = z.string().max(254).email();
const fieldError = (field: string, key: string, values?: Message["values"]) => new ValidationError({ [field]: { key, values } });

export type NewAssignment = {
  courseSlug: string;
  /** Empty: the whole course. */
  moduleIds: string[];
  target: { kind: "unit"; unitId: string } | { kind: "people"; emails: string };
  dueRule: DueRule;
  recurrence: Recurrence;
};

function checkRules(input: NewAssignment, now: number) {
  const rule = input.dueRule;
  if (rule.kind === "date" && (!Number.isFinite(rule.at) || rule.at <= now - DAY_MS)) throw fieldError("dueDate", "compliance.errors.dueInPast");
  if (rule.kind !== "date" && (!Number.isInteger(rule.days) || rule.days < 0 || rule.days > MAX_DUE_DAYS)) {
    throw fieldError("dueDays", "compliance.errors.dueDays", { max: MAX_DUE_DAYS });
  }
  const recurrence = input.recurrence;
  if (recurrence.kind === "months" && (!Number.isInteger(recurrence.months) || recurrence.months < 1 || recurrence.months > MAX_RECURRENCE_MONTHS)) {
    throw fieldError("recurrenceMonths", "compliance.errors.recurrenceMonths", { max: MAX_RECURRENCE_MONTHS });
  }
  // Lesson completions and quiz passes are never reset, so a module can be completed only once: a recurrence of
  // some modules could never be met again.
  if (input.moduleIds.length > 0 && recurrence.kind !== "none") throw fieldError("recurrence", "compliance.errors.modulesRecur");
}

/**
 * Creates the assignment (one per person for a list of people, one for a unit) and enrols everyone it reaches now,
 * all in one transaction: a course without a live version, an unknown module, a unit outside the actor's scope or
 * one address that is not one of the actor's people writes nothing. An address outside the actor's units gets the
 * same answer whether or not it has an account.
 */
export async function createAssignment(actor: Actor, input: NewAssignment, now = Date.now()) {
  checkRules(input, now);
  return supervisionTransaction(async (tx) => {
    const course = await assignableCourse(tx, input.courseSlug);
    if (!course) throw fieldError("course", "compliance.errors.unknownCourse");
    const known = new Set(course.moduleIds);
    const moduleIds = course.moduleIds.filter((id) => input.moduleIds.includes(id));
    if (input.moduleIds.some((id) => !known.has(id))) throw fieldError("modules", "compliance.errors.unknownModule");

    const base = {
      courseSlug: input.courseSlug,
      moduleIds: moduleIds.length ? moduleIds : null,
      ...dueColumns(input.dueRule),
      recurrenceKind: input.recurrence.kind,
      recurrenceMonths: input.recurrence.kind === "months" ? input.recurrence.months : null,
      createdBy: actor.id,
      createdAt: now,
    };
    let rows: (typeof assignments.$inferInsert)[];
    if (input.target.kind === "unit") {
      try {
        await requireUnitInScope(tx, actor, input.target.unitId);
      } catch (error) {
        if (error instanceof NotFoundError) throw fieldError("unit", "compliance.errors.unitNotInScope");
        throw error;
      }
      rows = [{ id: randomId(), ...base, targetUnitId: input.target.unitId }];
    } else {
      const userIds = await peopleInScope(tx, actor, input.target.emails);
      rows = userIds.map((userId) => ({ id: randomId(), ...base, targetUserId: userId }));
    }
    await tx.insert(assignments).values(rows);
    const reached = await reachedPeople(tx, rows as AssignmentRow[]);
    const userIds = [...new Set([...reached.values()].flatMap((people) => [...people.keys()]))];
    const newlyEnrolled = await enrolAssigned(tx, input.courseSlug, userIds, actor.id, now);
    for (const row of rows) {
      await recordAudit(tx, {
        actorId: actor.id,
        action: "assignment.created",
        subject: row.id!,
        details: {
          course: input.courseSlug,
          modules: base.moduleIds,
          target: row.targetUnitId ? { unit: row.targetUnitId } : { user: row.targetUserId },
          due: input.dueRule,
          recurrence: input.recurrence,
          reached: reached.get(row.id!)?.size ?? 0,
        },
        at: now,
      });
    }
    return { ids: rows.map((r) => r.id!), reached: userIds.length, newlyEnrolled, alreadyEnrolled: userIds.length - newlyEnrolled };
  });
}

async function peopleInScope(tx: Tx, actor: Actor, emailsText: string): Promise<string[]> {
  const listed = parseEmailList(emailsText);
  if (listed.length === 0) throw fieldError("emails", "compliance.errors.noEmails");
  if (listed.length > MAX_EMAILS_PER_ASSIGNMENT) throw fieldError("emails", "compliance.errors.tooManyEmails", { max: MAX_EMAILS_PER_ASSIGNMENT });
  for (const { line, email } of listed) {
    if (!EmailAddress.safeParse(email).success) throw fieldError("emails", "compliance.errors.invalidEmail", { line, email });
  }
  const accounts = await accountIdsByEmail(tx, listed.map((l) => l.email));
  const ids: string[] = [];
  for (const { line, email } of listed) {
    const id = accounts.get(email);
    // One message for "no account" and "not one of yours": the answer must not reveal who has an account.
    if (!id || !(await canSuperviseUser(tx, actor, id))) throw fieldError("emails", "compliance.errors.notYourPerson", { line, email });
    ids.push(id);
  }
  return ids;
}

/**
 * Who each assignment reaches now, with when they came within its reach (the joining date for a unit; the
 * creation for a person): a person in several units of the subtree counts once, from their earliest joining. With
 * `onlyUsers`, only those people.
 */
export async function reachedPeople(
  q: Queryable,
  rows: Pick<AssignmentRow, "id" | "targetUserId" | "targetUnitId" | "createdAt">[],
  { onlyUsers }: { onlyUsers?: ReadonlySet<string> } = {},
) {
  const reached = new Map<string, Map<string, number>>();
  const membersByUnit = new Map<string, { userId: string; unitId: string; joinedAt: number }[]>();
  // For a few people, their own memberships are fewer rows to read than everyone's in the targeted subtrees.
  const theirs = onlyUsers && onlyUsers.size <= 5_000 ? await membershipsOf(q, [...onlyUsers]) : null;
  for (const unitId of new Set(rows.flatMap((r) => (r.targetUnitId ? [r.targetUnitId] : [])))) {
    const subtree = await subtreeUnitIds(q, [unitId]);
    if (theirs) {
      const inSubtree = new Set(subtree);
      membersByUnit.set(unitId, theirs.filter((m) => inSubtree.has(m.unitId)));
    } else {
      const members = await membersOf(q, subtree);
      membersByUnit.set(unitId, onlyUsers ? members.filter((m) => onlyUsers.has(m.userId)) : members);
    }
  }
  for (const row of rows) {
    const people = new Map<string, number>();
    if (row.targetUserId && (!onlyUsers || onlyUsers.has(row.targetUserId))) people.set(row.targetUserId, row.createdAt);
    for (const m of row.targetUnitId ? membersByUnit.get(row.targetUnitId)! : []) {
      people.set(m.userId, Math.min(people.get(m.userId) ?? Infinity, m.joinedAt));
    }
    reached.set(row.id, people);
  }
  return reached;
}

/** The completions an assignment counts: each certificate of the course (a revocation ends its validity), else the completion the courses capability recorded; for modules, the moment the modules were complete. */
export function completionsOf(row: Pick<AssignmentRow, "moduleIds">, standing: CourseStanding | undefined, certificates: CertificateFact[] | undefined): Completion[] {
  if (!row.moduleIds && certificates?.length) {
    return certificates.map((c) => ({
      at: c.completedAt,
      validUntil: c.revokedAt === null ? c.validUntil : Math.min(c.revokedAt, c.validUntil ?? Infinity),
    }));
  }
  return standing?.completedAt != null ? [{ at: standing.completedAt, validUntil: null }] : [];
}

export type PersonAssignment = {
  assignmentId: string;
  userId: string;
  joinedAt: number;
  isEnrolled: boolean;
  facts: PersonFacts;
  status: PersonStatus;
  /** The latest completion's certificate expiry (null: none or never expires). */
  latest: Completion | null;
};

/**
 * The status of each person each assignment reaches (optionally only `onlyUsers`), at `now`. A fixed number of
 * queries per assignment, whatever the number of people.
 */
export async function personAssignments(
  q: Queryable,
  rows: AssignmentRow[],
  now: number,
  { onlyUsers, reached: given }: { onlyUsers?: ReadonlySet<string>; reached?: Map<string, Map<string, number>> } = {},
): Promise<PersonAssignment[]> {
  const reached = given ?? (await reachedPeople(q, rows));
  const peopleOf = new Map(
    rows.map((row) => [row.id, [...(reached.get(row.id) ?? new Map<string, number>())].filter(([userId]) => !onlyUsers || onlyUsers.has(userId))]),
  );
  // Facts are read once per course (and modules choice) for everyone its assignments reach, not once per
  // assignment: a unit's people are reached by many assignments of few courses, and a list of people makes one
  // assignment per person.
  const factsKey = (row: AssignmentRow) => `${row.courseSlug}\u0000${row.moduleIds?.join(",") ?? ""}`;
  const groups = new Map<string, { slug: string; moduleIds: string[] | null; userIds: Set<string> }>();
  for (const row of rows) {
    const key = factsKey(row);
    const group = groups.get(key) ?? { slug: row.courseSlug, moduleIds: row.moduleIds, userIds: new Set<string>() };
    for (const [userId] of peopleOf.get(row.id)!) group.userIds.add(userId);
    groups.set(key, group);
  }
  const standingsOf = new Map<string, Map<string, CourseStanding>>();
  const certificatesOf = new Map<string, Map<string, CertificateFact[]>>();
  for (const [key, group] of groups) {
    if (group.userIds.size === 0) continue;
    standingsOf.set(key, await courseStandings(q, group.slug, [...group.userIds], group.moduleIds));
    if (!group.moduleIds && !certificatesOf.has(group.slug)) certificatesOf.set(group.slug, await certificateFactsFor(q, group.slug, [...group.userIds]));
  }
  const extensions = await extensionsByAssignment(q, rows.filter((row) => peopleOf.get(row.id)!.length > 0).map((row) => row.id));
  const result: PersonAssignment[] = [];
  for (const row of rows) {
    const people = peopleOf.get(row.id)!;
    if (people.length === 0) continue;
    const standings = standingsOf.get(factsKey(row))!;
    const certificates = row.moduleIds ? undefined : certificatesOf.get(row.courseSlug);
    const granted = extensions.get(row.id);
    const dueRule = dueRuleOf(row);
    const recurrence = recurrenceOf(row);
    for (const [userId, joinedAt] of people) {
      const standing = standings.get(userId);
      const completions = completionsOf(row, standing, certificates?.get(userId));
      const facts: PersonFacts = {
        assignedAt: row.createdAt,
        joinedAt,
        dueRule,
        recurrence,
        completions,
        extensions: granted?.get(userId) ?? [],
        percent: standing?.isStarted ? 1 : 0,
      };
      let latest: Completion | null = null;
      for (const c of completions) if (!latest || c.at >= latest.at) latest = c;
      result.push({ assignmentId: row.id, userId, joinedAt, isEnrolled: standing?.enrolledAt != null, facts, status: personStatus(facts, now), latest });
    }
  }
  return result;
}

/** The extensions granted under the given assignments, by assignment and person. */
async function extensionsByAssignment(q: Queryable, assignmentIds: string[]) {
  const result = new Map<string, Map<string, PersonFacts["extensions"]>>();
  for (let i = 0; i < assignmentIds.length; i += 5_000) {
    for (const e of await q
      .select({ assignmentId: assignmentExtensions.assignmentId, userId: assignmentExtensions.userId, cycle: assignmentExtensions.cycle, dueAt: assignmentExtensions.dueAt, at: assignmentExtensions.grantedAt })
      .from(assignmentExtensions)
      .where(inArray(assignmentExtensions.assignmentId, assignmentIds.slice(i, i + 5_000)))) {
      const byUser = result.get(e.assignmentId) ?? new Map<string, PersonFacts["extensions"]>();
      byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), { cycle: e.cycle, dueAt: e.dueAt, at: e.at }]);
      result.set(e.assignmentId, byUser);
    }
  }
  return result;
}

/** Active (not cancelled) assignments, optionally of one course. */
export async function activeAssignments(q: Queryable, { courseSlug }: { courseSlug?: string } = {}) {
  return q
    .select()
    .from(assignments)
    .where(and(isNull(assignments.cancelledAt), courseSlug ? eq(assignments.courseSlug, courseSlug) : undefined))
    .orderBy(asc(assignments.createdAt), asc(assignments.id));
}

/** The assignment, when the actor may see and act on it; otherwise NotFound, whether or not it exists. */
export async function requireAssignmentInScope(q: Queryable, actor: Actor, assignmentId: string): Promise<AssignmentRow> {
  const [row] = await q.select().from(assignments).where(eq(assignments.id, assignmentId)).limit(1);
  if (!row) throw new NotFoundError();
  if (row.targetUnitId) await requireUnitInScope(q, actor, row.targetUnitId);
  else if (!row.targetUserId || !(await canSuperviseUser(q, actor, row.targetUserId))) throw new NotFoundError();
  return row;
}

/** Sets a new due rule for everyone the assignment reaches (extensions already granted stay). Audited. */
export async function changeDueRule(actor: Actor, assignmentId: string, dueRule: DueRule, now = Date.now()) {
  if (dueRule.kind === "date" && !Number.isFinite(dueRule.at)) throw fieldError("dueDate", "compliance.errors.dueDate");
  if (dueRule.kind !== "date" && (!Number.isInteger(dueRule.days) || dueRule.days < 0 || dueRule.days > MAX_DUE_DAYS)) {
    throw fieldError("dueDays", "compliance.errors.dueDays", { max: MAX_DUE_DAYS });
  }
  return supervisionTransaction(async (tx) => {
    const row = await requireAssignmentInScope(tx, actor, assignmentId);
    if (row.cancelledAt !== null) throw new ConflictError({ key: "compliance.errors.cancelled" });
    await tx.update(assignments).set(dueColumns(dueRule)).where(eq(assignments.id, row.id));
    await recordAudit(tx, { actorId: actor.id, action: "assignment.due-changed", subject: row.id, details: { from: dueRuleOf(row), to: dueRule }, at: now });
  });
}

/**
 * Gives one person a new due date for their current cycle of the assignment, with the reason. Only for a person the
 * actor supervises and the assignment reaches. Audited.
 */
export async function grantExtension(actor: Actor, assignmentId: string, userId: string, input: { dueAt: number; reason: string }, now = Date.now()) {
  const reason = input.reason.trim();
  if (!reason) throw fieldError("reason", "compliance.errors.reasonRequired");
  if (reason.length > REASON_MAX) throw fieldError("reason", "compliance.errors.reasonTooLong", { max: REASON_MAX });
  if (!Number.isFinite(input.dueAt) || input.dueAt <= now) throw fieldError("dueDate", "compliance.errors.extensionInPast");
  return supervisionTransaction(async (tx) => {
    const row = await requireAssignmentInScope(tx, actor, assignmentId);
    if (row.cancelledAt !== null) throw new ConflictError({ key: "compliance.errors.cancelled" });
    if (!(await canSuperviseUser(tx, actor, userId))) throw new NotFoundError();
    const [person] = await personAssignments(tx, [row], now, { onlyUsers: new Set([userId]) });
    if (!person) throw new NotFoundError();
    const cycle = person.status.cycles.at(-1)!.number;
    await tx.insert(assignmentExtensions).values({ id: randomId(), assignmentId: row.id, userId, cycle, dueAt: input.dueAt, reason, grantedBy: actor.id, grantedAt: now });
    await recordAudit(tx, { actorId: actor.id, action: "assignment.extended", subject: row.id, details: { user: userId, cycle, dueAt: input.dueAt, reason }, at: now });
  });
}

/** Cancels the assignment for everyone; enrolments and progress stay. Cancelling twice is refused (409). Audited. */
export async function cancelAssignment(actor: Actor, assignmentId: string, reasonText: string, now = Date.now()) {
  const reason = reasonText.trim();
  if (!reason) throw fieldError("reason", "compliance.errors.reasonRequired");
  if (reason.length > REASON_MAX) throw fieldError("reason", "compliance.errors.reasonTooLong", { max: REASON_MAX });
  return supervisionTransaction(async (tx) => {
    const row = await requireAssignmentInScope(tx, actor, assignmentId);
    const cancelled = await tx
      .update(assignments)
      .set({ cancelledAt: now, cancelledBy: actor.id, cancellationReason: reason })
      .where(and(eq(assignments.id, row.id), isNull(assignments.cancelledAt)))
      .returning({ id: assignments.id });
    if (cancelled.length === 0) throw new ConflictError({ key: "compliance.errors.cancelled" });
    await recordAudit(tx, { actorId: actor.id, action: "assignment.cancelled", subject: row.id, details: { reason }, at: now });
  });
}

/** Extensions granted to people of the assignment, newest first (for its page). */
export async function extensionsOf(q: Queryable, assignmentId: string) {
  return q
    .select()
    .from(assignmentExtensions)
    .where(eq(assignmentExtensions.assignmentId, assignmentId))
    .orderBy(desc(assignmentExtensions.grantedAt), desc(assignmentExtensions.id));
}

/**
 * The active assignments that reach the person now: those naming them, and those of a unit whose subtree holds one
 * of their units (joined from the earliest such unit).
 */
export async function assignmentsReaching(q: Queryable, userId: string): Promise<{ rows: AssignmentRow[]; reached: Map<string, Map<string, number>> }> {
  const memberships = await membershipsOf(q, [userId]);
  // The units whose assignments reach the person: each of theirs and every unit above it. Three reads whatever the
  // number of units and assignments (the dashboard asks on every visit).
  const ancestors = await ancestorsOf(q, memberships.map((m) => m.unitId));
  const reachingUnits = [...new Set([...ancestors.values()].flatMap((ids) => [...ids]))];
  const direct = await q
    .select()
    .from(assignments)
    .where(
      and(
        isNull(assignments.cancelledAt),
        or(eq(assignments.targetUserId, userId), reachingUnits.length ? inArray(assignments.targetUnitId, reachingUnits) : undefined),
      ),
    );
  const rows: AssignmentRow[] = [];
  const reached = new Map<string, Map<string, number>>();
  for (const row of direct) {
    // Reached from the earliest membership of a unit in the assigned unit's subtree (or when it names the person).
    const joined =
      row.targetUserId === userId
        ? [row.createdAt]
        : memberships.filter((m) => row.targetUnitId && ancestors.get(m.unitId)?.has(row.targetUnitId)).map((m) => m.joinedAt);
    if (joined.length === 0) continue;
    rows.push(row);
    reached.set(row.id, new Map([[userId, Math.min(...joined)]]));
  }
  return { rows, reached };
}

/**
 * Enrols the person in the course of an assignment that reaches them but found them not yet enrolled (they joined
 * the unit later). NotFound when no active assignment of theirs has this id.
 */
export async function startAssignedCourse(userId: string, assignmentId: string, now = Date.now()) {
  return transaction(async (tx) => {
    const { rows } = await assignmentsReaching(tx, userId);
    const row = rows.find((r) => r.id === assignmentId);
    if (!row) throw new NotFoundError();
    await enrolAssigned(tx, row.courseSlug, [userId], row.createdBy, now);
    return row.courseSlug;
  });
}

/** Enrols everyone the active assignments reach who is not enrolled yet (people who joined a unit later). */
export async function enrolLateJoiners(now = Date.now()) {
  const rows = await activeAssignments(db);
  const reached = await reachedPeople(db, rows.filter((r) => r.targetUnitId));
  let enrolled = 0;
  for (const row of rows) {
    const people = [...(reached.get(row.id)?.keys() ?? [])];
    if (people.length === 0) continue;
    const standings = await courseStandings(db, row.courseSlug, people, null);
    const missing = people.filter((id) => standings.get(id)?.enrolledAt == null);
    if (missing.length) enrolled += await transaction((tx) => enrolAssigned(tx, row.courseSlug, missing, row.createdBy, now));
  }
  return enrolled;
}

/** Assignments by id (any state), for listings that must also show cancelled ones. */
export async function assignmentsByIds(q: Queryable, ids: string[]) {
  if (ids.length === 0) return [];
  return q.select().from(assignments).where(inArray(assignments.id, ids));
}

/** What the assignment form offers the actor: every live course with its modules, and the units in their scope. */
export async function assignFormOptions(actor: Actor, locale: Locale) {
  const catalog = await listCatalog({}, locale, null);
  const live = await liveVersionsOf(db, catalog.map((c) => c.slug));
  const structures = await courseStructures(db, [...live.values()].map((v) => v.versionId));
  const courseOptions = catalog.map((c) => {
    const version = live.get(c.slug)!;
    const structure = structures.get(version.versionId)!;
    return {
      slug: c.slug,
      title: c.title,
      modules: structure.modules.map((m) => ({ id: m.moduleId, title: localize(m.title, locale, version.meta.defaultLanguage) })),
    };
  });
  const scope = await scopeOf(db, actor);
  const tops = scope === "all" ? await unitTree(db, "all") : await unitTree(db, (await unitsSupervisedBy(db, actor.id)).map((u) => u.id));
  return { courses: courseOptions, units: flattenTree(tops).map((u) => ({ id: u.id, path: u.path })) };
}

/** One assignment as its page shows it: what, to whom, the rule, and each person reached with their status. */
export async function assignmentDetail(actor: Actor, assignmentId: string, locale: Locale, now = Date.now()) {
  const row = await requireAssignmentInScope(db, actor, assignmentId);
  const version = (await liveVersionsOf(db, [row.courseSlug])).get(row.courseSlug);
  const structure = version ? (await courseStructures(db, [version.versionId])).get(version.versionId) : undefined;
  const title = (text: Parameters<typeof localize<string>>[0]) => (version ? localize(text, locale, version.meta.defaultLanguage) : "");
  const people = await personAssignments(db, [row], now);
  const profiles = await profilesByIds([...people.map((p) => p.userId), row.createdBy, ...(row.targetUserId ? [row.targetUserId] : [])]);
  const unit = row.targetUnitId ? await requireUnitInScope(db, actor, row.targetUnitId) : null;
  const extensions = await extensionsOf(db, row.id);
  return {
    id: row.id,
    courseSlug: row.courseSlug,
    courseTitle: version ? title(version.meta.title) : row.courseSlug,
    modules: row.moduleIds ? (structure?.modules ?? []).filter((m) => row.moduleIds!.includes(m.moduleId)).map((m) => title(m.title)) : null,
    target: unit ? { kind: "unit" as const, name: unit.path } : { kind: "person" as const, name: profiles.get(row.targetUserId!)?.fullName ?? "" },
    dueRule: dueRuleOf(row),
    recurrence: recurrenceOf(row),
    createdBy: profiles.get(row.createdBy)?.fullName ?? "",
    createdAt: row.createdAt,
    cancelledAt: row.cancelledAt,
    cancellationReason: row.cancellationReason,
    people: people
      .map((p) => ({
        userId: p.userId,
        fullName: profiles.get(p.userId)?.fullName ?? "",
        email: profiles.get(p.userId)?.email ?? "",
        status: p.status.status,
        dueAt: p.status.cycles.at(-1)!.dueAt,
        isExtended: p.status.cycles.at(-1)!.dueAt !== p.status.cycles.at(-1)!.ruleDueAt,
        cycle: p.status.cycles.at(-1)!.number,
        completedAt: p.status.cycle.completion?.at ?? null,
        isEnrolled: p.isEnrolled,
      }))
      .sort((a, b) => a.fullName.localeCompare(b.fullName, locale) || a.userId.localeCompare(b.userId)),
    extensions: extensions.map((e) => ({ ...e, fullName: profiles.get(e.userId)?.fullName ?? "" })),
  };
}

const URGENCY: Record<PersonStatus["status"], number> = {
  overdue: 0,
  expired: 0,
  "not-started": 1,
  "in-progress": 1,
  expiring: 2,
  "completed-late": 3,
  "completed-on-time": 3,
};

/** "Assigned to me": the learner's active assignments, overdue first, then by due date. */
export async function assignedToMe(userId: string, locale: Locale, now = Date.now()) {
  const { rows, reached } = await assignmentsReaching(db, userId);
  const people = await personAssignments(db, rows, now, { reached });
  const live = await liveVersionsOf(db, rows.map((r) => r.courseSlug));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return people
    .flatMap((p) => {
      const row = byId.get(p.assignmentId)!;
      const version = live.get(row.courseSlug);
      if (!version) return [];
      const current = p.status.cycles.at(-1)!;
      return [
        {
          assignmentId: row.id,
          courseSlug: row.courseSlug,
          courseTitle: localize(version.meta.title, locale, version.meta.defaultLanguage),
          moduleCount: row.moduleIds?.length ?? null,
          status: p.status.status,
          dueAt: current.dueAt,
          isOverdue: p.status.status === "overdue" || p.status.status === "expired",
          completedAt: p.status.cycle.completion?.at ?? null,
          isEnrolled: p.isEnrolled,
        },
      ];
    })
    .sort((a, b) => URGENCY[a.status] - URGENCY[b.status] || a.dueAt - b.dueAt || a.courseTitle.localeCompare(b.courseTitle, locale));
}
