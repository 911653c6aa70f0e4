// npm run bench — hot paths of a production build on loopback, beside the Remix floor measured in the same run, on
// each engine (SQLite; PostgreSQL when installed, on a throwaway cluster) with one worker and with one per core.
// Run `npm run build` first. Scenarios and variables: README.md, Benchmarks.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { BROWSER_ENCODINGS, send } from "./bench-crowd";
import { benchDatabase } from "./bench-database";
import { parallelCapacity } from "./bench-machine";

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
    let status = 0;
    try {
      status = (await fetch(url)).status;
    } catch {
      /* not up yet */
    }
    if (status >= 200 && status < 300) return;
    if (status === 404) throw new Error(`${url}: 404`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

export type Figures = {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  /** Sequential scenarios (compliance) measure it; autocannon gives p97.5 rather than p95, so the others do not. */
  p95?: number;
  p99: number;
  errors: number;
  non2xx: number;
  requests: number;
  /** Cold-load scenarios: bytes on the wire for the page and everything it loads. */
  bytes?: number;
};

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

/** One page at 32 connections asked for as a browser asks: the page scenarios above measure pages uncompressed. */
async function measureAsBrowser(name: string, url: string, headers: Record<string, string> = {}): Promise<Figures> {
  const { encoding } = await send(url, { headers });
  if (encoding !== "br") throw new Error(`${url} answered a browser with Content-Encoding ${encoding ?? "none"}, not br`);
  return measure(`${name}, brotli accepted`, { url, connections: 32, headers: { ...headers, ...BROWSER_ENCODINGS } });
}

type Setup = { engine: "sqlite" | "postgres"; workers: number };

/** The production server (cluster.js: the release tasks, then `workers` processes) on a fresh database. */
async function startApp({ engine, workers }: Setup) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-bench-"));
  const database = await benchDatabase(engine, dataDir, server);
  // BENCH_SERVER (with REMIX_BUILD_DIR) runs an older server and build beside this bench, for before/after runs.
  const child = spawn(process.execPath, [process.env.BENCH_SERVER ?? "cluster.js"], {
    cwd: root,
    env: {
      ...process.env,
      ...database.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      WEB_CONCURRENCY: String(workers),
      DEMO: "1",
      NODE_ENV: "production",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  // Servers older than /ready are up when their home page is.
  await waitFor(`${base}/ready`, child).catch(() => waitFor(`${base}/`, child));
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { base, child, dataDir, database: database.url, countEvents: database.countEvents, stop };
}

async function startBaseline() {
  // From /work/main the floor is ../shared; from a worktree under /work/wt it is two levels up.
  const source =
    process.env.BENCH_BASELINE_DIR ??
    [path.resolve(root, "../shared/baseline-remix"), path.resolve(root, "../../shared/baseline-remix")].find((p) => fs.existsSync(p)) ??
    "";
  if (process.env.BENCH_SKIP_BASELINE === "1" || !fs.existsSync(source)) return null;
  // shared/ is read-only: build the floor in a scratch copy, kept between runs under a name that changes with its
  // sources, so a second run does not pay for `npm ci` again.
  const hash = crypto.createHash("sha256");
  for (const file of fs.readdirSync(source, { recursive: true, encoding: "utf8" }).sort()) {
    const full = path.join(source, file);
    if (!file.includes("node_modules") && fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  const dir = path.join(os.tmpdir(), `remix-floor-${hash.digest("hex").slice(0, 12)}`);
  if (!fs.existsSync(path.join(dir, "build/server/index.js"))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(source, dir, { recursive: true, filter: (p) => !p.includes("node_modules") && !p.includes("/build") });
    execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--silent"], { cwd: dir, stdio: "inherit" });
    execFileSync("npm", ["run", "build", "--silent"], { cwd: dir, stdio: "inherit" });
  }
  const port = await freePort();
  // Spawned directly (not through npx) so that killing it really stops the server.
  const cli = path.join(dir, "node_modules/@remix-run/serve/dist/cli.js");
  const child = spawn(process.execPath, [cli, "./build/server/index.js"], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), NODE_ENV: "production" },
    // The floor logs a 404 for every /favicon.ico a browser asks for: not worth reading.
    stdio: ["ignore", "ignore", "ignore"],
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
  /** The server's database: a SQLite file path or a postgres:// URL. */
  database: string;
  countEvents: (attemptIds: string[]) => Promise<number>;
};

const setups: Setup[] = [];
for (const engine of ["sqlite", "postgres"] as const) {
  if (!ENGINES.includes(engine) || (engine === "postgres" && !server)) continue;
  for (const workers of [...new Set([1, CORES])]) setups.push({ engine, workers });
}
if (ENGINES.includes("postgres") && !server) console.log("PostgreSQL is not installed: measuring SQLite only.");

// BENCH_ONLY=pages,answers,crowd,weight,analytics,studio,compliance runs a subset while developing; a full run is all seven.
const only = new Set((process.env.BENCH_ONLY ?? "pages,answers,crowd,weight,analytics,studio,compliance").split(",").map((s) => s.trim()));
const slug = "trafficking-vs-smuggling";

type Row = Figures & { setup: string; ratio: number | null; ratioOf: string; floor: string; floorRps: number | null };
const rows: Row[] = [];
/** Each scenario is reported beside the floor figure it is divided by; req/s is higher-better, bytes lower-better. */
function report(setup: string, figures: Figures, floor: Figures | undefined, ratioOf: "req/s" | "bytes" | "requests" = "req/s") {
  const value = ratioOf === "req/s" ? figures.rps : ratioOf === "bytes" ? figures.bytes! : figures.requests;
  const reference = !floor ? 0 : ratioOf === "req/s" ? floor.rps : ratioOf === "bytes" ? floor.bytes! : floor.requests;
  rows.push({ ...figures, setup, ratio: reference ? Number((value / reference).toFixed(2)) : null, ratioOf, floor: floor?.name ?? "", floorRps: floor && ratioOf === "req/s" ? floor.rps : null });
}

// Taken before and after the scenarios: the N-worker ratios mean little without it (scripts/bench-machine.ts).
const capacity: { when: string; ratio: number }[] = [{ when: "before the scenarios", ratio: await parallelCapacity(CORES) }];

let baseline: Awaited<ReturnType<typeof startBaseline>> = null;
try {
  baseline = await startBaseline();
  // The opening floor, at both concurrencies, and its crowd and cold-load figures: the scenarios not divided by a floor
  // measured just before them (floorBefore, below) are divided by these.
  const floorAt = new Map<number, Figures>();
  let crowdFloor: Figures | undefined;
  const weightFloor = new Map<boolean, Figures>();
  const asFigures = (name: string, w: { requests: number; bytes: number; failed: number }): Figures => ({
    name,
    connections: 1,
    rps: 0,
    p50: 0,
    p99: 0,
    errors: w.failed,
    non2xx: 0,
    requests: w.requests,
    bytes: w.bytes,
  });
  const modeOf = (javaScript: boolean) => (javaScript ? "with JavaScript" : "without JavaScript");
  if (baseline) {
    for (const connections of [1, 32]) {
      const floor = await measure("remix floor (baseline)", { url: `${baseline.base}/`, connections });
      floorAt.set(connections, floor);
      report("remix-serve", floor, floor);
    }
    // The floor asked for as a browser asks, for reading only: remix-serve compresses with brotli's default 4 MB
    // window (ADR 0045), which costs it most of its rate, so brotli-accepted pages are divided by the uncompressed floor.
    if (only.has("pages")) report("remix-serve", await measureAsBrowser("remix floor (baseline)", `${baseline.base}/`), floorAt.get(32));
    if (only.has("crowd")) {
      const { benchCrowdFloor } = await import("./bench-crowd");
      crowdFloor = await benchCrowdFloor(baseline.base);
      report("remix-serve", crowdFloor, crowdFloor);
    }
    if (only.has("weight")) {
      const { launchBrowser, coldLoad } = await import("./bench-weight");
      const browser = await launchBrowser();
      try {
        for (const javaScript of [true, false]) {
          const floor = asFigures(`remix floor (baseline), cold load ${modeOf(javaScript)}`, await coldLoad(browser, `${baseline.base}/`, { javaScript }));
          weightFloor.set(javaScript, floor);
          report("remix-serve", floor, floor, "bytes");
        }
      } finally {
        await browser.close();
      }
    }
  }

  // The floor again just before each 32-connection throughput scenario, which is divided by it: these machines' pace
  // drifts within a run (a neighbour on the second core for a minute), and a floor measured minutes earlier under
  // other conditions put the drift into the ratio (ADR 0055). The opening floor still divides the rest.
  const floorBefore = async (scenario: string) => {
    if (!baseline) return undefined;
    const floor = await measure(`remix floor (baseline), before ${scenario}`, { url: `${baseline.base}/`, connections: 32 });
    report("remix-serve", floor, floor);
    return floor;
  };

  for (const [index, setup] of setups.entries()) {
    const label = `${setup.engine}, ${setup.workers} worker${setup.workers > 1 ? "s" : ""}`;
    console.log(`Measuring ${label}…`);
    const app = await startApp(setup);
    try {
      const cookie = await login(app.base, "border.official@example.org", "border-demo-passphrase");
      await post(app.base, `/courses/${slug}`, cookie, {});
      const course = await (await fetch(`${app.base}/courses/${slug}`, { headers: { Cookie: cookie } })).text();
      const lessonPath = course.match(/href="(\/courses\/[^"]+\/lessons\/[^"]+)"/)?.[1];
      if (!lessonPath) throw new Error("no lesson link on the course page");
      const quizPath = course.match(/href="(\/courses\/[^"]+\/quizzes\/[^"]+)"/)?.[1];
      if (!quizPath) throw new Error("no quiz link on the course page");

      if (only.has("pages")) {
        for (const connections of [1, 32]) {
          const pages = [
            ["catalog /courses", "/courses"],
            ["dashboard /dashboard", "/dashboard"],
            [`course page /courses/${slug}`, `/courses/${slug}`],
            [`lesson page ${lessonPath}`, lessonPath],
          ];
          for (const [name, pathname] of pages) {
            const floor = connections === 32 ? await floorBefore(`${label}: ${name}`) : floorAt.get(connections);
            report(label, await measure(name, { url: `${app.base}${pathname}`, connections, headers: { Cookie: cookie } }), floor);
          }
        }
        report(label, await measureAsBrowser(`lesson page ${lessonPath}`, `${app.base}${lessonPath}`, { Cookie: cookie }), floorAt.get(32));
      }
      if (only.has("answers")) {
        const { benchAnswers } = await import("./bench-quiz");
        const context = { base: app.base, cookie, post, login, measure, database: app.database, countEvents: app.countEvents };
        const floor = await floorBefore(`${label}: quiz answers`);
        for (const figures of await benchAnswers(context)) report(label, figures, figures.connections === 32 ? floor : floorAt.get(figures.connections));
      }
      if (only.has("studio")) {
        const { benchStudio } = await import("./bench-studio");
        const context = { base: app.base, cookie, post, login, measure, database: app.database, countEvents: app.countEvents, slug };
        for (const figures of await benchStudio(context)) report(label, figures, floorAt.get(figures.connections));
      }
      if (only.has("analytics")) {
        const { benchAnalytics } = await import("./bench-analytics");
        const context = { base: app.base, cookie, post, login, measure, database: app.database, countEvents: app.countEvents };
        for (const { figures, floor } of await benchAnalytics(context, (connections) => floorAt.get(connections))) report(label, figures, floor);
      }
      // One supervisor waiting for a page: more workers do not change its latency, so one setup per engine.
      if (only.has("compliance") && setup.workers === 1) {
        const { benchCompliance } = await import("./bench-compliance");
        const context = { base: app.base, cookie, post, login, measure, database: app.database, countEvents: app.countEvents };
        for (const figures of await benchCompliance(context)) report(label, figures, undefined);
      }
      if (only.has("crowd")) {
        const { benchCrowdedStart } = await import("./bench-crowd");
        const cookieName = cookie.split("=")[0];
        report(label, await benchCrowdedStart({ base: app.base, database: app.database, cookieName, slug, quizPath }), crowdFloor);
      }
      // The page's weight does not depend on the engine or the workers: measured once, on the first setup.
      if (only.has("weight") && index === 0) {
        const { launchBrowser, coldLoad } = await import("./bench-weight");
        const browser = await launchBrowser();
        try {
          for (const javaScript of [true, false]) {
            const weight = await coldLoad(browser, `${app.base}${lessonPath}`, { javaScript, cookie });
            // Per asset, for finding what makes the weight (BENCH_WEIGHT_ASSETS=1).
            if (process.env.BENCH_WEIGHT_ASSETS) {
              for (const a of weight.assets) console.log(`  ${modeOf(javaScript)}: ${(a.bytes / 1000).toFixed(1).padStart(6)} kB  ${a.url.replace(app.base, "")}`);
            }
            report(label, asFigures(`cold lesson page ${modeOf(javaScript)}`, weight), weightFloor.get(javaScript), "bytes");
          }
        } finally {
          await browser.close();
        }
      }
    } finally {
      await app.stop();
    }
  }
} finally {
  baseline?.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
}

capacity.push({ when: "after them", ratio: await parallelCapacity(CORES) });
console.log(`\n${SECONDS}s per scenario, ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log(
  `Parallel capacity: ${CORES} processes at once did ${capacity.map((c) => `${c.ratio.toFixed(2)}× (${c.when})`).join(" and ")} the work of one alone`,
);
console.table(
  rows.map((r) => ({
    setup: r.setup,
    scenario: r.name,
    conns: r.connections,
    "req/s": r.bytes === undefined ? r.rps : "",
    "p50 ms": r.bytes === undefined ? r.p50 : "",
    "p95 ms": r.p95 ?? "",
    "p99 ms": r.bytes === undefined ? r.p99 : "",
    requests: r.bytes === undefined ? "" : r.requests,
    "kB on wire": r.bytes === undefined ? "" : (r.bytes / 1000).toFixed(1),
    errors: r.errors,
    non2xx: r.non2xx,
    "÷ floor": r.ratio === null ? "" : `${r.ratio.toFixed(2)} (${r.ratioOf}${r.floorRps && r.setup !== "remix-serve" ? ` of ${r.floorRps}` : ""})`,
  })),
);
if (process.env.BENCH_OUT) {
  const out = rows.map((r) => ({
    setup: r.setup,
    name: r.name,
    connections: r.connections,
    "req/s": r.bytes === undefined ? r.rps : null,
    p50: r.bytes === undefined ? r.p50 : null,
    p95: r.p95 ?? null,
    p99: r.bytes === undefined ? r.p99 : null,
    errors: r.errors,
    "non-2xx": r.non2xx,
    ratio: r.ratio,
    ratioOf: r.ratioOf,
    floor: r.floor,
    floorRps: r.floorRps,
    ...(r.bytes === undefined ? {} : { requests: r.requests, bytes: r.bytes }),
  }));
  const machine = capacity.map(({ when, ratio }) => ({ setup: "machine", name: `parallel capacity, ${when}`, processes: CORES, ratio, ratioOf: `work of ${CORES} processes at once ÷ one alone` }));
  fs.writeFileSync(process.env.BENCH_OUT, `${JSON.stringify([...out, ...machine], null, 2)}\n`);
  console.log(`figures written to ${process.env.BENCH_OUT}`);
}
// Exits non-zero on a wrong answer, never on a slow one: timings on shared machines are for reading, not for gating.
const failed = rows.filter((r) => r.errors > 0 || r.non2xx > 0);
if (failed.length > 0) {
  console.error(`Errors or non-2xx answers in: ${failed.map((r) => r.name).join(", ")}`);
  process.exit(1);
}
