// Assignments (issue 14) against this file's own database (SQLite, or PostgreSQL under scripts/with-postgres.sh):
// who a unit assignment reaches, due dates, extensions, cancellation, recurrence, modules-only, what the learner
// sees first, and that a supervisor of one unit sees, exports and changes nothing of another's.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditTrail } from "~/audit.server";
import { addMonths } from "~/certificates/policy";
import { enrol, markLessonComplete } from "~/courses/enrolment.server";
import { importCoursesFrom } from "~/courses/import.server";
import { db, transaction } from "~/db.server";
import * as dashboardRoute from "~/routes/dashboard";
import * as superviseRoute from "~/routes/supervise._index";
import * as assignRoute from "~/routes/supervise.assign";
import * as assignmentRoute from "~/routes/supervise.assignments.$id";
import * as exportRoute from "~/routes/supervise.export";
import { DAY_MS } from "~/supervision/assignment-rules";
import {
  assignedToMe,
  assignmentDetail,
  cancelAssignment,
  createAssignment,
  grantExtension,
  personAssignments,
  type Actor,
} from "~/supervision/assignments.server";
import { addMembers, addSupervisor, createUnit } from "~/supervision/units.server";
import { assignments, enrolments } from "#db/tables";
import { insertAccount, type Account } from "../support/accounts";
import { editFile, loadFixtureCourse, passQuiz, temporaryDir, writeFixtureCopy } from "../support/courses";
import { freshDatabase } from "./db";
import { call, formRequest, getRequest, refusal } from "./http";

const OPEN = "open-course";
const ASSIGNED = "assigned-course";
const RENEWED = "renewed-course";
const fixture = loadFixtureCourse();
const moduleIds = fixture.modules.map((m) => m.id);

let admin: Account;
let supervisorNorth: Account;
let supervisorSouth: Account;
const unit: Record<string, string> = {};
const actor = (a: Account, role: Actor["role"] = "supervisor"): Actor => ({ id: a.id, role });

beforeAll(async () => {
  await freshDatabase();
  const root = temporaryDir("lexmigra-assignments-");
  writeFixtureCopy(root, { slug: OPEN, enrolment: "open" });
  writeFixtureCopy(root, { slug: ASSIGNED, enrolment: "assigned" });
  editFile(writeFixtureCopy(root, { slug: RENEWED }), "course.yaml", "certificateValidityMonths: null", "certificateValidityMonths: 12");
  expect((await importCoursesFrom(root)).map((o) => o.outcome)).toEqual(["created", "created", "created"]);
  admin = await insertAccount({ role: "admin" });
  supervisorNorth = await insertAccount({ role: "supervisor", fullName: "North Supervisor" });
  supervisorSouth = await insertAccount({ role: "supervisor", fullName: "South Supervisor" });
  await transaction(async (tx) => {
    unit.guard = await createUnit(tx, admin.id, { name: "Border Guard", parentId: null });
    unit.north = await createUnit(tx, admin.id, { name: "North", parentId: unit.guard });
    unit.crossing = await createUnit(tx, admin.id, { name: "Crossing 1", parentId: unit.north });
    unit.south = await createUnit(tx, admin.id, { name: "South", parentId: unit.guard });
    await addSupervisor(tx, admin.id, unit.north, supervisorNorth.id);
    await addSupervisor(tx, admin.id, unit.south, supervisorSouth.id);
  });
});

async function member(unitId: string, joinedAt = Date.now(), fullName = "Officer") {
  const person = await insertAccount({ fullName });
  await transaction((tx) => addMembers(tx, admin.id, unitId, [person.id], joinedAt));
  return person;
}

/** Completes the given modules (all by default) of the course at `at`: every lesson, then each module's quiz. */
async function complete(userId: string, slug: string, at: number, only = moduleIds) {
  for (const m of fixture.modules.filter((m) => only.includes(m.id))) {
    for (const lesson of m.lessons) await markLessonComplete(userId, slug, lesson.id, at);
    await passQuiz(userId, slug, Object.values(m.quiz)[0]!.id, 90, at);
  }
}

const rowOf = async (id: string) => (await db.select().from(assignments).where(eq(assignments.id, id)))[0];
const statusesOf = async (id: string, now: number) =>
  Object.fromEntries((await personAssignments(db, [await rowOf(id)], now)).map((p) => [p.userId, p.status.status]));

const assignForm = (by: Account, fields: Record<string, string | string[]>) =>
  call(assignRoute.action, formRequest("/supervise/assign", { dueKind: "after-assigned", dueDays: "30", recurrence: "none", ...fields }, { cookie: by.cookie }));

describe("assigning", () => {
  it("reaches everyone in the unit's subtree, counts those already enrolled, and reaches people who join later", async () => {
    const inCrossing = await member(unit.crossing);
    const inNorth = await member(unit.north);
    const alreadyEnrolled = await member(unit.north);
    const inSouth = await member(unit.south);
    await enrol(alreadyEnrolled.id, OPEN);

    const result = await assignForm(supervisorNorth, { course: OPEN, target: "unit", unit: unit.north });
    expect(result.status).toBe(302);
    const location = result.headers.get("Location")!;
    expect(location).toMatch(/^\/supervise\/assignments\/[a-z2-7]{32}\?created=3$/);
    const id = location.split("/").pop()!.split("?")[0];

    // Assigned 3, listed 3: the person already enrolled is part of the assignment.
    const detail = await assignmentDetail(actor(supervisorNorth), id, "en");
    expect(detail.people.map((p) => p.userId).sort()).toEqual([inCrossing.id, inNorth.id, alreadyEnrolled.id].sort());
    const enrolled = await db.select().from(enrolments).where(eq(enrolments.courseSlug, OPEN));
    expect(enrolled.find((e) => e.userId === inCrossing.id)?.assignedBy).toBe(supervisorNorth.id);
    expect(enrolled.find((e) => e.userId === alreadyEnrolled.id)?.assignedBy).toBeNull();
    expect(enrolled.some((e) => e.userId === inSouth.id)).toBe(false);

    const later = await member(unit.crossing, Date.now(), "Late Joiner");
    expect((await assignmentDetail(actor(supervisorNorth), id, "en")).people.map((p) => p.userId)).toContain(later.id);
    const mine = await assignedToMe(later.id, "en");
    expect(mine).toMatchObject([{ assignmentId: id, courseSlug: OPEN, status: "not-started", isEnrolled: false }]);
    const start = await call(dashboardRoute.action, formRequest("/dashboard", { assignmentId: id }, { cookie: later.cookie }));
    expect(start.status).toBe(302);
    expect((await assignedToMe(later.id, "en"))[0].isEnrolled).toBe(true);
    // A unit beside the assigned one is not reached, on the dashboard either.
    expect((await assignedToMe(inSouth.id, "en")).map((a) => a.assignmentId)).not.toContain(id);

    expect((await auditTrail(id)).map((e) => e.action)).toEqual(["assignment.created"]);
  });

  it("opens an assigned-only course to the people assigned by address", async () => {
    const a = await member(unit.north);
    const b = await member(unit.crossing);
    const result = await assignForm(supervisorNorth, { course: ASSIGNED, target: "people", emails: `${a.email.toUpperCase()};\n${b.email}` });
    expect(result.status).toBe(302);
    for (const person of [a, b]) expect((await assignedToMe(person.id, "en")).map((x) => x.courseSlug)).toContain(ASSIGNED);
  });

  it("refuses, writing nothing, an address outside the supervisor's units with the same answer as an unknown one", async () => {
    const mine = await member(unit.north);
    const theirs = await member(unit.south);
    const before = (await db.select().from(assignments)).length;
    const outside = await assignForm(supervisorNorth, { course: OPEN, target: "people", emails: `${mine.email}\n${theirs.email}` });
    const unknown = await assignForm(supervisorNorth, { course: OPEN, target: "people", emails: `${mine.email}\nnobody.here@example.org` });
    expect(outside.status).toBe(400);
    expect(refusal(outside).fieldErrors.emails).toEqual({ key: "compliance.errors.notYourPerson", values: { line: 2, email: theirs.email } });
    expect(refusal(unknown).fieldErrors.emails).toEqual({ key: "compliance.errors.notYourPerson", values: { line: 2, email: "nobody.here@example.org" } });
    const otherUnit = await assignForm(supervisorNorth, { course: OPEN, target: "unit", unit: unit.south });
    expect(refusal(otherUnit).fieldErrors.unit).toEqual({ key: "compliance.errors.unitNotInScope" });
    const noCourse = await assignForm(supervisorNorth, { course: "no-such-course", target: "unit", unit: unit.north });
    expect(refusal(noCourse).fieldErrors.course).toEqual({ key: "compliance.errors.unknownCourse" });
    expect((await db.select().from(assignments)).length).toBe(before);
  });
});

describe("due dates, extensions and cancellation", () => {
  it("sets the due date N days after joining the unit", async () => {
    const T0 = Date.UTC(2026, 0, 10);
    const early = await member(unit.south, T0 - 3 * DAY_MS);
    const late = await member(unit.south, T0 + 20 * DAY_MS);
    const { ids } = await createAssignment(
      actor(supervisorSouth),
      { courseSlug: OPEN, moduleIds: [], target: { kind: "unit", unitId: unit.south }, dueRule: { kind: "after-joining", days: 10 }, recurrence: { kind: "none" } },
      T0,
    );
    const people = await personAssignments(db, [await rowOf(ids[0])], T0 + 30 * DAY_MS);
    const due = Object.fromEntries(people.map((p) => [p.userId, p.status.cycles[0].dueAt]));
    expect(due[early.id]).toBe(T0 + 7 * DAY_MS);
    expect(due[late.id]).toBe(T0 + 30 * DAY_MS);
  });

  it("tells completion on time from late and overdue, and an extension moves one person's due date", async () => {
    const T0 = Date.now() - 30 * DAY_MS;
    const unitId = await transaction((tx) => createUnit(tx, admin.id, { name: "Due dates", parentId: unit.north }));
    const [onTime, late, idle] = [await member(unitId, T0), await member(unitId, T0), await member(unitId, T0)];
    const { ids } = await createAssignment(
      actor(supervisorNorth),
      { courseSlug: ASSIGNED, moduleIds: [], target: { kind: "unit", unitId }, dueRule: { kind: "date", at: T0 + 5 * DAY_MS }, recurrence: { kind: "none" } },
      T0,
    );
    await complete(onTime.id, ASSIGNED, T0 + DAY_MS);
    await complete(late.id, ASSIGNED, T0 + 7 * DAY_MS);
    const at = T0 + 8 * DAY_MS;
    expect(await statusesOf(ids[0], at)).toEqual({ [onTime.id]: "completed-on-time", [late.id]: "completed-late", [idle.id]: "overdue" });

    const extendForm = (by: Account, userId: string, dueDate: string, reason: string) =>
      call(assignmentRoute.action, formRequest(`/supervise/assignments/${ids[0]}`, { intent: "extend", userId, dueDate, reason }, { cookie: by.cookie }), { id: ids[0] });
    const future = new Date(Date.now() + 20 * DAY_MS).toISOString().slice(0, 10);
    expect(refusal(await extendForm(supervisorNorth, idle.id, future, " ")).fieldErrors.reason).toEqual({ key: "compliance.errors.reasonRequired" });
    expect((await extendForm(supervisorSouth, idle.id, future, "Sick leave")).status).toBe(404);
    expect((await extendForm(supervisorNorth, idle.id, future, "Sick leave")).status).toBe(200);
    expect((await statusesOf(ids[0], Date.now()))[idle.id]).toBe("not-started");
    const trail = await auditTrail(ids[0]);
    expect(trail.map((e) => e.action)).toEqual(["assignment.created", "assignment.extended"]);
    expect(trail[1]).toMatchObject({ actorId: supervisorNorth.id, details: { user: idle.id, reason: "Sick leave" } });
  });

  it("cancels an assignment for everyone once, audited, and the learner no longer sees it", async () => {
    const person = await member(unit.north);
    const { ids } = await createAssignment(actor(supervisorNorth), {
      courseSlug: OPEN,
      moduleIds: [],
      target: { kind: "people", emails: person.email },
      dueRule: { kind: "after-assigned", days: 14 },
      recurrence: { kind: "none" },
    });
    expect((await assignedToMe(person.id, "en")).map((a) => a.assignmentId)).toContain(ids[0]);
    await expect(cancelAssignment(actor(supervisorSouth), ids[0], "Not mine")).rejects.toMatchObject({ status: 404 });
    const cancel = (reason: string) =>
      call(assignmentRoute.action, formRequest(`/supervise/assignments/${ids[0]}`, { intent: "cancel", reason }, { cookie: supervisorNorth.cookie }), { id: ids[0] });
    expect((await cancel("Course replaced")).status).toBe(200);
    expect((await cancel("Again")).status).toBe(409);
    expect((await assignedToMe(person.id, "en")).map((a) => a.assignmentId)).not.toContain(ids[0]);
    expect((await rowOf(ids[0])).cancellationReason).toBe("Course replaced");
    expect((await auditTrail(ids[0])).map((e) => e.action)).toEqual(["assignment.created", "assignment.cancelled"]);
  });
});

describe("recurrence and modules", () => {
  it("opens the next cycle when the certificate of a completion expires", async () => {
    const T0 = Date.now() - 40 * DAY_MS;
    const person = await member(unit.north, T0);
    const { ids } = await createAssignment(
      actor(supervisorNorth),
      { courseSlug: RENEWED, moduleIds: [], target: { kind: "people", emails: person.email }, dueRule: { kind: "after-assigned", days: 30 }, recurrence: { kind: "certificate-expiry" } },
      T0,
    );
    const done = T0 + 2 * DAY_MS;
    await complete(person.id, RENEWED, done);
    const [p] = await personAssignments(db, [await rowOf(ids[0])], Date.now());
    expect(p.status.cycles).toHaveLength(2);
    expect(p.status.cycles[0].completion?.at).toBe(done);
    expect(p.status.cycles[1]).toMatchObject({ number: 1, openedAt: done, dueAt: addMonths(done, 12), completion: null });
    expect(p.status.status).toBe("completed-on-time");
    expect((await personAssignments(db, [await rowOf(ids[0])], addMonths(done, 12) - 30 * DAY_MS))[0].status.status).toBe("expiring");
    expect((await personAssignments(db, [await rowOf(ids[0])], addMonths(done, 12)))[0].status.status).toBe("expired");
  });

  it("completes a modules-only assignment when those modules are, and refuses a recurrence of modules", async () => {
    const person = await member(unit.north);
    const input = { courseSlug: OPEN, moduleIds: [moduleIds[0]], target: { kind: "people" as const, emails: person.email }, dueRule: { kind: "after-assigned" as const, days: 30 } };
    await expect(createAssignment(actor(supervisorNorth), { ...input, recurrence: { kind: "months", months: 12 } })).rejects.toMatchObject({
      fieldErrors: { recurrence: { key: "compliance.errors.modulesRecur" } },
    });
    const { ids } = await createAssignment(actor(supervisorNorth), { ...input, recurrence: { kind: "none" } });
    await complete(person.id, OPEN, Date.now(), [moduleIds[0]]);
    expect((await statusesOf(ids[0], Date.now()))[person.id]).toBe("completed-on-time");
    const whole = await createAssignment(actor(supervisorNorth), { ...input, moduleIds: [], recurrence: { kind: "none" } });
    expect((await statusesOf(whole.ids[0], Date.now()))[person.id]).toBe("in-progress");
  });

  it("shows the learner their assignments first, overdue before the rest", async () => {
    const T0 = Date.now() - 20 * DAY_MS;
    // A unit of its own, so no other test's unit assignment reaches this person.
    const person = await member(await transaction((tx) => createUnit(tx, admin.id, { name: "Elsewhere", parentId: null })), T0);
    const soon = await createAssignment(actor(admin, "admin"), { courseSlug: OPEN, moduleIds: [], target: { kind: "people", emails: person.email }, dueRule: { kind: "after-assigned", days: 30 }, recurrence: { kind: "none" } }, T0);
    const overdue = await createAssignment(actor(admin, "admin"), { courseSlug: ASSIGNED, moduleIds: [], target: { kind: "people", emails: person.email }, dueRule: { kind: "after-assigned", days: 5 }, recurrence: { kind: "none" } }, T0);
    const page = await call(dashboardRoute.loader, getRequest("/dashboard", { cookie: person.cookie }));
    const assigned = (page.body as { assigned: { assignmentId: string; status: string }[] }).assigned;
    expect(assigned.map((a) => [a.assignmentId, a.status])).toEqual([
      [overdue.ids[0], "overdue"],
      [soon.ids[0], "not-started"],
    ]);
  });
});

describe("scope", () => {
  it("gives a supervisor of one unit nothing of another's: pages, drill-downs, exports and actions", async () => {
    const north = await member(unit.north, Date.now(), "Nadia North");
    const south = await member(unit.south, Date.now(), "Samir South");
    const northAssignment = (await createAssignment(actor(supervisorNorth), { courseSlug: OPEN, moduleIds: [], target: { kind: "people", emails: north.email }, dueRule: { kind: "after-assigned", days: 3 }, recurrence: { kind: "none" } })).ids[0];
    const unitAssignment = (await createAssignment(actor(supervisorNorth), { courseSlug: ASSIGNED, moduleIds: [], target: { kind: "unit", unitId: unit.crossing }, dueRule: { kind: "after-assigned", days: 3 }, recurrence: { kind: "none" } })).ids[0];
    const asSouth = { cookie: supervisorSouth.cookie };

    const dashboard = await call(superviseRoute.loader, getRequest("/supervise", asSouth));
    expect(dashboard.status).toBe(200);
    expect(JSON.stringify(dashboard.body)).not.toContain("Nadia North");
    expect(JSON.stringify(dashboard.body)).toContain("Samir South");
    for (const path of [`/supervise?unit=${unit.north}`, `/supervise?unit=${unit.crossing}`, `/supervise?unit=${unit.guard}`]) {
      expect((await call(superviseRoute.loader, getRequest(path, asSouth))).status).toBe(404);
      expect((await call(exportRoute.loader, getRequest(path.replace("/supervise", "/supervise/export"), asSouth))).status).toBe(404);
    }
    const csv = await call(exportRoute.loader, getRequest("/supervise/export?table=people", asSouth));
    expect(csv.status).toBe(200);
    expect(String(csv.body)).not.toContain(north.email);
    expect(String(csv.body)).toContain(south.email);
    for (const id of [northAssignment, unitAssignment]) {
      expect((await call(assignmentRoute.loader, getRequest(`/supervise/assignments/${id}`, asSouth), { id })).status).toBe(404);
      for (const fields of <Record<string, string>[]>[
        { intent: "cancel", reason: "x" },
        { intent: "change-due", dueKind: "after-assigned", dueDays: "90" },
        { intent: "extend", userId: north.id, dueDate: "2099-01-01", reason: "x" },
      ]) {
        expect((await call(assignmentRoute.action, formRequest(`/supervise/assignments/${id}`, fields, asSouth), { id })).status).toBe(404);
      }
      expect((await rowOf(id)).cancelledAt).toBeNull();
      expect((await rowOf(id)).dueDays).toBe(3);
    }
    // The admin sees both.
    const all = await call(exportRoute.loader, getRequest("/supervise/export?table=people", { cookie: admin.cookie }));
    expect(String(all.body)).toContain(north.email);
    expect(String(all.body)).toContain(south.email);
  });

  it("refuses the supervision pages to a learner", async () => {
    const learner = await insertAccount();
    for (const [fn, path] of [
      [superviseRoute.loader, "/supervise"],
      [assignRoute.loader, "/supervise/assign"],
      [exportRoute.loader, "/supervise/export"],
    ] as const) {
      expect((await call(fn, getRequest(path, { cookie: learner.cookie }))).status).toBe(403);
    }
    expect((await assignForm(learner, { course: OPEN, target: "unit", unit: unit.north })).status).toBe(403);
  });
});
