// The answer path's promise (issue 16): an answer the server acknowledged (2xx) is in the event log, even when the
// server dies the hardest way mid-storm. Its own production server (`node server.js`, not the journeys' shared one)
// on its own database — a SQLite file, or a PostgreSQL database when TEST_DATABASE_URL names a server
// (scripts/e2e-postgres.sh) — takes a storm of answers from many learners, is killed with SIGKILL while answers are
// in flight, and is started again on the same database. Then every acknowledged answer must be in the log at the
// position it was acknowledged for, each attempt's log must run 1..n with no gap and in time order, the attempt row
// must agree with its log, and the restarted server must carry on from there.
//
// A SIGKILL loses the process, not the operating system's page cache, so this proves "nothing is acknowledged before
// its COMMIT" (the ordering), not the fsync; synchronous=FULL (app/db.server.ts) is what covers a power cut.
// No timing is asserted: the storm stops when enough answers were acknowledged, however long that takes.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import pg from "pg";
import { seedLearners } from "../../scripts/bench-crowd";
import { freePort, spawnServer } from "./support";

const LEARNERS = 24;
/** Acknowledged answers before the kill: enough that many learners are mid-answer when it lands. */
const ACKNOWLEDGED_BEFORE_KILL = 240;
const SLUG = "e2e-quiz-practice";
const QUIZ = `/courses/${SLUG}/quizzes/torture-quiz`;

type Logged = { seq: number; type: string; payload: { answer?: { value?: boolean }; at: number } };
type Store = {
  url: string;
  /** Per attempt: its row's event count and its logged events in seq order. */
  read(attemptIds: string[]): Promise<Map<string, { eventCount: number; events: Logged[] }>>;
  drop(): Promise<void>;
};

async function openStore(dataDir: string): Promise<Store> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    const file = path.join(dataDir, "app.db");
    return {
      url: file,
      async read(ids) {
        const sqlite = new Database(file, { readonly: true, fileMustExist: true });
        try {
          const marks = ids.map(() => "?").join(",");
          const attempts = sqlite.prepare(`select id, event_count from quiz_attempts where id in (${marks})`).all(...ids) as { id: string; event_count: number }[];
          const events = sqlite
            .prepare(`select attempt_id, seq, type, payload from quiz_attempt_events where attempt_id in (${marks}) order by attempt_id, seq`)
            .all(...ids) as { attempt_id: string; seq: number; type: string; payload: string }[];
          return collect(attempts.map((a) => ({ id: a.id, eventCount: a.event_count })), events.map((e) => ({ ...e, payload: JSON.parse(e.payload) })));
        } finally {
          sqlite.close();
        }
      },
      async drop() {},
    };
  }
  const name = `lexmigra_durability_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async read(ids) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const attempts = await client.query("select id, event_count from quiz_attempts where id = any($1)", [ids]);
        const events = await client.query("select attempt_id, seq, type, payload from quiz_attempt_events where attempt_id = any($1) order by attempt_id, seq", [ids]);
        return collect(
          attempts.rows.map((a) => ({ id: a.id, eventCount: Number(a.event_count) })),
          events.rows.map((e) => ({ ...e, seq: Number(e.seq), payload: typeof e.payload === "string" ? JSON.parse(e.payload) : e.payload })),
        );
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

function collect(attempts: { id: string; eventCount: number }[], events: (Logged & { attempt_id: string })[]) {
  const out = new Map(attempts.map((a) => [a.id, { eventCount: a.eventCount, events: [] as Logged[] }]));
  for (const { attempt_id, ...event } of events) out.get(attempt_id)?.events.push(event);
  return out;
}

/** `node server.js` (one process, so SIGKILL reaches the one that holds the database) on the given database. */
async function startServer(port: number, dataDir: string, databaseUrl: string): Promise<ChildProcess> {
  const base = `http://127.0.0.1:${port}`;
  // The restart is what this test waits for; the warm-up (ADR 0050) has its own test.
  const child = spawnServer(port, dataDir, { DATABASE_URL: databaseUrl, WARM_UP_REQUESTS: "0" });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ready = await fetch(`${base}/ready`).then((r) => r.ok, () => false);
    if (ready) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const form = (base: string, pathname: string, cookie: string, fields: Record<string, string>) =>
  fetch(`${base}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });

/** The seq and question id the attempt page renders into its forms. */
async function pageState(base: string, attemptPath: string, cookie: string) {
  const html = await (await fetch(`${base}${attemptPath}`, { headers: { Cookie: cookie } })).text();
  const value = (name: string) => html.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="${name}"`))?.slice(1).find(Boolean);
  return { seq: Number(value("seq")), questionId: value("questionId") };
}

type Acknowledged = { attemptId: string; seq: number; value: boolean };

test("every answer acknowledged before a kill -9 mid-storm is in the event log, in order, after a restart", async () => {
  test.setTimeout(240_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-durability-"));
  const store = await openStore(dataDir);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = await startServer(port, dataDir, store.url);
  try {
    // The session cookie's name depends on the environment: read it from a real login's Set-Cookie.
    const login = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "border.official@example.org", password: "border-demo-passphrase", redirectTo: "/dashboard" }),
    });
    const cookieName = login.headers.get("set-cookie")!.split("=")[0];
    const learnerCookies = await seedLearners(store.url, cookieName, SLUG, LEARNERS);

    const learners = await Promise.all(
      learnerCookies.map(async (cookie) => {
        const started = await form(base, QUIZ, cookie, {});
        const attemptPath = started.headers.get("location");
        expect(started.status, "the attempt starts").toBe(302);
        expect(attemptPath).toMatch(/^\/attempts\//);
        const state = await pageState(base, attemptPath!, cookie);
        expect(state.questionId, "a question is shown").toBeTruthy();
        return { cookie, attemptPath: attemptPath!, attemptId: attemptPath!.slice("/attempts/".length), ...state };
      }),
    );

    // The storm: each learner changes their answer again and again, as fast as the server acknowledges, the way the
    // enhanced form posts it. A learner's requests are sequential, so the seq it sends is the log's length.
    const acknowledged: Acknowledged[] = [];
    let killed = false;
    const storm = learners.map(async (learner) => {
      for (let n = 0; !killed; n++) {
        const value = n % 2 === 0;
        try {
          const response = await form(base, `${learner.attemptPath}.data`, learner.cookie, {
            seq: String(learner.seq),
            enhanced: "1",
            intent: "ANSWER",
            questionId: learner.questionId!,
            value: String(value),
          });
          await response.arrayBuffer();
          if (response.status < 200 || response.status >= 300) throw new Error(`answer refused: ${response.status}`);
          acknowledged.push({ attemptId: learner.attemptId, seq: learner.seq, value });
          learner.seq++;
        } catch (error) {
          // After the kill, a request in flight fails: its answer was never acknowledged, so nothing is owed.
          if (killed) return;
          throw error;
        }
        if (!killed && acknowledged.length >= ACKNOWLEDGED_BEFORE_KILL) {
          killed = true;
          server.kill("SIGKILL");
        }
      }
    });
    await Promise.all(storm);
    await new Promise((resolve) => (server.exitCode !== null || server.signalCode !== null ? resolve(null) : server.once("exit", resolve)));
    expect(server.signalCode, "the server died of SIGKILL, not of its own accord").toBe("SIGKILL");
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);

    server = await startServer(port, dataDir, store.url);
    const stored = await store.read(learners.map((l) => l.attemptId));

    // Acknowledged ⊆ stored: each acknowledged answer is the event right after the seq its form was rendered at.
    const missing = acknowledged.filter((a) => {
      const event = stored.get(a.attemptId)?.events.find((e) => e.seq === a.seq + 1);
      return event?.type !== "ANSWER" || event.payload.answer?.value !== a.value;
    });
    expect(missing, "acknowledged answers missing from the event log").toEqual([]);

    for (const learner of learners) {
      const { eventCount, events } = stored.get(learner.attemptId)!;
      // Order intact: seq 1..n without gap or repeat, in time order, the attempt row at the log's end, the START first.
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
      expect(events[0].type).toBe("START");
      expect(events.map((e) => e.payload.at)).toEqual([...events.map((e) => e.payload.at)].sort((x, y) => x - y));
      expect(eventCount).toBe(events.length);
      // At most the one answer in flight at the kill was written without being acknowledged.
      const acknowledgedHere = acknowledged.filter((a) => a.attemptId === learner.attemptId).length;
      expect(events.length - 1 - acknowledgedHere).toBeGreaterThanOrEqual(0);
      expect(events.length - 1 - acknowledgedHere).toBeLessThanOrEqual(1);
      // The restarted server carries on from the log: its page renders at the stored seq, and the next answer lands.
      const state = await pageState(base, learner.attemptPath, learner.cookie);
      expect(state.seq).toBe(events.length);
      const next = await form(base, `${learner.attemptPath}.data`, learner.cookie, {
        seq: String(state.seq),
        enhanced: "1",
        intent: "ANSWER",
        questionId: state.questionId!,
        value: "true",
      });
      expect(next.status).toBe(200);
    }
  } finally {
    server.kill("SIGKILL");
    await store.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
