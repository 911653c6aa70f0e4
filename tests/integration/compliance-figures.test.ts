// The compliance dashboard's figures against counts computed here, independently, from the raw rows of a seeded
// organisation of several hundred people (unit tree, memberships, enrolments, lesson completions), on this file's
// own database (SQLite, or PostgreSQL under scripts/with-postgres.sh).
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { importCoursesFrom } from "~/courses/import.server";
import { db, transaction } from "~/db.server";
import { randomId } from "~/ids.server";
import { DAY_MS } from "~/supervision/assignment-rules";
import { cancelAssignment, createAssignment } from "~/supervision/assignments.server";
import { complianceReport, type ComplianceFilters, type Figures } from "~/supervision/compliance.server";
import { forgetComplianceSnapshot } from "~/supervision/compliance-snapshot.server";
import { addMembers, addSupervisor, createUnit } from "~/supervision/units.server";
import { assignments, enrolments, lessonCompletions, orgUnits, unitMembers, users } from "#db/tables";
import { insertAccount, type Account } from "../support/accounts";
import { loadFixtureCourse, temporaryDir, writeFixtureCopy } from "../support/courses";
import { freshDatabase } from "./db";

const COURSES = ["figures-one", "figures-two"];
const PEOPLE = 360;
const NOW = Date.now();
const lessonId = loadFixtureCourse().modules[0].lessons[0].id;
let admin: Account;
let supervisor: Account;
const unit: Record<string, string> = {};

// A small deterministic generator, so a failure is reproducible.
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

beforeAll(async () => {
  await freshDatabase();
  const root = temporaryDir("lexmigra-figures-");
  for (const slug of COURSES) writeFixtureCopy(root, { slug });
  await importCoursesFrom(root);
  admin = await insertAccount({ role: "admin" });
  supervisor = await insertAccount({ role: "supervisor" });
  await transaction(async (tx) => {
    unit.root = await createUnit(tx, admin.id, { name: "Service", parentId: null });
    unit.a = await createUnit(tx, admin.id, { name: "Region A", parentId: unit.root });
    unit.a1 = await createUnit(tx, admin.id, { name: "Post A1", parentId: unit.a });
    unit.b = await createUnit(tx, admin.id, { name: "Region B", parentId: unit.root });
    await addSupervisor(tx, admin.id, unit.a, supervisor.id);
  });
  // People straight into the tables, as the bench does: the figures are about counting, not about sign-up.
  const leaves = [unit.root, unit.a, unit.a1, unit.b];
  const ids = Array.from({ length: PEOPLE }, () => randomId());
  await transaction(async (tx) => {
    for (let i = 0; i < ids.length; i += 100) {
      await tx.insert(users).values(
        ids.slice(i, i + 100).map((id, j) => ({
          id,
          email: `figures.${i + j}@example.org`,
          fullName: `Person ${i + j}`,
          passwordHash: null,
          profile: "border-official" as const,
          organisation: "Service",
          createdAt: NOW - 400 * DAY_MS,
        })),
      );
    }
  });
  for (const [k, leaf] of leaves.entries()) {
    const members = ids.filter((_, i) => i % leaves.length === k);
    await transaction((tx) => addMembers(tx, admin.id, leaf, members, NOW - 200 * DAY_MS + k * DAY_MS));
  }
  // Someone in two units of the tree counts once per unit row and once in the total.
  await transaction((tx) => addMembers(tx, admin.id, unit.b, [ids[2]], NOW - 50 * DAY_MS));

  const created = NOW - 60 * DAY_MS;
  await createAssignment({ id: admin.id, role: "admin" }, { courseSlug: COURSES[0], moduleIds: [], target: { kind: "unit", unitId: unit.root }, dueRule: { kind: "date", at: NOW - 10 * DAY_MS }, recurrence: { kind: "none" } }, created);
  await createAssignment({ id: admin.id, role: "admin" }, { courseSlug: COURSES[1], moduleIds: [], target: { kind: "unit", unitId: unit.a }, dueRule: { kind: "after-assigned", days: 90 }, recurrence: { kind: "none" } }, created);

  // Progress: completed before or after the due date, started, or nothing.
  const rows = await db.select({ userId: enrolments.userId, slug: enrolments.courseSlug }).from(enrolments);
  await transaction(async (tx) => {
    for (const row of rows) {
      const r = random();
      if (r < 0.3) await tx.update(enrolments).set({ completedAt: NOW - 30 * DAY_MS }).where(eqPair(row));
      else if (r < 0.4) await tx.update(enrolments).set({ completedAt: NOW - 2 * DAY_MS }).where(eqPair(row));
      else if (r < 0.65) await tx.insert(lessonCompletions).values({ userId: row.userId, courseSlug: row.slug, lessonId, completedAt: NOW - 20 * DAY_MS });
    }
  });
}, 120_000);

const eqPair = (row: { userId: string; slug: string }) => and(eq(enrolments.userId, row.userId), eq(enrolments.courseSlug, row.slug));

/** The figures, computed from the raw rows with nothing from app/supervision but the tables. */
async function expectedFigures(rowUnitId: string) {
  const units = await db.select({ id: orgUnits.id, parentId: orgUnits.parentId }).from(orgUnits);
  const below = (id: string): string[] => [id, ...units.filter((u) => u.parentId === id).flatMap((u) => below(u.id))];
  const membership = await db.select().from(unitMembers);
  const inRow = new Set(membership.filter((m) => below(rowUnitId).includes(m.unitId)).map((m) => m.userId));
  const figures: Figures = { assigned: 0, notStarted: 0, inProgress: 0, completedOnTime: 0, completedLate: 0, overdue: 0, certificatesValid: 0, certificatesExpiring: 0, certificatesExpired: 0 };
  const started = new Set((await db.select().from(lessonCompletions)).map((c) => `${c.userId}/${c.courseSlug}`));
  const enrolled = new Map((await db.select().from(enrolments)).map((e) => [`${e.userId}/${e.courseSlug}`, e]));
  for (const a of await db.select().from(assignments)) {
    const reached = new Set(membership.filter((m) => below(a.targetUnitId!).includes(m.unitId)).map((m) => m.userId));
    for (const userId of reached) {
      if (!inRow.has(userId)) continue;
      const due = a.dueKind === "date" ? a.dueAt! : a.createdAt + a.dueDays! * DAY_MS;
      const e = enrolled.get(`${userId}/${a.courseSlug}`)!;
      figures.assigned++;
      if (e.completedAt !== null) {
        figures[e.completedAt <= due ? "completedOnTime" : "completedLate"]++;
        figures.certificatesValid++;
      } else if (NOW >= due) figures.overdue++;
      else if (started.has(`${userId}/${a.courseSlug}`)) figures.inProgress++;
      else figures.notStarted++;
    }
  }
  return figures;
}

describe("the compliance figures", () => {
  it("equal counts computed from the raw rows, for the whole tree and for each drill-down", async () => {
    const top = await complianceReport({ id: admin.id, role: "admin" }, { unit: "", course: "", status: "", from: "", to: "", page: 1 }, "en", NOW);
    expect(top.unitRows.map((r) => r.id)).toEqual([unit.root]);
    const rootExpected = await expectedFigures(unit.root);
    expect(rootExpected.assigned).toBeGreaterThan(400);
    expect(top.unitRows[0].figures).toEqual(rootExpected);
    expect(top.people.total).toBe(rootExpected.assigned);

    const drill = await complianceReport({ id: admin.id, role: "admin" }, { unit: unit.root, course: "", status: "", from: "", to: "", page: 1 }, "en", NOW);
    expect(drill.unitRows.map((r) => r.id)).toEqual([unit.root, unit.a, unit.b]);
    for (const row of drill.unitRows) expect(row.figures).toEqual(await expectedFigures(row.id));
    // Each status occurs, so agreeing is not agreeing on zeros.
    for (const figure of ["notStarted", "inProgress", "completedOnTime", "completedLate", "overdue"] as const) expect(rootExpected[figure]).toBeGreaterThan(0);
  });

  it("gives a supervisor of Region A the figures of Region A only", async () => {
    const mine = await complianceReport({ id: supervisor.id, role: "supervisor" }, { unit: "", course: "", status: "", from: "", to: "", page: 1 }, "en", NOW);
    expect(mine.unitRows.map((r) => r.id)).toEqual([unit.a]);
    expect(mine.unitRows[0].figures).toEqual(await expectedFigures(unit.a));
    expect(mine.people.total).toBe(mine.unitRows[0].figures.assigned);
  });

  it("filters by status and course, the total following the filter", async () => {
    const overdue = await complianceReport({ id: admin.id, role: "admin" }, { unit: "", course: COURSES[0], status: "overdue", from: "", to: "", page: 1 }, "en", NOW);
    expect(overdue.people.rows.every((r) => r.status === "overdue" && r.courseSlug === COURSES[0])).toBe(true);
    expect(overdue.unitRows[0].figures.assigned).toBe(overdue.unitRows[0].figures.overdue);
    expect(overdue.people.total).toBe(overdue.total.overdue);
  });
});

describe("a view over more people than the live limit (ADR 0037)", () => {
  const everything: ComplianceFilters = { unit: "", course: "", status: "", from: "", to: "", page: 1 };
  const adminActor = () => ({ id: admin.id, role: "admin" as const });
  const withoutExport = ({ allPeople: _omitted, asOf: _asOf, ...report }: Awaited<ReturnType<typeof complianceReport>>) => report;

  it("reads this process's snapshot: the same figures, rows and people as the live view, and says as of when", async () => {
    forgetComplianceSnapshot();
    for (const filters of [everything, { ...everything, unit: unit.root }, { ...everything, course: COURSES[1], status: "in-progress" as const }, { ...everything, page: 2 }]) {
      const live = await complianceReport(adminActor(), filters, "en", NOW);
      const fromSnapshot = await complianceReport(adminActor(), filters, "en", NOW, { livePeople: 0 });
      expect(live.asOf).toBeNull();
      expect(fromSnapshot.asOf).toBe(NOW);
      expect(withoutExport(fromSnapshot)).toEqual(withoutExport(live));
      expect(await fromSnapshot.allPeople()).toEqual(await live.allPeople());
    }
    // A supervisor's snapshot view is still cut to their units.
    const mine = await complianceReport({ id: supervisor.id, role: "supervisor" }, everything, "en", NOW, { livePeople: 0 });
    expect(mine.unitRows.map((r) => r.id)).toEqual([unit.a]);
    expect(mine.unitRows[0].figures).toEqual(await expectedFigures(unit.a));
  });

  it("is reused while fresh, served while a rebuild runs once stale, and rebuilt before use when older", async () => {
    forgetComplianceSnapshot();
    const before = await complianceReport(adminActor(), everything, "en", NOW, { livePeople: 0 });
    // Progress that does not pass through supervision: the snapshot does not see it until it is rebuilt.
    const [notStarted] = await db.select({ userId: enrolments.userId, slug: enrolments.courseSlug }).from(enrolments).where(isNull(enrolments.completedAt)).limit(1);
    const progressed = { userId: notStarted.userId, slug: notStarted.slug };
    await transaction((tx) => tx.update(enrolments).set({ completedAt: NOW + 1 }).where(eqPair(progressed)));
    try {
      const fresh = await complianceReport(adminActor(), everything, "en", NOW + 30_000, { livePeople: 0 });
      expect(fresh.asOf).toBe(NOW);
      expect(fresh.total).toEqual(before.total);

      // Older than its freshness (60 s by default) but not stale: served as it is while one rebuild runs behind it.
      const served = await complianceReport(adminActor(), everything, "en", NOW + 90_000, { livePeople: 0 });
      expect(served.asOf).toBe(NOW);
      let rebuilt = served;
      for (let i = 0; i < 100 && rebuilt.asOf === NOW; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        rebuilt = await complianceReport(adminActor(), everything, "en", NOW + 90_000, { livePeople: 0 });
      }
      expect(rebuilt.asOf).toBe(NOW + 90_000);
      expect(rebuilt.total.assigned).toBe(before.total.assigned);
      expect(rebuilt.total.completedOnTime + rebuilt.total.completedLate).toBe(before.total.completedOnTime + before.total.completedLate + 1);

      // Long unused: rebuilt before this view, never shown that old.
      const later = await complianceReport(adminActor(), everything, "en", NOW + 10 * 60_000, { livePeople: 0 });
      expect(later.asOf).toBe(NOW + 10 * 60_000);
    } finally {
      await transaction((tx) => tx.update(enrolments).set({ completedAt: null }).where(eqPair(progressed)));
      forgetComplianceSnapshot();
    }
  });

  it("is dropped when this process changes an assignment, so the supervisor's own change shows at once", async () => {
    forgetComplianceSnapshot();
    const before = await complianceReport(adminActor(), everything, "en", NOW, { livePeople: 0 });
    const id = (await createAssignment(adminActor(), { courseSlug: COURSES[1], moduleIds: [], target: { kind: "unit", unitId: unit.b }, dueRule: { kind: "date", at: NOW + 30 * DAY_MS }, recurrence: { kind: "none" } }, NOW)).ids[0];
    try {
      const after = await complianceReport(adminActor(), everything, "en", NOW + 1_000, { livePeople: 0 });
      expect(after.asOf).toBe(NOW + 1_000);
      expect(after.total.assigned).toBeGreaterThan(before.total.assigned);
      expect(after.total).toEqual((await complianceReport(adminActor(), everything, "en", NOW + 1_000)).total);
    } finally {
      await cancelAssignment(adminActor(), id, "test over", NOW + 2_000);
    }
    const cancelled = await complianceReport(adminActor(), everything, "en", NOW + 3_000, { livePeople: 0 });
    expect(cancelled.asOf).toBe(NOW + 3_000);
    expect(cancelled.total).toEqual(before.total);
  });
});
