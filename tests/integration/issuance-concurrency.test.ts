// "One completion, one certificate" across database connections: separate processes, each with its own connection
// to this file's SQLite database, complete the learner's last lesson at the same instant. In one process the calls
// would be serialised by the synchronous driver and prove nothing about concurrency; here they really race, as two
// app nodes would.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { certificates, enrolments } from "#db/tables";
import { enrol, markLessonComplete } from "~/courses/enrolment.server";
import { importCourse } from "~/courses/import.server";
import { db } from "~/db.server";
import { insertAccount } from "../support/accounts";
import { lessonIdsOf, loadFixtureCourse, passQuiz, quizIdsOf } from "../support/courses";
import { freshDatabase } from "./db";

const run = promisify(execFile);
const PROCESSES = 4;

const fixture = loadFixtureCourse();

beforeAll(async () => {
  await freshDatabase();
  await importCourse(fixture);
});

describe("issuing one certificate", () => {
  it("issues exactly one when separate connections complete the last step at the same instant", async () => {
    const learner = await insertAccount({ fullName: "Ngozi Adeyemi" });
    const admin = await insertAccount({ role: "admin" });
    await enrol(learner.id, fixture.slug, Date.now(), admin.id);
    for (const quizId of quizIdsOf(fixture)) await passQuiz(learner.id, fixture.slug, quizId, 90);
    const lessons = lessonIdsOf(fixture);
    for (const lessonId of lessons.slice(0, -1)) await markLessonComplete(learner.id, fixture.slug, lessonId);

    const startAt = Date.now() + 4_000; // after every process has loaded the app and opened its connection
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        run(process.execPath, ["--import", "tsx", "tests/support/complete-lesson-process.ts", learner.id, fixture.slug, lessons.at(-1)!, String(startAt)], {
          env: process.env,
          timeout: 60_000,
        }),
      ),
    );
    const outcomes = outputs.map(({ stdout }) => JSON.parse(stdout.trim().split("\n").at(-1)!));
    // Every request succeeds (none hits "database is locked" half-way), exactly one of them completes the course…
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes.filter((o) => o.isNewlyComplete)).toHaveLength(1);
    // …and the database holds one completion and one certificate.
    const issued = await db
      .select()
      .from(certificates)
      .where(and(eq(certificates.userId, learner.id), eq(certificates.courseSlug, fixture.slug)));
    expect(issued).toHaveLength(1);
    const [enrolment] = await db.select().from(enrolments).where(eq(enrolments.userId, learner.id));
    expect(enrolment.completedAt).toBe(issued[0].completedAt);
  }, 90_000);
});
