// The assignment reminder job against this file's own database: due reminders, overdue notices and escalations are
// put in the outbox exactly once however many times the job runs, in each recipient's language; a certificate's
// expiry is noticed at 60 and 14 days.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addMonths } from "~/certificates/policy";
import { markLessonComplete } from "~/courses/enrolment.server";
import { importCoursesFrom } from "~/courses/import.server";
import { db, transaction } from "~/db.server";
import { runJobsOnce } from "~/jobs/all.server";
import { DAY_MS } from "~/supervision/assignment-rules";
import { createAssignment } from "~/supervision/assignments.server";
import { enqueueDueReminders } from "~/supervision/reminders.server";
import { addMembers, addSupervisor, createUnit } from "~/supervision/units.server";
import { mailOutbox } from "#db/tables";
import { insertAccount, type Account } from "../support/accounts";
import { editFile, loadFixtureCourse, passQuiz, temporaryDir, writeFixtureCopy } from "../support/courses";
import { freshDatabase } from "./db";

const SLUG = "reminded-course";
const RENEWED = "reminded-renewed";
const fixture = loadFixtureCourse();
let admin: Account;
let supervisor: Account;

beforeAll(async () => {
  await freshDatabase();
  const root = temporaryDir("lexmigra-reminders-");
  writeFixtureCopy(root, { slug: SLUG });
  editFile(writeFixtureCopy(root, { slug: RENEWED }), "course.yaml", "certificateValidityMonths: null", "certificateValidityMonths: 12");
  await importCoursesFrom(root);
  admin = await insertAccount({ role: "admin" });
  supervisor = await insertAccount({ role: "supervisor", fullName: "Sofía Supervisora", preferredLanguage: "es" });
});

async function unitWith(name: string, people: Account[], joinedAt: number) {
  return transaction(async (tx) => {
    const id = await createUnit(tx, admin.id, { name, parentId: null });
    await addSupervisor(tx, admin.id, id, supervisor.id);
    await addMembers(tx, admin.id, id, people.map((p) => p.id), joinedAt);
    return id;
  });
}

const outboxFor = (userIds: string[]) => db.select().from(mailOutbox).where(inArray(mailOutbox.userId, userIds));

describe("the reminder job", () => {
  it("enqueues each reminder once across runs, in the person's language, and escalates to the supervisor", async () => {
    const T0 = Date.now() - 100 * DAY_MS;
    const ana = await insertAccount({ fullName: "Ana", preferredLanguage: "en" });
    const bruno = await insertAccount({ fullName: "Bruno", preferredLanguage: "fr" });
    const unitId = await unitWith("Reminded unit", [ana, bruno], T0);
    const dueAt = T0 + 10 * DAY_MS;
    const { ids } = await createAssignment(
      { id: supervisor.id, role: "supervisor" },
      { courseSlug: SLUG, moduleIds: [], target: { kind: "unit", unitId }, dueRule: { kind: "date", at: dueAt }, recurrence: { kind: "none" } },
      T0,
    );
    const kinds = async () => (await outboxFor([ana.id, bruno.id, supervisor.id])).map((m) => `${m.kind}:${m.to}:${m.locale}`).sort();

    await runJobsOnce(dueAt - 3 * DAY_MS);
    await runJobsOnce(dueAt - 2 * DAY_MS);
    expect(await kinds()).toEqual([`assignment-reminder:${ana.email}:en`, `assignment-reminder:${bruno.email}:fr`].sort());
    const [reminder] = await db.select().from(mailOutbox).where(and(eq(mailOutbox.userId, bruno.id), eq(mailOutbox.kind, "assignment-reminder")));
    expect(reminder.data).toMatchObject({ courseTitle: "Traite et trafic (cours de test)", dueDate: new Date(dueAt - 1).toISOString().slice(0, 10), link: expect.stringContaining(`/courses/${SLUG}`) });
    expect(reminder.dedupeKey).toContain(ids[0]);

    // Ana completes in time; Bruno does not.
    for (const m of fixture.modules) {
      for (const lesson of m.lessons) await markLessonComplete(ana.id, SLUG, lesson.id, dueAt - DAY_MS);
      await passQuiz(ana.id, SLUG, Object.values(m.quiz)[0]!.id, 90, dueAt - DAY_MS);
    }
    await runJobsOnce(dueAt + 8 * DAY_MS);
    expect(await enqueueDueReminders(dueAt + 8 * DAY_MS)).toBe(0);
    await runJobsOnce(dueAt + 9 * DAY_MS);
    expect(await kinds()).toEqual(
      [
        `assignment-reminder:${ana.email}:en`,
        `assignment-reminder:${bruno.email}:fr`,
        `assignment-overdue:${bruno.email}:fr`,
        `assignment-escalation:${supervisor.email}:es`,
      ].sort(),
    );
    const [escalation] = await db.select().from(mailOutbox).where(and(eq(mailOutbox.userId, supervisor.id), eq(mailOutbox.kind, "assignment-escalation")));
    expect(escalation.data).toMatchObject({ learnerName: "Bruno", supervisorName: "Sofía Supervisora", unitName: "Reminded unit" });
  });

  it("escalates to the nearest unit up the tree that has a supervisor, and to nobody off the person's chain", async () => {
    const T0 = Date.now() - 100 * DAY_MS;
    const regional = await insertAccount({ role: "supervisor", fullName: "Regional Supervisor" });
    const elsewhere = await insertAccount({ role: "supervisor", fullName: "Other Region Supervisor" });
    const dora = await insertAccount({ fullName: "Dora" });
    const { postId } = await transaction(async (tx) => {
      const national = await createUnit(tx, admin.id, { name: "National escalation test", parentId: null });
      const region = await createUnit(tx, admin.id, { name: "Region with a supervisor", parentId: national });
      const otherRegion = await createUnit(tx, admin.id, { name: "Another region", parentId: national });
      const post = await createUnit(tx, admin.id, { name: "Crossing point without one", parentId: region });
      await addSupervisor(tx, admin.id, national, supervisor.id);
      await addSupervisor(tx, admin.id, region, regional.id);
      await addSupervisor(tx, admin.id, otherRegion, elsewhere.id);
      await addMembers(tx, admin.id, post, [dora.id], T0);
      return { postId: post };
    });
    const dueAt = T0 + 10 * DAY_MS;
    await createAssignment(
      { id: supervisor.id, role: "supervisor" },
      { courseSlug: SLUG, moduleIds: [], target: { kind: "unit", unitId: postId }, dueRule: { kind: "date", at: dueAt }, recurrence: { kind: "none" } },
      T0,
    );
    await runJobsOnce(dueAt + 9 * DAY_MS);
    await runJobsOnce(dueAt + 10 * DAY_MS);
    const escalations = (await db.select().from(mailOutbox).where(eq(mailOutbox.kind, "assignment-escalation"))).filter(
      (m) => (m.data as { learnerName?: string }).learnerName === "Dora",
    );
    // The region's supervisor, once; not the national one above it, not the other region's.
    expect(escalations.map((m) => m.userId)).toEqual([regional.id]);
    expect(escalations[0]!.data).toMatchObject({ unitName: expect.stringContaining("Crossing point without one") });
  });

  it("notices a certificate's expiry at 60 and at 14 days, once each", async () => {
    const T0 = Date.now() - 10 * DAY_MS;
    const carla = await insertAccount({ fullName: "Carla" });
    const unitId = await unitWith("Certified unit", [carla], T0);
    await createAssignment(
      { id: supervisor.id, role: "supervisor" },
      { courseSlug: RENEWED, moduleIds: [], target: { kind: "unit", unitId }, dueRule: { kind: "after-assigned", days: 30 }, recurrence: { kind: "certificate-expiry" } },
      T0,
    );
    const done = T0 + DAY_MS;
    for (const m of fixture.modules) {
      for (const lesson of m.lessons) await markLessonComplete(carla.id, RENEWED, lesson.id, done);
      await passQuiz(carla.id, RENEWED, Object.values(m.quiz)[0]!.id, 90, done);
    }
    const expires = addMonths(done, 12);
    for (const at of [expires - 100 * DAY_MS, expires - 59 * DAY_MS, expires - 50 * DAY_MS, expires - 13 * DAY_MS, expires - 12 * DAY_MS]) await enqueueDueReminders(at);
    const notices = (await outboxFor([carla.id])).filter((m) => m.kind === "certificate-expiring");
    expect(notices.map((m) => m.dedupeKey.split(":").at(-1)).sort()).toEqual(["14", "60"]);
  });
});
