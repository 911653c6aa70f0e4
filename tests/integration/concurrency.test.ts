// The invariants that must hold however many requests arrive at once, checked with real separate connections: four
// processes (tests/support/concurrency-worker.ts), each with its own connections to this file's database and many
// requests in flight. On SQLite the processes contend for the file's write lock; on PostgreSQL every transaction
// has its own server connection.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { and, asc, count, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { issueCertificate } from "~/certificates/issuance.server";
import { enrol, recordQuizResult } from "~/courses/enrolment.server";
import { importCourse } from "~/courses/import.server";
import { loadCourse, type LoadedCourse } from "~/courses/load.server";
import { db, transaction } from "~/db.server";
import { randomId } from "~/ids.server";
import { startQuizAttempt } from "~/quiz/attempts.server";
import { certificates, enrolments, quizAttemptEvents, quizAttempts, users } from "#db/tables";
import { freshDatabase } from "./db";

const run = promisify(execFile);

// The status-list index is drawn with randomUint32 (app/ids.server.ts); a test may put its own draw in its place.
const statusDraw = vi.hoisted(() => ({ override: null as null | (() => number) }));
vi.mock("~/ids.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("~/ids.server")>();
  return { ...original, randomUint32: () => statusDraw.override?.() ?? original.randomUint32() };
});

const PROCESSES = 4;

let fixture: LoadedCourse;
let supervisorId: string;

beforeAll(async () => {
  await freshDatabase();
  const loaded = loadCourse(path.resolve("tests/fixtures/courses/fixture-course"));
  if (!loaded.course) throw new Error(`fixture course invalid: ${JSON.stringify(loaded.errors)}`);
  fixture = loaded.course;
  await importCourse(fixture);
  supervisorId = await learner();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function learner() {
  const id = randomId();
  await transaction((tx) =>
    tx.insert(users).values({
      id,
      email: `${id}@example.org`,
      fullName: "Concurrent Learner",
      passwordHash: "not-used",
      profile: "border-official",
      organisation: "Border Police",
      createdAt: Date.now(),
    }),
  );
  return id;
}

type WorkerResult = { errors: string[] } & Record<string, unknown>;

/** Runs the job in PROCESSES worker processes at once and returns each one's outcome. */
async function inProcesses(job: Record<string, unknown>): Promise<WorkerResult[]> {
  // Started together: each worker waits until the same moment, after its slow start-up, to begin.
  const startAt = Date.now() + 4000;
  const tsx = path.resolve("node_modules/.bin/tsx");
  const outputs = await Promise.all(
    Array.from({ length: PROCESSES }, () =>
      run(tsx, ["tests/support/concurrency-worker.ts", JSON.stringify({ ...job, startAt })], { env: process.env, timeout: 60_000 }),
    ),
  );
  return outputs.map(({ stdout }) => JSON.parse(stdout.trim().split("\n").at(-1)!) as WorkerResult);
}

describe("under concurrent requests from several processes", () => {
  it("issues exactly one certificate for 32 simultaneous completions of the same course by one learner", async () => {
    const userId = await learner();
    await enrol(userId, fixture.slug, Date.now(), supervisorId);
    const lessonIds = fixture.modules.flatMap((m) => m.lessons.map((l) => l.id));
    const { markLessonComplete } = await import("~/courses/enrolment.server");
    for (const lessonId of lessonIds.slice(0, -1)) await markLessonComplete(userId, fixture.slug, lessonId);
    for (const module of fixture.modules) {
      const quizId = Object.values(module.quiz)[0]!.id;
      await transaction((tx) => recordQuizResult(tx, { userId, courseSlug: fixture.slug, quizId, percent: 90, isPassed: true }));
    }

    const results = await inProcesses({ op: "complete", userId, slug: fixture.slug, lessonId: lessonIds.at(-1), concurrent: 8 });

    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(results.reduce((n, r) => n + (r.newlyComplete as number), 0)).toBe(1);
    const issued = await db.select().from(certificates).where(eq(certificates.userId, userId));
    expect(issued).toHaveLength(1);
    const [enrolment] = await db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.userId, userId), eq(enrolments.courseSlug, fixture.slug)));
    expect(enrolment.completedAt).toBe(issued[0].completedAt);
  }, 90_000);

  it("gives 200 concurrent issuances 200 distinct status-list indexes", async () => {
    const userId = await learner();

    const results = await inProcesses({ op: "issue", userId, count: 200 / PROCESSES });

    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const rows = await db.select({ index: certificates.statusListIndex }).from(certificates).where(eq(certificates.userId, userId));
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.index)).size).toBe(200);
  }, 90_000);

  it("stores every acknowledged answer-page event once, in order, under a storm of posts to one attempt", async () => {
    const userId = await learner();
    await enrol(userId, fixture.slug, Date.now(), supervisorId);
    const quiz = Object.values(fixture.modules[0].quiz)[0]!;
    const attemptId = await startQuizAttempt(userId, fixture.slug, quiz.id, "en");

    const results = await inProcesses({ op: "storm", userId, attemptId, questionId: quiz.questions[0].id, clients: 6, rounds: 5 });

    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const acknowledged = results.flatMap((r) => r.acknowledged as { seq: number }[]);
    const events = await db
      .select({ seq: quizAttemptEvents.seq, type: quizAttemptEvents.type })
      .from(quizAttemptEvents)
      .where(eq(quizAttemptEvents.attemptId, attemptId))
      .orderBy(asc(quizAttemptEvents.seq));
    const [attempt] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId));
    // The log is 1, 2, …, n without a gap or a repeat, and the attempt's count is n.
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    expect(attempt.eventCount).toBe(events.length);
    // Each acknowledged post was appended right after the state it was posted from, and no two share a position.
    const positions = acknowledged.map((a) => a.seq + 1);
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions.sort((a, b) => a - b)).toEqual(events.slice(1).map((e) => e.seq));
    expect(events.slice(1).every((e) => e.type === "FLAG")).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(1);
    // Flags toggle: the stored snapshot agrees with the number of FLAG events in the log.
    const { flags } = (attempt.snapshot as { context: { flags: string[] } }).context;
    expect(flags.includes(quiz.questions[0].id)).toBe(acknowledged.length % 2 === 1);
  }, 90_000);

  it("lets 20 simultaneous wrong passwords for one account and address through to the password check 5 times in all", async () => {
    const userId = await learner();
    const [{ email }] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));

    // The login budgets live in the database (ADR 0006): four processes, like four app nodes, share them.
    const results = await inProcesses({ op: "login", email, password: "not the password", ip: "203.0.113.77", concurrent: 5 });

    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(results.reduce((n, r) => n + (r.checked as number), 0)).toBe(5);
    expect(results.reduce((n, r) => n + (r.refused as number), 0)).toBe(15);
  }, 90_000);
});

describe("under concurrent requests in one process", () => {
  it("draws again when two issuances draw the same status-list index at the same moment", async () => {
    const userId = await learner();
    // Every draw yields 7 until each transaction has drawn once, then distinct values: the two collide on 7.
    let draws = 0;
    statusDraw.override = () => (draws++ < 2 ? 7 : 1000 + draws);
    const issue = () =>
      transaction((tx) =>
        issueCertificate(tx, {
          userId,
          holderName: "Collision",
          course: { slug: `collision-${randomId()}`, title: "C", versionLabel: "1", hours: 1, credits: null, validityMonths: null },
          completedAt: Date.now(),
          averagePercent: null,
        }),
      );
    const ids = await Promise.all([issue(), issue()]).finally(() => (statusDraw.override = null));
    const rows = await db.select({ index: certificates.statusListIndex }).from(certificates).where(eq(certificates.userId, userId));
    expect(ids.every(Boolean)).toBe(true);
    expect(rows.map((r) => r.index).sort()).toContain(7);
    expect(new Set(rows.map((r) => r.index)).size).toBe(2);
  });

  it("keeps one enrolment per learner and course when the enrol button is pressed 20 times at once", async () => {
    const userId = await learner();
    await Promise.all(Array.from({ length: 20 }, () => enrol(userId, fixture.slug, Date.now(), supervisorId)));
    const [{ n }] = await db
      .select({ n: count() })
      .from(enrolments)
      .where(and(eq(enrolments.userId, userId), eq(enrolments.courseSlug, fixture.slug)));
    expect(n).toBe(1);
  });
});
