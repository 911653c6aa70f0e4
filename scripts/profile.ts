// npm run profile -- <path> [seconds]: where the production server's CPU time goes on one hot path.
//
// Starts `node --cpu-prof server.js` (the production build: run `npm run build` first) on a fresh database, drives one
// path with autocannon at 32 connections (the bench's load), stops the server so V8 writes the profile, and sums the
// samples by what the time was spent on. A sample belongs to the innermost frame on its stack that names a known
// category, so native work (JSON.stringify, zlib, SQLite) is charged to the library that asked for it.
//
// Paths: lesson, course, catalog, dashboard, answers, crowd. The .cpuprofile is kept (path printed) for Chrome
// DevTools or speedscope. On PostgreSQL: `scripts/with-postgres.sh npm run profile -- <path>` (a fresh database on the
// DATABASE_URL server, and an issuer key made for the run).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { benchDatabase } from "./bench-database";

const target = process.argv[2] ?? "lesson";
const SECONDS = Number(process.argv[3] ?? process.env.BENCH_SECONDS ?? 10);
const root = path.resolve(import.meta.dirname, "..");
const slug = "trafficking-vs-smuggling";

// Ordered: the first pattern a frame's URL or function name matches names its category.
const CATEGORIES: [string, RegExp][] = [
  ["database (SQLite, PostgreSQL client, Drizzle)", /better-sqlite3|drizzle-orm|node_modules\/pg(-[a-z]+)?\/|db\.server|\/db\/schema/],
  ["XState", /xstate/],
  // App code is bundled into one file (build/server/index.js): its categories are told apart by function name.
  ["session", /session\.server|guards\.server|@oslojs|^(validateSessionToken|getSession|getUser|requireSession|requireUser|readSessionToken|hashSecret)$/],
  ["i18n", /i18next|\/i18n\/|^(getLocale|i18nFor|getFixedT)$/],
  ["rendering (React SSR)", /react-dom|react\/|react-i18next|renderToPipeableStream/],
  ["data serialisation (turbo-stream, JSON)", /turbo-stream|single-fetch|JSON|serialize|encode/],
  ["route matching", /@remix-run\/router|matchRoutes|react-router/],
  ["compression", /compression|zlib|Gzip|Deflate|Brotli/],
  ["remix request handling", /@remix-run/],
  ["express, helmet, http", /express|helmet|_http_|node:http|\bhttp\b|net\.js|node:net|stream|undici/],
  ["app code (loaders, domain)", /\/build\/server\/|\/app\//],
  ["garbage collection", /^\(garbage collector\)$/],
  ["idle", /^\(idle\)$/],
  ["(program)", /^\(program\)$/],
];

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** `window`: the microseconds, counted back from the profile's end, during which the load ran (start-up excluded). */
export function summarise(profile: Profile, window?: { fromEndUs: number; toEndUs: number }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const categoryOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = categoryOf.get(id);
    if (known) return known;
    const { functionName, url } = byId.get(id)!.callFrame;
    const own = CATEGORIES.find(([, re]) => re.test(url) || re.test(functionName))?.[0];
    const category = own ?? (parent.has(id) ? classify(parent.get(id)!) : "other (node internals)");
    categoryOf.set(id, category);
    return category;
  };
  const time = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (window && (at < profile.endTime - window.fromEndUs || at > profile.endTime - window.toEndUs)) return;
    const category = classify(id);
    time.set(category, (time.get(category) ?? 0) + dt);
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const key = `${functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(root, ".")}:${lineNumber + 1}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + dt);
  });
  const busy = [...time].filter(([c]) => c !== "idle").reduce((sum, [, t]) => sum + t, 0);
  return {
    busyMs: busy / 1000,
    categories: [...time]
      .filter(([c]) => c !== "idle")
      .sort((a, b) => b[1] - a[1])
      .map(([category, t]) => ({ category, ms: Math.round(t / 1000), share: `${((100 * t) / busy).toFixed(1)} %` })),
    topFunctions: [...selfByFunction]
      .filter(([k]) => !k.startsWith("(idle)"))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([fn, t]) => ({ function: fn, ms: Math.round(t / 1000), share: `${((100 * t) / busy).toFixed(1)} %` })),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-profile-"));
  const profileDir = path.join(os.tmpdir(), `lexmigra-cpuprofile-${target}-${Date.now()}`);
  // Under scripts/with-postgres.sh, DATABASE_URL names the throwaway server: the profiled server gets a database on it.
  const postgresServer = process.env.DATABASE_URL;
  const bench = await benchDatabase(postgresServer ? "postgres" : "sqlite", dataDir, postgresServer);
  const database = bench.url;
  const child = spawn(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "server.js"], {
    cwd: root,
    env: { ...process.env, ...bench.env, DATABASE_URL: database, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO: "1", NODE_ENV: "production", PUBLIC_URL: base },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // Only the load is summarised, not start-up (course import, markdown compilation) nor the set-up of learners.
  let loadStart = 0;
  let loadEnd = 0;
  // The server's own CPU time (user + system, from /proc) during the load, divided by the operations served: on a
  // machine shared with other work, samples count the time the process waited for a core too, this does not.
  let cpuStart = 0;
  let cpuEnd = 0;
  let operations = 0;
  const cpuMs = () => {
    try {
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100 on Linux)
    } catch {
      return 0;
    }
  };
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${base}/ready`)).ok) break;
      } catch {
        /* not up yet */
      }
      if (i > 300) throw new Error("server did not come up");
      await new Promise((r) => setTimeout(r, 200));
    }
    const login = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "border.official@example.org", password: "border-demo-passphrase", redirectTo: "/dashboard" }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    await fetch(`${base}/courses/${slug}`, { method: "POST", redirect: "manual", headers: { Origin: base, Cookie: cookie } });
    const course = await (await fetch(`${base}/courses/${slug}`, { headers: { Cookie: cookie } })).text();
    const lessonPath = course.match(/href="(\/courses\/[^"]+\/lessons\/[^"]+)"/)![1];
    const quizPath = course.match(/href="(\/courses\/[^"]+\/quizzes\/[^"]+)"/)![1];
    const timed = async <T>(work: () => Promise<T>): Promise<T> => {
      loadStart = performance.now();
      cpuStart = cpuMs();
      try {
        return await work();
      } finally {
        loadEnd = performance.now();
        cpuEnd = cpuMs();
      }
    };
    const pages: Record<string, string> = { lesson: lessonPath, course: `/courses/${slug}`, catalog: "/courses", dashboard: "/dashboard" };

    if (pages[target]) {
      const result = await timed(() => autocannon({ url: `${base}${pages[target]}`, connections: 32, duration: SECONDS, headers: { Cookie: cookie } }));
      operations = result.requests.total;
      console.log(`${target}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
    } else if (target === "answers") {
      const { benchAnswers } = await import("./bench-quiz");
      const measure = async (name: string, opts: autocannon.Options & { connections: number }) => {
        const result = await timed(() => autocannon({ duration: SECONDS, ...opts }));
        operations = result.requests.total;
        return { name, connections: opts.connections, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx, requests: result.requests.total };
      };
      // benchAnswers uses base, cookie, measure, the database and countEvents.
      await benchAnswers({ base, cookie, database, countEvents: bench.countEvents, measure } as never);
    } else if (target === "crowd") {
      const { benchCrowdedStart } = await import("./bench-crowd");
      const crowd = () => benchCrowdedStart({ base, database, cookieName: cookie.split("=")[0], slug, quizPath });
      // A first class warms the process (compiled code, caches), as the bench's earlier scenarios do; the second
      // class, of other learners, is the one measured.
      await crowd();
      operations = (await timed(crowd)).requests;
    } else {
      throw new Error(`unknown path ${target}: lesson, course, catalog, dashboard, answers or crowd`);
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await bench.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const exitedAt = performance.now();
  const file = fs.readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no profile written in ${profileDir}`);
  const loadWindow = { fromEndUs: (exitedAt - loadStart) * 1000, toEndUs: (exitedAt - loadEnd) * 1000 };
  // Kept beside the profile, so that a closer look at it (by caller, by statement) can skip start-up as this does.
  fs.writeFileSync(path.join(profileDir, "load-window.json"), JSON.stringify(loadWindow));
  const summary = summarise(JSON.parse(fs.readFileSync(path.join(profileDir, file), "utf8")), loadWindow);
  console.log(`\nCPU profile of ${target} under load: ${Math.round(summary.busyMs)} ms busy in ${Math.round(loadEnd - loadStart)} ms (${path.join(profileDir, file)})`);
  if (operations > 0 && cpuEnd > cpuStart) {
    console.log(`server CPU (user+sys): ${Math.round(cpuEnd - cpuStart)} ms for ${operations} ${target === "crowd" ? "starts" : "requests"}: ${((cpuEnd - cpuStart) / operations).toFixed(2)} ms each`);
  }
  console.table(summary.categories);
  console.table(summary.topFunctions);
}

await main();
