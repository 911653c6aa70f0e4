// Question analytics under load, imported by scripts/bench.ts. ~2,000 submitted attempts (BENCH_ANALYTICS_ATTEMPTS)
// at one quiz are written straight into the server's database, each made by the real quiz machine
// (tests/support/attempt-seed.ts), then a trainer's page for that quiz is measured twice:
// - as trainers browse it (the statistics cached per quiz version until the next submission), at 1 and 32 connections;
// - recomputed: one more attempt is submitted before each request, so every request reads all the attempts and their
//   event logs and recomputes the statistics (BENCH_ANALYTICS_SAMPLES requests, one at a time).
import Database from "better-sqlite3";
import pg from "pg";
import type { QuizDefinition } from "~/courses/format";
import { scriptedAnswer, seedLearners, seedSubmittedAttempts, type Execute, type SeededAttempt } from "../tests/support/attempt-seed";
import type { BenchContext, Figures } from "./bench";

const ATTEMPTS = Number(process.env.BENCH_ANALYTICS_ATTEMPTS ?? 2_000);
const SAMPLES = Number(process.env.BENCH_ANALYTICS_SAMPLES ?? 20);
const SLUG = process.env.BENCH_ANALYTICS_COURSE ?? "trafficking-vs-smuggling";

type Connection = { execute: Execute; one: <T>(sql: string, values: unknown[]) => Promise<T>; begin: () => Promise<void>; commit: () => Promise<void>; close: () => Promise<void> };

async function connect(database: string): Promise<Connection> {
  if (database.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    const numbered = (sql: string) => {
      let n = 0;
      return sql.replace(/\?/g, () => `$${++n}`);
    };
    return {
      execute: (sql, values) => client.query(numbered(sql), values),
      one: async (sql, values) => (await client.query(numbered(sql), values)).rows[0],
      begin: async () => void (await client.query("BEGIN")),
      commit: async () => void (await client.query("COMMIT")),
      close: () => client.end(),
    };
  }
  const sqlite = new Database(database, { fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  return {
    execute: (sql, values) => sqlite.prepare(sql).run(...values),
    one: async (sql, values) => sqlite.prepare(sql).get(...values) as never,
    begin: async () => void sqlite.exec("BEGIN IMMEDIATE"),
    commit: async () => void sqlite.exec("COMMIT"),
    close: async () => void sqlite.close(),
  };
}

/** A small deterministic generator, so every run seeds the same answers. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeding takes longer than the server's keep-alive: the pooled socket it closed meanwhile fails once, then not. */
async function fetchAgain(url: string, init: RequestInit, tries = 3): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (tries <= 1) throw error;
    return fetchAgain(url, init, tries - 1);
  }
}

export async function benchAnalytics(context: BenchContext, floorAt: (connections: number) => Figures | undefined) {
  const connection = await connect(context.database);
  const figures: Array<{ figures: Figures; floor: Figures | undefined }> = [];
  try {
    const version = await connection.one<{ versionId: string }>("select live_version_id as \"versionId\" from courses where slug = ?", [SLUG]);
    const module = await connection.one<{ quizId: string }>("select quiz_id as \"quizId\" from course_modules where version_id = ? order by position limit 1", [version.versionId]);
    const stored = await connection.one<{ definition: unknown }>("select definition from quiz_definitions where version_id = ? and quiz_id = ? and language = 'en'", [version.versionId, module.quizId]);
    const quiz = (typeof stored.definition === "string" ? JSON.parse(stored.definition) : stored.definition) as QuizDefinition;
    const target = { courseSlug: SLUG, versionId: version.versionId, quiz };
    const random = mulberry32(2026);
    // Learners of varied ability: a learner gets each question right with a probability of their own; a fifth of
    // them submit a second attempt (which the statistics leave out: first attempts count).
    const attemptOf = (learner: string, startedAt: number): SeededAttempt => {
      const ability = 0.25 + 0.7 * random();
      return { learner, startedAt, secondsPerAnswer: 10 + Math.floor(40 * random()), answers: Object.fromEntries(quiz.questions.map((q) => [q.id, scriptedAnswer(q, random() < ability, random)])) };
    };
    // Signed in before the seeding, on a fresh connection; the session outlives the seeding.
    const cookie = await context.login(context.base, "admin@example.org", "admin-demo-passphrase");
    const learnerCount = Math.round(ATTEMPTS / 1.25);
    const started = Date.now();
    await connection.begin();
    const learners = await seedLearners(connection.execute, learnerCount);
    await connection.commit();
    const attempts = Array.from({ length: ATTEMPTS }, (_, i) => attemptOf(learners[i % learnerCount], Date.UTC(2026, 0, 1) + i * 60_000));
    // In transactions of 25 attempts: one per attempt would be slow, and a long one would hold SQLite's write lock for
    // longer than the server's busy timeout (its background jobs write too).
    for (let i = 0; i < attempts.length; i += 25) {
      await connection.begin();
      await seedSubmittedAttempts(connection.execute, target, attempts.slice(i, i + 25));
      await connection.commit();
    }
    console.log(`  analytics: ${ATTEMPTS} attempts by ${learnerCount} learners at ${SLUG}/${module.quizId} (${quiz.questions.length} questions) seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const pathname = `/studio/analytics/${SLUG}/${module.quizId}`;
    const url = `${context.base}${pathname}`;
    const first = await fetchAgain(url, { headers: { Cookie: cookie } });
    if (first.status !== 200) throw new Error(`GET ${pathname}: ${first.status}`);
    const html = await first.text();
    if (!html.includes('data-figure="facility"')) throw new Error(`${pathname} shows no figures`);

    for (const connections of [1, 32]) {
      figures.push({
        figures: await context.measure(`analytics page, ${ATTEMPTS} attempts (cached until the next submission)`, { url, connections, headers: { Cookie: cookie } }),
        floor: floorAt(connections),
      });
    }

    // Recomputed: a new submission before each request changes the quiz version's fingerprint.
    const latencies: number[] = [];
    let errors = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const [learner] = await seedLearners(connection.execute, 1);
      await seedSubmittedAttempts(connection.execute, target, [attemptOf(learner, Date.UTC(2026, 1, 1) + i * 60_000)]);
      const before = performance.now();
      const response = await fetchAgain(url, { headers: { Cookie: cookie } });
      await response.arrayBuffer();
      latencies.push(performance.now() - before);
      if (response.status !== 200) errors++;
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
    const mean = latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length;
    figures.push({
      figures: {
        name: `analytics page, ${ATTEMPTS} attempts, recomputed after a new submission (${SAMPLES} requests)`,
        connections: 1,
        rps: Math.round(1000 / mean),
        p50: at(0.5),
        p99: at(0.99),
        errors,
        non2xx: errors,
        requests: SAMPLES,
      },
      floor: floorAt(1),
    });
  } finally {
    await connection.close();
  }
  return figures;
}
