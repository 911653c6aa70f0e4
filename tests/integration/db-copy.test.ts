// `npm run db:copy`: a live database copied to another engine and back arrives identical, table by table; a target
// that holds any row is refused untouched.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "~/auth/accounts.server";
import { createSession } from "~/auth/session.server";
import { revokeCertificate } from "~/certificates/certificates.server";
import { issueCertificate } from "~/certificates/issuance.server";
import { enrol, markLessonComplete, recordQuizResult } from "~/courses/enrolment.server";
import { importCourse } from "~/courses/import.server";
import { loadCourse } from "~/courses/load.server";
import { transaction } from "~/db.server";
import { randomId } from "~/ids.server";
import { sendAttemptEvent, startQuizAttempt } from "~/quiz/attempts.server";
import { copyDatabase, CopyRefused, reportOf } from "#db/copy";
import { users } from "#db/tables";
import { freshDatabase } from "./db";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-copy-"));
const server = process.env.TEST_DATABASE_URL;
const created: string[] = [];

async function newPostgresDatabase() {
  const name = `lexmigra_copy_${randomId(8)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  created.push(name);
  const url = new URL(server!);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (!server || created.length === 0) return;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

beforeAll(async () => {
  await freshDatabase();
  const loaded = loadCourse(path.resolve("tests/fixtures/courses/fixture-course"));
  if (!loaded.course) throw new Error("fixture course invalid");
  const course = loaded.course;
  await importCourse(course);
  const admin = randomId();
  const learner = randomId();
  await transaction(async (tx) => {
    await tx.insert(users).values([
      { id: admin, email: "admin.copy@example.org", fullName: "Ada Admin", passwordHash: "x", profile: "other", organisation: "L", role: "admin", createdAt: 1 },
      { id: learner, email: "learner.copy@example.org", fullName: "Élise Dufresne-Núñez", passwordHash: "x", profile: "judicial-officer", organisation: "Cour", createdAt: 2 },
    ]);
  });
  await createSession(learner);
  await authenticate({ email: "learner.copy@example.org", password: "wrong" }, "198.51.100.9").catch(() => {});
  await enrol(learner, course.slug, Date.now(), admin);
  for (const module of course.modules) {
    for (const lesson of module.lessons) await markLessonComplete(learner, course.slug, lesson.id);
    const quizId = Object.values(module.quiz)[0]!.id;
    await transaction((tx) => recordQuizResult(tx, { userId: learner, courseSlug: course.slug, quizId, percent: 92.5, isPassed: true }));
  }
  const quiz = Object.values(course.modules[0].quiz)[0]!;
  const attemptId = await startQuizAttempt(learner, course.slug, quiz.id, "en");
  const questionId = quiz.questions[0].id;
  await sendAttemptEvent(learner, attemptId, { seq: 1, toEvent: (_quiz, at) => ({ ok: true, event: { type: "FLAG", questionId, at } }) });
  const [first] = await transaction(async (tx) => [
    await issueCertificate(tx, {
      userId: learner,
      holderName: "Copied Holder",
      course: { slug: course.slug, title: "Renewed", versionLabel: "2", hours: 2, credits: 1.5, validityMonths: 12 },
      completedAt: Date.now(),
      averagePercent: 88,
      renewsCertificateId: undefined,
    }),
  ]);
  await transaction((tx) =>
    issueCertificate(tx, {
      userId: learner,
      holderName: "Copied Holder",
      course: { slug: course.slug, title: "Renewed", versionLabel: "3", hours: 2, credits: 1.5, validityMonths: 12 },
      completedAt: Date.now(),
      averagePercent: 88,
      renewsCertificateId: first!,
    }),
  );
  await revokeCertificate(admin, { certificateId: first!, reason: "Issued in error" }, { baseUrl: "http://localhost:3000" });
}, 60_000);

describe("db:copy", () => {
  it("copies the live database to another engine and back with identical rows in every table", async () => {
    const source = process.env.DATABASE_URL!;
    const before = await reportOf(source);
    expect(before.filter((t) => t.rows > 0).map((t) => t.table)).toEqual(
      expect.arrayContaining(["users", "sessions", "rate_limits", "audit_events", "certificates", "status_lists", "quiz_attempt_events", "lesson_bodies"]),
    );
    const sqliteCopy = path.join(dir, "copy.db");
    expect(await copyDatabase(source, sqliteCopy)).toEqual(before);
    // Through PostgreSQL when a server is at hand (npm run test:pg), else through a second SQLite file.
    const middle = server ? await newPostgresDatabase() : path.join(dir, "middle.db");
    expect(await copyDatabase(sqliteCopy, middle)).toEqual(before);
    if (server) {
      // The identity sequences moved past the copied ids: the next audit event gets a fresh id.
      const client = new pg.Client({ connectionString: middle });
      await client.connect();
      await client.query("insert into audit_events (action, subject, at) values ('test', 'after-copy', 1)");
      await client.query("delete from audit_events where subject = 'after-copy'");
      await client.end();
    }
    const back = path.join(dir, "back.db");
    expect(await copyDatabase(middle, back)).toEqual(before);
    expect(await reportOf(back)).toEqual(await reportOf(source));
  }, 60_000);

  it("refuses a target that holds any row, and writes nothing into it", async () => {
    const target = path.join(dir, "occupied.db");
    await copyDatabase(process.env.DATABASE_URL!, target);
    const before = await reportOf(target);
    await expect(copyDatabase(process.env.DATABASE_URL!, target)).rejects.toThrow(CopyRefused);
    await expect(copyDatabase(process.env.DATABASE_URL!, target)).rejects.toThrow(/not empty \(\w+ has \d+ rows\)/);
    expect(await reportOf(target)).toEqual(before);
  }, 60_000);
});
