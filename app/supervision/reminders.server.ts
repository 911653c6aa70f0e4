// The assignment reminder job (issue 14, ADR 0025): at each run, works out from the assignment rules which
// reminders are due now (before the due date, on it, overdue, escalation to the supervisors, certificate expiry at
// 60 and 14 days) and puts them in the outbox, in each recipient's language. Exactly once comes from the outbox's
// unique dedupe key (assignment, person, cycle, kind, the date it is about), not from this job remembering anything:
// a second run, another node or a restart finds the rows already there. The same run enrols people who joined an
// assigned unit since the last run.
import { mailRecipientsByIds } from "~/auth/accounts.server";
import { localize } from "~/courses/localize";
import { liveVersionsOf } from "~/courses/progress.server";
import { db, transaction } from "~/db.server";
import { env } from "~/env.server";
import { registerJob } from "~/jobs/scheduler.server";
import { enqueueMails, takenDedupeKeys, type OutgoingMail } from "~/mail/outbox.server";
import { DAY_MS, dueReminders, type ReminderSettings } from "./assignment-rules";
import { activeAssignments, enrolLateJoiners, personAssignments, reachedPeople } from "./assignments.server";
import { membershipsOf, nearestSupervisorsOf, pathsOf } from "./units.server";

/** Outbox rows written per transaction: short transactions keep the writer free for people's requests. */
const BATCH = 500;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Enqueues every reminder due at `now`; returns how many were new (already-enqueued ones are skipped by key). */
export async function enqueueDueReminders(
  now = Date.now(),
  settings: ReminderSettings = { beforeDays: env.ASSIGNMENT_REMINDER_DAYS, escalationDays: env.ASSIGNMENT_ESCALATION_DAYS },
): Promise<number> {
  const rows = await activeAssignments(db);
  const reached = await reachedPeople(db, rows);
  const people = await personAssignments(db, rows, now, { reached });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const due = people.flatMap((p) => dueReminders({ assignmentId: p.assignmentId, userId: p.userId }, p.facts, now, settings).map((r) => ({ person: p, reminder: r })));
  if (due.length === 0) return 0;

  const live = await liveVersionsOf(db, rows.map((r) => r.courseSlug));
  // Escalations go, for each of the person's units, to the supervisors of that unit or of its nearest ancestor that
  // has any (the assignment's author when no unit up to the root has one).
  // Read in bulk: overdue people stay escalated at every run until they complete, and a service has few units.
  const escalated = [...new Set(due.filter((d) => d.reminder.to === "supervisors").map((d) => d.person.userId))];
  const memberships = await membershipsOf(db, escalated);
  const unitIds = [...new Set(memberships.map((m) => m.unitId))];
  const paths = await pathsOf(db, unitIds);
  const supervisorsOfUnit = new Map<string, string[]>();
  for (const unitId of unitIds) supervisorsOfUnit.set(unitId, await nearestSupervisorsOf(db, unitId));
  const supervisorsOfPerson = new Map<string, { unitName: string; supervisorIds: string[] }>();
  const unitsOfPerson = new Map<string, { id: string; path: string }[]>();
  for (const m of memberships) unitsOfPerson.set(m.userId, [...(unitsOfPerson.get(m.userId) ?? []), { id: m.unitId, path: paths.get(m.unitId) ?? "" }]);
  for (const userId of escalated) {
    const units = (unitsOfPerson.get(userId) ?? []).sort((a, b) => a.path.localeCompare(b.path));
    const ids = new Set(units.flatMap((u) => supervisorsOfUnit.get(u.id)!));
    supervisorsOfPerson.set(userId, { unitName: units.map((u) => u.path).join(", "), supervisorIds: [...ids] });
  }
  const recipientIds = new Set(due.map((d) => d.person.userId));
  for (const d of due) {
    if (d.reminder.to !== "supervisors") continue;
    const s = supervisorsOfPerson.get(d.person.userId)!;
    for (const id of s.supervisorIds.length ? s.supervisorIds : [byId.get(d.person.assignmentId)!.createdBy]) recipientIds.add(id);
  }
  const recipients = await mailRecipientsByIds(db, [...recipientIds]);

  const mails: OutgoingMail[] = [];
  for (const { person, reminder } of due) {
    const assignment = byId.get(person.assignmentId)!;
    const learner = recipients.get(person.userId);
    const version = live.get(assignment.courseSlug);
    if (!learner || !version) continue;
    const courseTitle = (locale: "en" | "fr" | "es") => localize(version.meta.title, locale, version.meta.defaultLanguage);
    const courseLink = `${env.publicUrl}/courses/${assignment.courseSlug}`;
    // Due dates are stored as the end of the due day; the mail names the day itself.
    const dueDate = isoDay(reminder.dueAt - 1);
    if (reminder.to === "person") {
      const daysLeft = Math.max(0, Math.ceil((reminder.dueAt - now) / DAY_MS));
      mails.push({
        kind: reminder.kind,
        userId: person.userId,
        to: learner.email,
        locale: learner.locale,
        data:
          reminder.kind === "certificate-expiring"
            ? { fullName: learner.fullName, courseTitle: courseTitle(learner.locale), expiryDate: isoDay(reminder.dueAt), daysLeft, link: courseLink }
            : { fullName: learner.fullName, courseTitle: courseTitle(learner.locale), dueDate, daysLeft, link: courseLink },
        dedupeKey: reminder.dedupeKey,
        now,
      });
      continue;
    }
    const { unitName, supervisorIds } = supervisorsOfPerson.get(person.userId)!;
    for (const supervisorId of supervisorIds.length ? supervisorIds : [assignment.createdBy]) {
      const supervisor = recipients.get(supervisorId);
      if (!supervisor) continue;
      mails.push({
        kind: "assignment-escalation",
        userId: supervisorId,
        to: supervisor.email,
        locale: supervisor.locale,
        data: {
          supervisorName: supervisor.fullName,
          learnerName: learner.fullName,
          unitName,
          courseTitle: courseTitle(supervisor.locale),
          dueDate,
          link: `${env.publicUrl}/supervise/assignments/${assignment.id}`,
        },
        // One escalation per supervisor: the person's key plus whom it goes to.
        dedupeKey: `${reminder.dedupeKey}:${supervisorId}`,
        now,
      });
    }
  }
  // Overdue reminders and escalations stay due at every run until the person completes: only new keys are inserted.
  const taken = await takenDedupeKeys(db, mails.map((m) => m.dedupeKey));
  const fresh = mails.filter((m) => !taken.has(m.dedupeKey));
  let enqueued = 0;
  for (let i = 0; i < fresh.length; i += BATCH) enqueued += await transaction((tx) => enqueueMails(tx, fresh.slice(i, i + BATCH)));
  return enqueued;
}

registerJob({
  name: "assignment-reminders",
  // Reminders are about days; a quarter of an hour is prompt enough and cheap.
  everyMs: 15 * 60 * 1000,
  async run(now) {
    await enrolLateJoiners(now);
    await enqueueDueReminders(now);
  },
});
