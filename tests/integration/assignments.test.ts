// Supervisors assigning courses and following the learners they assigned, through the /supervise route's loader
// and action, against this file's own temporary SQLite database holding two courses made from the fixture.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "#db/schema/accounts";
import { recordQuizResult } from "~/courses/enrolment.server";
import { importCoursesFrom } from "~/courses/import.server";
import { db } from "~/db.server";
import * as courseRoute from "~/routes/courses.$slug._index";
import * as lessonRoute from "~/routes/courses.$slug.lessons.$lessonId";
import * as superviseRoute from "~/routes/supervise";
import { nextEmail, registerAccount, type Account } from "../support/accounts";
import { passQuiz, temporaryDir, writeFixtureCopy } from "../support/courses";
import { freshDatabase } from "./db";
import { call, cookieFrom, formRequest, getRequest, refusal } from "./http";
import { enrolments, users } from "#db/tables";

const OPEN = { slug: "open-course", title: "Open course on referral" };
// The fixture itself is `enrolment: assigned`: only a supervisor can enrol anyone in it.
const ASSIGNED = { slug: "assigned-course", title: "Assigned course on referral" };
const FIRST_LESSON = "trafficking-definition";
const FIRST_QUIZ = "definitions-quiz";

beforeAll(async () => {
  await freshDatabase();
  const root = temporaryDir("lexmigra-assignments-");
  writeFixtureCopy(root, { ...OPEN, enrolment: "open" });
  writeFixtureCopy(root, { ...ASSIGNED, enrolment: "assigned" });
  expect((await importCoursesFrom(root)).map((o) => o.outcome)).toEqual(["created", "created"]);
});

// --- People and requests ------------------------------------------------------------------------------------------

type Person = Account;

/** A new account, registered through the form's action, signed in by it, then given its role. */
const person = (role: Role = "learner", fullName = "Amara Okafor"): Promise<Person> =>
  registerAccount({ role, fullName, email: nextEmail(`assign.${role}`) });

const assign = (by: Person, course: string, emails: string) =>
  call(superviseRoute.action, formRequest("/supervise", { course, emails }, { cookie: by.cookie }));

type ListBody = Awaited<ReturnType<typeof superviseRoute.loader>>;
async function listOf(by: Person, query = "") {
  const result = await call(superviseRoute.loader, getRequest(`/supervise${query}`, { cookie: by.cookie }));
  expect(result.status).toBe(200);
  return result.body as ListBody;
}

const enrolmentsOf = async (learner: Person) => (await db.select().from(enrolments).where(eq(enrolments.userId, learner.id)));
const enrolmentIn = async (learner: Person, slug: string) =>
  (await db.select().from(enrolments).where(and(eq(enrolments.userId, learner.id), eq(enrolments.courseSlug, slug))))[0];

// --- Assigning ------------------------------------------------------------------------------------------------------

describe("assigning a course", () => {
  it("enrols every listed learner, recording who assigned them", async () => {
    const supervisor = await person("supervisor");
    const [a, b] = [await person(), await person()];

    // Case, spaces, and commas or semicolons as separators, as people paste them.
    const result = await assign(supervisor, OPEN.slug, `  ${a.email.toUpperCase()} ;\n\n${b.email}, ${a.email}\n`);

    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: true, assigned: 2, alreadyEnrolled: 0 });
    for (const learner of [a, b]) {
      expect(await enrolmentIn(learner, OPEN.slug)).toMatchObject({ assignedBy: supervisor.id, completedAt: null });
    }
  });

  it("writes nothing when line 2 names no account, and says which line", async () => {
    const supervisor = await person("supervisor");
    const known = await person();

    const result = await assign(supervisor, OPEN.slug, `${known.email}\nnobody.here@example.org\n`);

    expect(result.status).toBe(400);
    expect(refusal(result)).toMatchObject({
      ok: false,
      fieldErrors: { emails: { key: "supervise.errors.unknownEmail", values: { line: 2, email: "nobody.here@example.org" } } },
    });
    expect(await enrolmentsOf(known)).toEqual([]);
  });

  it("refuses a malformed address with its line, and a course that does not exist", async () => {
    const supervisor = await person("supervisor");
    const known = await person();

    const malformed = await assign(supervisor, OPEN.slug, `${known.email}\n\nnot-an-address\n`);
    expect(malformed.status).toBe(400);
    expect(refusal(malformed)).toMatchObject({
      fieldErrors: { emails: { key: "supervise.errors.invalidEmail", values: { line: 3, email: "not-an-address" } } },
    });

    const noCourse = await assign(supervisor, "no-such-course", known.email);
    expect(noCourse.status).toBe(400);
    expect(refusal(noCourse)).toMatchObject({ fieldErrors: { course: { key: "supervise.errors.unknownCourse" } } });

    const empty = await assign(supervisor, OPEN.slug, " \n ; ");
    expect(empty.status).toBe(400);
    expect(refusal(empty)).toMatchObject({ fieldErrors: { emails: { key: "supervise.errors.noEmails" } } });
    expect(await enrolmentsOf(known)).toEqual([]);
  });

  it("leaves a learner already enrolled as they were, counting them", async () => {
    const supervisor = await person("supervisor");
    const [self, fresh] = [await person(), await person()];
    expect((await call(courseRoute.action, formRequest(`/courses/${OPEN.slug}`, {}, { cookie: self.cookie }), { slug: OPEN.slug })).status).toBe(302);
    const before = await enrolmentIn(self, OPEN.slug);

    const result = await assign(supervisor, OPEN.slug, `${self.email}\n${fresh.email}`);

    expect(result.body).toMatchObject({ ok: true, assigned: 1, alreadyEnrolled: 1 });
    expect(await enrolmentIn(self, OPEN.slug)).toEqual(before);
    expect((await enrolmentIn(fresh, OPEN.slug))?.assignedBy).toBe(supervisor.id);
  });

  it("opens a course that only supervisors assign to the learner it was assigned to", async () => {
    const supervisor = await person("supervisor");
    const learner = await person();
    const lesson = () =>
      call(lessonRoute.loader, getRequest(`/courses/${ASSIGNED.slug}/lessons/${FIRST_LESSON}`, { cookie: learner.cookie }), {
        slug: ASSIGNED.slug,
        lessonId: FIRST_LESSON,
      });
    expect((await lesson()).status).toBe(302); // not enrolled: sent to the course page

    expect((await assign(supervisor, ASSIGNED.slug, learner.email)).body).toMatchObject({ ok: true, assigned: 1 });

    const opened = await lesson();
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ lesson: { lessonId: FIRST_LESSON, courseTitle: ASSIGNED.title } });
  });

  it("answers 403 to a learner, on the page and on the form, and writes nothing", async () => {
    const learner = await person();
    const other = await person();
    expect((await assign(learner, ASSIGNED.slug, other.email)).status).toBe(403);
    expect((await call(superviseRoute.loader, getRequest("/supervise", { cookie: learner.cookie }))).status).toBe(403);
    expect(await enrolmentsOf(other)).toEqual([]);
  });
});

// --- Following ------------------------------------------------------------------------------------------------------

describe("following assigned learners", () => {
  it("shows a supervisor only the learners they assigned; trainers and admins see every assignment", async () => {
    const [mine, theirs] = [await person("supervisor"), await person("supervisor")];
    const [a, b] = [await person("learner", "Ines Mine"), await person("learner", "Olek Theirs")];
    await assign(mine, OPEN.slug, a.email);
    await assign(theirs, OPEN.slug, b.email);

    const emails = (body: ListBody) => body.rows.map((r) => r.email);
    expect(emails(await listOf(mine))).toEqual([a.email]);
    expect(emails(await listOf(theirs))).toEqual([b.email]);
    for (const overseer of [await person("admin"), await person("trainer")]) {
      const seen = emails(await listOf(overseer, "?q=assign.learner"));
      expect(seen).toContain(a.email);
      expect(seen).toContain(b.email);
    }
    // Search by name and by course title, within what the supervisor may see.
    expect(emails(await listOf(mine, "?q=ines"))).toEqual([a.email]);
    expect(emails(await listOf(mine, "?q=Olek"))).toEqual([]);
    expect(emails(await listOf(mine, `?q=${encodeURIComponent("open course")}`))).toEqual([a.email]);
  });

  it("reports the progress figures of the course page for the same learner", async () => {
    const supervisor = await person("supervisor");
    const learner = await person();
    await assign(supervisor, ASSIGNED.slug, learner.email);
    const marked = await call(
      lessonRoute.action,
      formRequest(`/courses/${ASSIGNED.slug}/lessons/${FIRST_LESSON}`, {}, { cookie: learner.cookie }),
      { slug: ASSIGNED.slug, lessonId: FIRST_LESSON },
    );
    expect(marked.status).toBe(302);
    await passQuiz(learner.id, ASSIGNED.slug, FIRST_QUIZ, 85);

    const page = await call(courseRoute.loader, getRequest(`/courses/${ASSIGNED.slug}`, { cookie: learner.cookie }), { slug: ASSIGNED.slug });
    const progress = (page.body as { course: { progress: { percent: number; quizzesPassed: number; quizzesRequired: number } } }).course.progress;
    const [row] = (await listOf(supervisor)).rows;

    expect(progress.percent).toBeGreaterThan(0);
    expect(progress.percent).toBeLessThan(100);
    expect(row).toMatchObject({
      email: learner.email,
      courseTitle: ASSIGNED.title,
      percent: progress.percent,
      completedAt: null,
      quizzes: { passed: progress.quizzesPassed, required: progress.quizzesRequired, bestPercent: 85 },
    });
  });
});
