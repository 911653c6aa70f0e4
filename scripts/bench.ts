// npm run bench — hot paths of a production build on loopback, beside the Remix floor measured in the same run, on
// each engine (SQLite; PostgreSQL when installed, on a throwaway cluster) with one worker and with one per core.
// Run `npm run build` first. BENCH_SECONDS (default 10) per scenario; BENCH_SKIP_BASELINE=1 to skip the floor;
// BENCH_ENGINES=sqlite or =postgres to measure one engine only.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import pg from "pg";
import { generateIssuerKeyPair } from "~/certificates/keys.server";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const root = path.resolve(import.meta.dirname, "..");
const ENGINES = (process.env.BENCH_ENGINES ?? "sqlite,postgres").split(",");
const CORES = os.availableParallelism();

// PostgreSQL runs on a throwaway cluster: re-run this script under scripts/with-postgres.sh when it is installed.
const postgresInstalled = fs.existsSync("/usr/lib/postgresql") || Boolean(process.env.PG_BIN);
if (ENGINES.includes("postgres") && !process.env.TEST_DATABASE_URL && postgresInstalled) {
  const rerun = spawnSync(path.join(root, "scripts/with-postgres.sh"), [path.join(root, "node_modules/.bin/tsx"), ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  process.exit(rerun.status ?? 1);
}
const server = process.env.TEST_DATABASE_URL;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

type Figures = { name: string; connections: number; rps: number; p50: number; p99: number; errors: number; non2xx: number; requests: number };

async function measure(name: string, opts: autocannon.Options & { connections: number }): Promise<Figures> {
  const result = await autocannon({ duration: SECONDS, ...opts });
  return {
    name,
    connections: opts.connections,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

type Setup = { engine: "sqlite" | "postgres"; workers: number };

/** The production server (cluster.js: the release tasks, then `workers` processes) on a fresh database. */
async function startApp({ engine, workers }: Setup) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-bench-"));
  let databaseUrl = path.join(dataDir, "app.db");
  let countEvents: (attemptIds: string[]) => Promise<number>;
  let dropDatabase = async () => {};
  const extra: Record<string, string> = {};
  if (engine === "postgres") {
    const name = `lexmigra_bench_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(server!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    const key = await generateIssuerKeyPair("urn:lexmigra:issuer");
    extra.ISSUER_KEY = JSON.stringify(await key.export({ publicKey: true, secretKey: true, includeContext: true }));
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    countEvents = async (ids) =>
      Number((await client.query("select count(*) as n from quiz_attempt_events where attempt_id = any($1)", [ids])).rows[0].n);
    dropDatabase = async () => {
      await client.end();
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    countEvents = async (ids) => {
      const database = new Database(databaseUrl, { readonly: true, fileMustExist: true });
      try {
        return (database.prepare(`select count(*) as n from quiz_attempt_events where attempt_id in (${ids.map(() => "?").join(",")})`).get(...ids) as { n: number }).n;
      } finally {
        database.close();
      }
    };
  }
  const child = spawn(process.execPath, ["cluster.js"], {
    cwd: root,
    env: {
      ...process.env,
      ...extra,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      WEB_CONCURRENCY: String(workers),
      DEMO: "1",
      NODE_ENV: "production",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/ready`, child);
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    await dropDatabase();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { base, child, dataDir, countEvents, stop };
}

async function startBaseline() {
  const source = path.resolve(process.env.BENCH_BASELINE_DIR ?? path.join(root, "../shared/baseline-remix"));
  if (process.env.BENCH_SKIP_BASELINE === "1" || !fs.existsSync(source)) return null;
  // shared/ is read-only: build the floor in a scratch copy.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "remix-floor-"));
  fs.cpSync(source, dir, { recursive: true, filter: (p) => !p.includes("node_modules") && !p.includes("/build") });
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--silent"], { cwd: dir, stdio: "inherit" });
  execFileSync("npm", ["run", "build", "--silent"], { cwd: dir, stdio: "inherit" });
  const port = await freePort();
  // Spawned directly (not through npx) so that killing it really stops the server.
  const cli = path.join(dir, "node_modules/@remix-run/serve/dist/cli.js");
  const child = spawn(process.execPath, [cli, "./build/server/index.js"], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/`, child);
  return { base, child, dir };
}

async function login(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/dashboard" }),
  });
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error(`login failed for ${email}: ${response.status}`);
  return cookie;
}

async function post(base: string, pathname: string, cookie: string, fields: Record<string, string>) {
  return fetch(`${base}${pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

export type BenchContext = {
  base: string;
  cookie: string;
  post: typeof post;
  login: typeof login;
  measure: typeof measure;
  dataDir: string;
  countEvents: (attemptIds: string[]) => Promise<number>;
};

const setups: Setup[] = [];
for (const engine of ["sqlite", "postgres"] as const) {
  if (!ENGINES.includes(engine) || (engine === "postgres" && !server)) continue;
  for (const workers of [...new Set([1, CORES])]) setups.push({ engine, workers });
}
if (ENGINES.includes("postgres") && !server) console.log("PostgreSQL is not installed: measuring SQLite only.");

const results: (Figures & { setup: string })[] = [];
let baseline: Awaited<ReturnType<typeof startBaseline>> = null;
try {
  baseline = await startBaseline();
  if (baseline) {
    for (const connections of [1, 32]) {
      results.push({ setup: "remix-serve", ...(await measure("remix floor (baseline)", { url: `${baseline.base}/`, connections })) });
    }
  }
  for (const setup of setups) {
    const label = `${setup.engine}, ${setup.workers} worker${setup.workers > 1 ? "s" : ""}`;
    console.log(`Measuring ${label}…`);
    const app = await startApp(setup);
    try {
      const cookie = await login(app.base, "border.official@example.org", "border-demo-passphrase");
      const slug = "trafficking-vs-smuggling";
      await post(app.base, `/courses/${slug}`, cookie, {});
      const course = await (await fetch(`${app.base}/courses/${slug}`, { headers: { Cookie: cookie } })).text();
      const lessonPath = course.match(/href="(\/courses\/[^"]+\/lessons\/[^"]+)"/)?.[1];
      if (!lessonPath) throw new Error("no lesson link on the course page");
      const add = (figures: Figures) => results.push({ setup: label, ...figures });
      for (const connections of [1, 32]) {
        add(await measure("catalog /courses", { url: `${app.base}/courses`, connections, headers: { Cookie: cookie } }));
        add(await measure(`course page /courses/${slug}`, { url: `${app.base}/courses/${slug}`, connections, headers: { Cookie: cookie } }));
        add(await measure(`lesson page ${lessonPath}`, { url: `${app.base}${lessonPath}`, connections, headers: { Cookie: cookie } }));
      }
      const extra = path.join(root, "scripts/bench-quiz.ts");
      if (fs.existsSync(extra)) {
        const { benchAnswers } = (await import(extra)) as { benchAnswers: (c: BenchContext) => Promise<Figures[]> };
        for (const figures of await benchAnswers({ base: app.base, cookie, post, login, measure, dataDir: app.dataDir, countEvents: app.countEvents })) {
          add(figures);
        }
      }
    } finally {
      await app.stop();
    }
  }
} finally {
  baseline?.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  if (baseline) fs.rmSync(baseline.dir, { recursive: true, force: true });
}

const floor = new Map(results.filter((r) => r.name.startsWith("remix floor")).map((r) => [r.connections, r.rps]));
console.log(`\n${SECONDS}s per scenario, ${os.cpus().length} cores, Node ${process.version}`);
console.table(
  results.map((r) => ({
    setup: r.setup,
    scenario: r.name,
    conns: r.connections,
    "req/s": r.rps,
    "p50 ms": r.p50,
    "p99 ms": r.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    "÷ floor": floor.get(r.connections) ? (r.rps / floor.get(r.connections)!).toFixed(2) : "",
  })),
);
const failed = results.filter((r) => r.errors > 0 || r.non2xx > 0);
if (failed.length > 0) {
  console.error(`Errors or non-2xx answers in: ${failed.map((r) => r.name).join(", ")}`);
  process.exit(1);
}
