// The rules of an assignment as pure functions: when each person's cycle is due, when the next cycle opens, what a
// person's status is at a given moment, and which reminders are due. Nothing here reads the clock or the database:
// the callers load the facts (membership, completions, certificates, extensions) and pass `now`, so the dashboard,
// the learner's page and the reminder job all agree.
import { addMonths } from "~/certificates/policy";

export const DAY_MS = 24 * 60 * 60 * 1000;
/** A certificate within this many days of its expiry is "expiring" (the certificates' renewal window). */
export const EXPIRING_WITHIN_DAYS = 60;
export const REMINDER_BEFORE_DAYS = 7;
export const DEFAULT_ESCALATION_DAYS = 7;
/** Certificate-expiry notices, in days before the certificate's validUntil. */
export const EXPIRY_NOTICE_DAYS = [60, 14] as const;

/** A due date chosen as a day (YYYY-MM-DD) is due by the end of that day, UTC; NaN for anything else. */
export function endOfDay(iso: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(iso)) ? Date.parse(`${iso}T00:00:00Z`) + DAY_MS : NaN;
}

/** When a cycle is due: a fixed moment, or N days after the person joined the unit or was reached by the assignment. */
export type DueRule =
  | { kind: "date"; at: number }
  | { kind: "after-joining"; days: number }
  | { kind: "after-assigned"; days: number };

/**
 * What happens after a completion: nothing; a new cycle due N months after the completion; or a new cycle due
 * when the certificate of that completion expires.
 */
export type Recurrence = { kind: "none" } | { kind: "months"; months: number } | { kind: "certificate-expiry" };

/** One time the person met the assignment's requirement (the course, or the chosen modules). */
export type Completion = { at: number; validUntil: number | null };

export type PersonFacts = {
  /** When the assignment was created. */
  assignedAt: number;
  /** When the person joined the target unit (for an assignment to a person: when it was created). */
  joinedAt: number;
  dueRule: DueRule;
  recurrence: Recurrence;
  /** Every completion, any order; completions before the person was reached may count (see `cycles`). */
  completions: Completion[];
  /** Extended due dates per cycle number; the latest granted wins. */
  extensions: { cycle: number; dueAt: number; at: number }[];
  /** Progress in the current attempt at the requirement, 0–100 (decides "not started" vs "in progress"). */
  percent: number;
};

export type Cycle = {
  number: number;
  openedAt: number;
  /** The due date after extensions. */
  dueAt: number;
  /** The due date the rule gave, before any extension. */
  ruleDueAt: number;
  completion: Completion | null;
};

/** When the person came within the assignment's reach: not before it existed, not before they joined. */
export const reachedAt = (facts: Pick<PersonFacts, "assignedAt" | "joinedAt">) => Math.max(facts.assignedAt, facts.joinedAt);

export function firstDueAt(facts: Pick<PersonFacts, "assignedAt" | "joinedAt" | "dueRule">): number {
  const rule = facts.dueRule;
  switch (rule.kind) {
    case "date":
      return rule.at;
    case "after-joining":
      return facts.joinedAt + rule.days * DAY_MS;
    case "after-assigned":
      return reachedAt(facts) + rule.days * DAY_MS;
  }
}

/** The due date of the cycle that a completion opens, or null when the assignment does not recur. */
function nextDueAt(recurrence: Recurrence, completion: Completion): number | null {
  switch (recurrence.kind) {
    case "none":
      return null;
    case "months":
      return addMonths(completion.at, recurrence.months);
    case "certificate-expiry":
      // A certificate that never expires never needs renewing.
      return completion.validUntil;
  }
}

/**
 * Whether a completion earlier than the person's first cycle still satisfies it: under no recurrence any past
 * completion counts (someone already done is done); under a recurrence only one that would not yet need renewing.
 */
function countsForFirstCycle(recurrence: Recurrence, completion: Completion, reached: number) {
  const renewDue = nextDueAt(recurrence, completion);
  return recurrence.kind === "none" || renewDue === null || renewDue > reached;
}

/**
 * The person's cycles, oldest first; the last one is the current. The first opens when the person is reached; each
 * completion closes its cycle and, under a recurrence, opens the next at that moment with its own due date.
 */
export function cycles(facts: PersonFacts): Cycle[] {
  const reached = reachedAt(facts);
  const completions = [...facts.completions].sort((a, b) => a.at - b.at);
  const extended = (number: number, ruleDueAt: number) => {
    const granted = facts.extensions.filter((e) => e.cycle === number).sort((a, b) => a.at - b.at).at(-1);
    return granted ? granted.dueAt : ruleDueAt;
  };
  const result: Cycle[] = [];
  let openedAt = reached;
  let ruleDueAt = firstDueAt(facts);
  let candidates = completions.filter((c) => c.at >= reached || countsForFirstCycle(facts.recurrence, c, reached));
  for (let number = 0; ; number++) {
    const completion = candidates[0] ?? null;
    result.push({ number, openedAt, ruleDueAt, dueAt: extended(number, ruleDueAt), completion });
    if (!completion) break;
    const next = nextDueAt(facts.recurrence, completion);
    if (next === null) break;
    openedAt = completion.at;
    ruleDueAt = next;
    candidates = completions.filter((c) => c.at > completion.at);
  }
  return result;
}

export const STATUSES = ["not-started", "in-progress", "completed-on-time", "completed-late", "overdue", "expiring", "expired"] as const;
export type Status = (typeof STATUSES)[number];

export type PersonStatus = { status: Status; cycle: Cycle; cycles: Cycle[] };

/**
 * The person's status at `now`. A cycle waiting for its first completion is not started, in progress or overdue. A
 * person who has completed is completed (on time or late, against that cycle's due date) until the certificate of
 * the completion nears its expiry (expiring) or expires (expired), or, under a recurrence, until the next cycle
 * nears its due date (expiring) or passes it (expired when the certificate has lapsed, overdue otherwise).
 */
export function personStatus(facts: PersonFacts, now: number): PersonStatus {
  const all = cycles(facts);
  const current = all.at(-1)!;
  const previous = all.at(-2);
  const lastDone = current.completion ? current : previous?.completion ? previous : null;
  const pending = (): Status => (now >= current.dueAt ? "overdue" : facts.percent > 0 ? "in-progress" : "not-started");
  const expiryState = (completion: Completion): Status | null => {
    if (completion.validUntil === null) return null;
    if (now >= completion.validUntil) return "expired";
    if (completion.validUntil - now <= EXPIRING_WITHIN_DAYS * DAY_MS) return "expiring";
    return null;
  };
  const doneState = (cycle: Cycle): Status => (cycle.completion!.at <= cycle.dueAt ? "completed-on-time" : "completed-late");

  if (!lastDone) return { status: pending(), cycle: current, cycles: all };
  if (lastDone === current) {
    return { status: expiryState(current.completion!) ?? doneState(current), cycle: current, cycles: all };
  }
  // A recurring assignment whose latest completion opened the current cycle.
  const completion = lastDone.completion!;
  const lapsed = expiryState(completion);
  if (now >= current.dueAt) return { status: lapsed === "expired" ? "expired" : "overdue", cycle: current, cycles: all };
  if (lapsed) return { status: lapsed, cycle: current, cycles: all };
  if (current.dueAt - now <= EXPIRING_WITHIN_DAYS * DAY_MS) return { status: "expiring", cycle: current, cycles: all };
  return { status: doneState(lastDone), cycle: lastDone, cycles: all };
}

/** Whether the status counts as done for the figures ("completed on time" and "completed late" both are). */
export const isCompletedStatus = (status: Status) => status === "completed-on-time" || status === "completed-late" || status === "expiring";

export const REMINDER_KINDS = [
  "assignment-reminder",
  "assignment-due",
  "assignment-overdue",
  "assignment-escalation",
  "certificate-expiring",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export type DueReminder = {
  kind: ReminderKind;
  /** Who receives it: the person, or (escalation) their supervisors. */
  to: "person" | "supervisors";
  cycle: number;
  dueAt: number;
  /** For certificate-expiring: days before expiry (60 or 14). */
  daysBefore?: number;
  /** Exactly-once key: the same reminder for the same cycle and due date always has the same key. */
  dedupeKey: string;
};

export type ReminderSettings = { beforeDays: number; escalationDays: number };
export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { beforeDays: REMINDER_BEFORE_DAYS, escalationDays: DEFAULT_ESCALATION_DAYS };

/**
 * The key names the assignment, person, cycle, kind and the due date it is about, so an extension (a new due date)
 * re-arms the reminders for the new date while a second run of the job at the same moment finds them all sent.
 */
export function reminderKey(assignmentId: string, userId: string, cycle: number, kind: ReminderKind, about: number, suffix = "") {
  return `${kind}:${assignmentId}:${userId}:${cycle}:${about}${suffix ? `:${suffix}` : ""}`;
}

/**
 * The reminders due at `now` for one person of one assignment. Each window is bounded, so a job that did not run
 * for a while sends the reminder that fits the moment rather than every one it missed: "before" only before the due
 * date, "due" on the due day, "overdue" after it, "escalation" from `escalationDays` after the due date.
 */
export function dueReminders(
  ids: { assignmentId: string; userId: string },
  facts: PersonFacts,
  now: number,
  settings: ReminderSettings = DEFAULT_REMINDER_SETTINGS,
): DueReminder[] {
  const { cycle } = personStatus(facts, now);
  const all = cycles(facts);
  const current = all.at(-1)!;
  const reminders: DueReminder[] = [];
  const key = (kind: ReminderKind, about: number, suffix = "") => reminderKey(ids.assignmentId, ids.userId, current.number, kind, about, suffix);
  if (!current.completion) {
    const due = current.dueAt;
    const push = (kind: ReminderKind, to: DueReminder["to"]) =>
      reminders.push({ kind, to, cycle: current.number, dueAt: due, dedupeKey: key(kind, due) });
    // A recurring cycle is far from due for months; only its last days deserve a reminder, as for the first.
    if (now < due && due - now <= settings.beforeDays * DAY_MS && now >= current.openedAt) push("assignment-reminder", "person");
    if (now >= due && now < due + DAY_MS) push("assignment-due", "person");
    if (now >= due + DAY_MS) push("assignment-overdue", "person");
    if (now >= due + settings.escalationDays * DAY_MS) push("assignment-escalation", "supervisors");
  }
  // Certificate notices are about the latest completion's certificate, whichever cycle it closed.
  const latest = [...all].reverse().find((c) => c.completion)?.completion;
  if (latest?.validUntil != null && now < latest.validUntil) {
    const daysLeft = (latest.validUntil - now) / DAY_MS;
    // The nearest threshold passed: 14 days before expiry replaces the 60-day notice if both are pending.
    const threshold = [...EXPIRY_NOTICE_DAYS].sort((a, b) => a - b).find((days) => daysLeft <= days);
    if (threshold !== undefined) {
      reminders.push({
        kind: "certificate-expiring",
        to: "person",
        cycle: cycle.number,
        dueAt: latest.validUntil,
        daysBefore: threshold,
        dedupeKey: key("certificate-expiring", latest.validUntil, String(threshold)),
      });
    }
  }
  return reminders;
}
