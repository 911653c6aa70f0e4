// Crowded quiz start, imported by scripts/bench.ts: a whole class (BENCH_CROWD, default 500 learners) starts the same
// quiz within BENCH_CROWD_WINDOW_MS (default 2 s). Arrivals are open-loop (one every window/N ms, whatever the server
// is doing), as a class told "start now" behaves. A start is what the learner waits for: the POST that creates the
// attempt, its redirect and the attempt page it leads to. Every learner must end on their own attempt page.
//
// The learners are written straight into the database (accounts, sessions, enrolments), because registering 500
// people through the form would measure argon2 and the registration throttle, not the start.
//
// The learners' requests go through node:http with one keep-alive pool (as fetch's did: sockets reused, none capped),
// not through fetch. On these two cores the load generator shares the server's CPU, and fetch cost it 0.9-1.8 ms of
// CPU a request against 0.3 ms for node:http (ADR 0046). Bodies are asked for compressed, as a browser asks, and read
// to the last byte but not decompressed: a learner's browser does that on its own machine.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";
import pg from "pg";
import type { Figures } from "./bench";

const CROWD = Number(process.env.BENCH_CROWD ?? 500);
const WINDOW_MS = Number(process.env.BENCH_CROWD_WINDOW_MS ?? 2000);

const randomId = (bytes: number) => randomBytes(bytes).toString("base64url");

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** N accounts with a live session each, enrolled in `slug`; returns their cookies (`name=value`). `database` is the
 * bench server's: a SQLite file path or a `postgres://` URL. */
export async function seedLearners(database: string, cookieName: string, slug: string, count: number): Promise<string[]> {
  const now = Date.now();
  const tag = now.toString(36);
  const rows = Array.from({ length: count }, (_, n) => {
    const secret = randomId(24);
    return { n, userId: randomId(15), sessionId: randomId(15), secret, secretHash: createHash("sha256").update(secret).digest(), enrolmentId: randomId(15) };
  });
  const cookies = rows.map((r) => `${cookieName}=${r.sessionId}.${r.secret}`);
  const userSql = (p: (i: number) => string) =>
    "INSERT INTO users (id, email, full_name, password_hash, preferred_language, profile, organisation, role, created_at) " +
    `VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 'en', 'border-official', 'Benchmark Unit', 'learner', ${p(5)})`;
  const sessionSql = (p: (i: number) => string) =>
    `INSERT INTO sessions (id, user_id, secret_hash, created_at, last_verified_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`;
  const enrolSql = (p: (i: number) => string) =>
    `INSERT INTO enrolments (id, user_id, course_slug, enrolled_at, last_activity_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`;

  if (database.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    try {
      const dollar = (i: number) => `$${i}`;
      const { rows: found } = await client.query("SELECT password_hash FROM users LIMIT 1");
      await client.query("BEGIN");
      for (const r of rows) {
        await client.query(userSql(dollar), [r.userId, `bench.crowd.${tag}.${r.n}@example.org`, `Crowd Learner ${r.n}`, found[0].password_hash, now]);
        await client.query(sessionSql(dollar), [r.sessionId, r.userId, r.secretHash, now, now]);
        await client.query(enrolSql(dollar), [r.enrolmentId, r.userId, slug, now, now]);
      }
      await client.query("COMMIT");
    } finally {
      await client.end();
    }
    return cookies;
  }

  const sqlite = new Database(database, { fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  try {
    const { password_hash: passwordHash } = sqlite.prepare("SELECT password_hash FROM users LIMIT 1").get() as { password_hash: string };
    const question = () => "?";
    const addUser = sqlite.prepare(userSql(question));
    const addSession = sqlite.prepare(sessionSql(question));
    const enrol = sqlite.prepare(enrolSql(question));
    sqlite.transaction(() => {
      for (const r of rows) {
        addUser.run(r.userId, `bench.crowd.${tag}.${r.n}@example.org`, `Crowd Learner ${r.n}`, passwordHash, now);
        addSession.run(r.sessionId, r.userId, r.secretHash, now, now);
        enrol.run(r.enrolmentId, r.userId, slug, now, now);
      }
    })();
    return cookies;
  } finally {
    sqlite.close();
  }
}

const learnersPool = new http.Agent({ keepAlive: true });

// What Chromium sends, less zstd (which neither server offers): a page as a browser gets it, compressed.
export const BROWSER_ENCODINGS = { "Accept-Encoding": "gzip, deflate, br" };

type Reply = { status: number; location: string | undefined; encoding: string | undefined };

/** One request as a browser makes it (compression accepted), its body read to the last byte. */
export function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: init.method ?? "GET", agent: learnersPool, headers: { ...BROWSER_ENCODINGS, ...init.headers } },
      (response) => {
        response.on("data", () => undefined);
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, location: response.headers.location, encoding: response.headers["content-encoding"] }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(init.body);
  });
}

type Start = (i: number) => Promise<{ ok: boolean; failure?: string }>;

/** Fires `count` starts spread evenly over the window and times each from its own send to its last byte. */
export async function openLoop(name: string, count: number, start: Start): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let firstFailure: string | undefined;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new Promise<void>((resolve) => {
        setTimeout(async () => {
          const sent = performance.now();
          try {
            const outcome = await start(i);
            if (outcome.ok) latencies.push(performance.now() - sent);
            else {
              non2xx++;
              firstFailure ??= outcome.failure;
            }
          } catch (error) {
            errors++;
            firstFailure ??= String(error);
          }
          resolve();
        }, (i * WINDOW_MS) / count);
      }),
    ),
  );
  const seconds = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  if (firstFailure) console.error(`${name}: first failure: ${firstFailure}`);
  return {
    name,
    connections: count,
    rps: Math.round(latencies.length / seconds),
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    errors,
    non2xx,
    requests: latencies.length + errors + non2xx,
  };
}

export async function benchCrowdedStart(opts: { base: string; database: string; cookieName: string; slug: string; quizPath: string }) {
  const cookies = await seedLearners(opts.database, opts.cookieName, opts.slug, CROWD);
  const figures = await openLoop(`crowded start: ${CROWD} learners start ${opts.quizPath.split("/").pop()} within ${WINDOW_MS / 1000} s`, CROWD, async (i) => {
    const started = await send(`${opts.base}${opts.quizPath}`, {
      method: "POST",
      headers: { Origin: opts.base, Cookie: cookies[i], "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
    });
    const location = started.location;
    if (started.status !== 302 || !location?.startsWith("/attempts/")) return { ok: false, failure: `POST ${opts.quizPath}: ${started.status}` };
    const page = await send(`${opts.base}${location}`, { headers: { Cookie: cookies[i] } });
    return page.status === 200 ? { ok: true } : { ok: false, failure: `GET ${location}: ${page.status}` };
  });
  console.log(`\ncrowded start: ${figures.requests - figures.errors - figures.non2xx} of ${CROWD} learners on their attempt page, p99 ${figures.p99} ms`);
  return figures;
}

/** The same arrivals against the floor's page, so the crowd's latency has a same-run reference. */
export function benchCrowdFloor(base: string) {
  return openLoop(`remix floor (baseline), ${CROWD} arrivals within ${WINDOW_MS / 1000} s`, CROWD, async () => {
    const response = await send(`${base}/`);
    return response.status === 200 ? { ok: true } : { ok: false, failure: `GET /: ${response.status}` };
  });
}
