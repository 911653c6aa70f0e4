// The assignment rules (due dates, cycles, statuses, reminders) as tables of cases.
import { describe, expect, it } from "vitest";
import { addMonths } from "~/certificates/policy";
import {
  cycles,
  DAY_MS,
  dueReminders,
  firstDueAt,
  personStatus,
  type PersonFacts,
  type Status,
} from "~/supervision/assignment-rules";

const at = (iso: string) => Date.parse(iso);
const T0 = at("2026-01-10T09:00:00Z");
const days = (n: number) => n * DAY_MS;

const facts = (over: Partial<PersonFacts> = {}): PersonFacts => ({
  assignedAt: T0,
  joinedAt: T0,
  dueRule: { kind: "after-assigned", days: 30 },
  recurrence: { kind: "none" },
  completions: [],
  extensions: [],
  percent: 0,
  ...over,
});

describe("first due date", () => {
  it.each([
    ["a fixed date", facts({ dueRule: { kind: "date", at: at("2026-03-01T00:00:00Z") } }), at("2026-03-01T00:00:00Z")],
    ["N days after being assigned", facts({ dueRule: { kind: "after-assigned", days: 7 } }), T0 + days(7)],
    [
      "N days after being reached, for someone who joins the unit later",
      facts({ joinedAt: T0 + days(40), dueRule: { kind: "after-assigned", days: 7 } }),
      T0 + days(47),
    ],
    [
      "N days after joining the unit, even when that was before the assignment",
      facts({ joinedAt: T0 - days(3), dueRule: { kind: "after-joining", days: 10 } }),
      T0 + days(7),
    ],
    [
      "N days after joining, for someone who joins later",
      facts({ joinedAt: T0 + days(100), dueRule: { kind: "after-joining", days: 10 } }),
      T0 + days(110),
    ],
  ])("%s", (_name, given, expected) => {
    expect(firstDueAt(given)).toBe(expected);
    expect(cycles(given)[0].dueAt).toBe(expected);
  });
});

describe("status at a moment", () => {
  const due = T0 + days(30);
  const cases: [string, Partial<PersonFacts>, number, Status][] = [
    ["nothing done before the due date", {}, T0 + days(1), "not-started"],
    ["some progress before the due date", { percent: 40 }, T0 + days(1), "in-progress"],
    ["not done at the due date", { percent: 40 }, due, "overdue"],
    ["completed before the due date", { completions: [{ at: due - 1, validUntil: null }] }, due + days(400), "completed-on-time"],
    ["completed on the due date itself", { completions: [{ at: due, validUntil: null }] }, due + days(1), "completed-on-time"],
    ["completed after the due date", { completions: [{ at: due + 1, validUntil: null }] }, due + days(2), "completed-late"],
    ["completed before being assigned (already enrolled and done)", { completions: [{ at: T0 - days(50), validUntil: null }] }, T0, "completed-on-time"],
    [
      "completed, certificate within 60 days of expiry",
      { completions: [{ at: T0 + days(5), validUntil: T0 + days(100) }] },
      T0 + days(41),
      "expiring",
    ],
    [
      "completed, certificate expired",
      { completions: [{ at: T0 + days(5), validUntil: T0 + days(100) }] },
      T0 + days(100),
      "expired",
    ],
    [
      "an extension moves an overdue person back to in progress",
      { percent: 10, extensions: [{ cycle: 0, dueAt: due + days(10), at: due + days(1) }] },
      due + days(2),
      "in-progress",
    ],
    [
      "the latest extension wins",
      {
        extensions: [
          { cycle: 0, dueAt: due + days(10), at: due + days(1) },
          { cycle: 0, dueAt: due + days(3), at: due + days(2) },
        ],
      },
      due + days(5),
      "overdue",
    ],
    [
      "completion within the extension is on time",
      { completions: [{ at: due + days(5), validUntil: null }], extensions: [{ cycle: 0, dueAt: due + days(10), at: due }] },
      due + days(6),
      "completed-on-time",
    ],
  ];
  it.each(cases)("%s", (_name, over, now, expected) => {
    expect(personStatus(facts(over), now).status).toBe(expected);
  });
});

describe("recurrence", () => {
  const due = T0 + days(30);
  const done = T0 + days(10);

  it("opens no next cycle without a recurrence", () => {
    expect(cycles(facts({ completions: [{ at: done, validUntil: null }] }))).toHaveLength(1);
  });

  it("opens the next cycle at completion, due N months later", () => {
    const all = cycles(facts({ recurrence: { kind: "months", months: 12 }, completions: [{ at: done, validUntil: null }] }));
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ number: 1, openedAt: done, dueAt: addMonths(done, 12), completion: null });
  });

  it("opens the next cycle due when the certificate expires", () => {
    const validUntil = addMonths(done, 36);
    const all = cycles(facts({ recurrence: { kind: "certificate-expiry" }, completions: [{ at: done, validUntil }] }));
    expect(all.map((c) => c.dueAt)).toEqual([due, validUntil]);
  });

  it("a renewal completes the second cycle and opens a third", () => {
    const renewal = addMonths(done, 11);
    const all = cycles(
      facts({ recurrence: { kind: "months", months: 12 }, completions: [{ at: renewal, validUntil: null }, { at: done, validUntil: null }] }),
    );
    expect(all.map((c) => c.completion?.at ?? null)).toEqual([done, renewal, null]);
    expect(all[2].dueAt).toBe(addMonths(renewal, 12));
  });

  it.each([
    ["completed, next cycle far off", days(100), "completed-on-time"],
    ["next cycle due within 60 days", days(330), "expiring"],
    ["next cycle due passed, certificate still valid", days(370), "overdue"],
  ] as const)("under every 12 months: %s", (_name, after, expected) => {
    const f = facts({ recurrence: { kind: "months", months: 12 }, completions: [{ at: done, validUntil: null }] });
    expect(personStatus(f, done + after).status).toBe(expected);
  });

  it("tied to the certificate: expired when the certificate lapses unrenewed", () => {
    const validUntil = addMonths(done, 12);
    const f = facts({ recurrence: { kind: "certificate-expiry" }, completions: [{ at: done, validUntil }] });
    expect(personStatus(f, validUntil - days(30)).status).toBe("expiring");
    expect(personStatus(f, validUntil).status).toBe("expired");
  });

  it("an old completion that already needs renewing does not satisfy the first cycle", () => {
    const f = facts({ recurrence: { kind: "months", months: 12 }, completions: [{ at: T0 - days(400), validUntil: null }] });
    expect(cycles(f)[0].completion).toBeNull();
    expect(personStatus(f, T0 + days(1)).status).toBe("not-started");
  });

  it("extensions apply to their own cycle only", () => {
    const f = facts({
      recurrence: { kind: "months", months: 12 },
      completions: [{ at: done, validUntil: null }],
      extensions: [{ cycle: 1, dueAt: addMonths(done, 13), at: done + days(1) }],
    });
    const all = cycles(f);
    expect(all[0].dueAt).toBe(due);
    expect(all[1].dueAt).toBe(addMonths(done, 13));
    expect(all[1].ruleDueAt).toBe(addMonths(done, 12));
  });
});

describe("reminders", () => {
  const ids = { assignmentId: "a1", userId: "u1" };
  const due = T0 + days(30);
  const kinds = (f: PersonFacts, now: number) => dueReminders(ids, f, now).map((r) => `${r.kind}>${r.to}`);

  it.each([
    ["nothing a month before", T0 + days(1), []],
    ["a reminder 7 days before", due - days(7), ["assignment-reminder>person"]],
    ["the due-day notice on the due date", due, ["assignment-due>person"]],
    ["overdue the day after", due + days(1), ["assignment-overdue>person"]],
    ["escalation to the supervisors after the delay", due + days(7), ["assignment-overdue>person", "assignment-escalation>supervisors"]],
  ] as const)("%s", (_name, now, expected) => {
    expect(kinds(facts(), now)).toEqual(expected);
  });

  it("sends nothing about a completed cycle", () => {
    expect(kinds(facts({ completions: [{ at: due - days(10), validUntil: null }] }), due + days(9))).toEqual([]);
  });

  it("honours a configured escalation delay", () => {
    expect(dueReminders(ids, facts(), due + days(2), { beforeDays: 7, escalationDays: 2 }).map((r) => r.kind)).toContain("assignment-escalation");
    expect(dueReminders(ids, facts(), due + days(2), { beforeDays: 7, escalationDays: 3 }).map((r) => r.kind)).not.toContain("assignment-escalation");
  });

  it("notices certificate expiry at 60 and then 14 days", () => {
    const validUntil = T0 + days(200);
    const f = facts({ completions: [{ at: T0 + days(5), validUntil }] });
    expect(dueReminders(ids, f, validUntil - days(61))).toEqual([]);
    const sixty = dueReminders(ids, f, validUntil - days(60));
    const fourteen = dueReminders(ids, f, validUntil - days(14));
    expect(sixty.map((r) => [r.kind, r.daysBefore])).toEqual([["certificate-expiring", 60]]);
    expect(fourteen.map((r) => [r.kind, r.daysBefore])).toEqual([["certificate-expiring", 14]]);
    expect(sixty[0].dedupeKey).not.toBe(fourteen[0].dedupeKey);
    expect(dueReminders(ids, f, validUntil)).toEqual([]);
  });

  it("gives the same key to the same reminder at two moments, and a new one after an extension", () => {
    const first = dueReminders(ids, facts(), due + days(1))[0].dedupeKey;
    expect(dueReminders(ids, facts(), due + days(1) + 3_600_000)[0].dedupeKey).toBe(first);
    const extended = facts({ extensions: [{ cycle: 0, dueAt: due + days(5), at: due + days(1) }] });
    const after = dueReminders(ids, extended, due + days(6))[0];
    expect(after.kind).toBe("assignment-overdue");
    expect(after.dedupeKey).not.toBe(first);
    expect(first).toBe(`assignment-overdue:a1:u1:0:${due}`);
  });

  it("keys the reminders of the next cycle apart from the first", () => {
    const f = facts({ recurrence: { kind: "months", months: 12 }, completions: [{ at: T0 + days(10), validUntil: null }] });
    const next = dueReminders(ids, f, addMonths(T0 + days(10), 12) - days(3));
    expect(next.map((r) => [r.kind, r.cycle])).toEqual([["assignment-reminder", 1]]);
  });
});
