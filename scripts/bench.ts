// npm run bench — hot paths of a production build on loopback, beside the Remix floor measured in the same run.
// Run `npm run build` first. BENCH_SECONDS (default 10) per scenario; BENCH_SKIP_BASELINE=1 to skip the floor.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const root = path.resolve(import.meta.dirname, "..");

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

async function startApp() {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-bench-"));
  const child = spawn(process.execPath, ["server.js"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DEMO: "1",
      NODE_ENV: "production",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/ready`, child);
  return { base, child, dataDir };
}

async function startBaseline() {
  const source = path.resolve(root, "../shared/baseline-remix");
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

export type BenchContext = { base: string; cookie: string; post: typeof post; login: typeof login; measure: typeof measure; dataDir: string };

const results: Figures[] = [];
const app = await startApp();
let baseline: Awaited<ReturnType<typeof startBaseline>> = null;
try {
  baseline = await startBaseline();
  const cookie = await login(app.base, "border.official@example.org", "border-demo-passphrase");
  const slug = "trafficking-vs-smuggling";
  await post(app.base, `/courses/${slug}`, cookie, {});
  const course = await (await fetch(`${app.base}/courses/${slug}`, { headers: { Cookie: cookie } })).text();
  const lessonPath = course.match(/href="(\/courses\/[^"]+\/lessons\/[^"]+)"/)?.[1];
  if (!lessonPath) throw new Error("no lesson link on the course page");

  for (const connections of [1, 32]) {
    if (baseline) results.push(await measure("remix floor (baseline)", { url: `${baseline.base}/`, connections }));
    results.push(await measure("catalog /courses", { url: `${app.base}/courses`, connections, headers: { Cookie: cookie } }));
    results.push(await measure(`course page /courses/${slug}`, { url: `${app.base}/courses/${slug}`, connections, headers: { Cookie: cookie } }));
    results.push(await measure(`lesson page ${lessonPath}`, { url: `${app.base}${lessonPath}`, connections, headers: { Cookie: cookie } }));
  }
  const extra = path.join(root, "scripts/bench-quiz.ts");
  if (fs.existsSync(extra)) {
    const { benchAnswers } = (await import(extra)) as { benchAnswers: (c: BenchContext) => Promise<Figures[]> };
    results.push(...(await benchAnswers({ base: app.base, cookie, post, login, measure, dataDir: app.dataDir })));
  }
} finally {
  app.child.kill("SIGTERM");
  baseline?.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  fs.rmSync(app.dataDir, { recursive: true, force: true });
  if (baseline) fs.rmSync(baseline.dir, { recursive: true, force: true });
}

const floor = new Map(results.filter((r) => r.name.startsWith("remix floor")).map((r) => [r.connections, r.rps]));
console.log(`\n${SECONDS}s per scenario, ${os.cpus().length} cores, Node ${process.version}`);
console.table(
  results.map((r) => ({
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
