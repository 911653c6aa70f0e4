// The one HTTP server, in production and in development: Express in front of Remix, for the security headers (CSP
// with a nonce), compression and the origin check that Remix alone does not give. In development Vite runs inside
// it in middleware mode, so developers see the same headers, CSP and refusals as users. See
// docs/decisions/0001-stack.md and docs/decisions/0010-one-server-pipeline.md.
//
// `npm start` runs cluster.js, which forks this file once per worker. Its primary has already brought the schema up
// to date and created the demo accounts (LEXMIGRA_RELEASE_DONE=1), and imports the courses itself, telling each
// worker when it is done. Run on its own (`node server.js`, `npm run dev`, WEB_CONCURRENCY=1) it does both.
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import helmet from "helmet";

// `node server.js --dev` (npm run dev) serves the sources through Vite; otherwise the build in REMIX_BUILD_DIR, read
// raw because it says where the application is. Every other setting comes from the validated environment
// (app/env.server.ts) once the application is loaded.
const isDevelopment = process.argv.includes("--dev");
const BUILD_DIR = path.resolve(process.env.REMIX_BUILD_DIR ?? "build");

const vite = isDevelopment
  ? await import("vite").then((v) => v.createServer({ server: { middlewareMode: true }, appType: "custom" }))
  : undefined;
/** The server build: from Vite (rebuilt on change) in development, from BUILD_DIR in production. */
const loadBuild = vite
  ? () => vite.ssrLoadModule("virtual:remix/server-build")
  : await import(path.join(BUILD_DIR, "server/index.js")).then((build) => () => build);

const { env, isCrossSiteWrite, startup, importCoursesAfterStart, startJobs, stopScheduler, compressWholeBodies, PAGE_COMPRESSION, cspNonce } = (await loadBuild())
  .entry.module;

// Under cluster.js the primary runs the release tasks once for every worker.
const isClusterWorker = process.env.LEXMIGRA_RELEASE_DONE === "1";
if (!isClusterWorker) await startup();

/**
 * Serves `<file>.br` or `<file>.gz` (written at build by scripts/precompress.ts) for a request of `<file>` whose
 * Accept-Encoding allows it, with the original's Content-Type and `Vary: Accept-Encoding`, so a shared cache keeps the
 * variants apart. Anything else falls through to express.static.
 */
function precompressed(dir) {
  const files = new Set(fs.readdirSync(dir));
  const types = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml" };
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const name = req.path.slice(1);
    const hasBr = files.has(`${name}.br`);
    const hasGz = files.has(`${name}.gz`);
    if (!hasBr && !hasGz) return next();
    res.setHeader("Vary", "Accept-Encoding");
    // Brotli whenever it is accepted at all: Chromium lists "gzip, deflate, br, zstd" with equal weights, and a
    // negotiator that breaks ties by the header's order would pick gzip, 10-15 % larger.
    const encoding = hasBr && req.acceptsEncodings("br") === "br" ? "br" : hasGz && req.acceptsEncodings("gzip") === "gzip" ? "gzip" : null;
    if (!encoding) return next();
    const type = types[path.extname(name)];
    if (type) res.setHeader("Content-Type", type);
    res.setHeader("Content-Encoding", encoding);
    res.sendFile(path.join(dir, `${name}.${encoding === "br" ? "br" : "gz"}`), ASSET_OPTIONS, (error) => {
      if (error) next(error);
    });
  };
}

const app = express();
app.disable("x-powered-by");
if (env.TRUST_PROXY) app.set("trust proxy", true);

app.use((req, res, next) => {
  res.locals.cspNonce = cspNonce();
  next();
});
// Hashed assets (scripts, styles) go out before helmet: the document's policies (CSP, framing, HSTS…) mean nothing on
// a script or a stylesheet, and repeated on each of a lesson page's assets they were ~650 bytes a request, 5 kB of a
// cold load (ADR 0031). What does apply to them is kept: nosniff (a script must be served as one) and CORP.
// Validators are dropped too: an immutable name is never revalidated.
// `npm run build` writes a brotli and a gzip copy of each (scripts/precompress.ts).
const ASSET_OPTIONS = { immutable: true, maxAge: "1y", index: false, etag: false, lastModified: false, acceptRanges: false };
if (!vite) {
  const assets = path.join(BUILD_DIR, "client/assets");
  app.use("/assets", (_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    next();
  });
  app.use("/assets", precompressed(assets));
  app.use("/assets", express.static(assets, ASSET_OPTIONS));
}
app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "default-src": ["'self'"],
        // Remix's inline hydration scripts carry this response's nonce; no 'unsafe-inline' for scripts.
        "script-src": ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        // The same nonce for the one <style> element the studio's code editor (CodeMirror) writes its layout into;
        // still no 'unsafe-inline', so no injected style element or attribute applies.
        "style-src": ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        // Development only: Vite's hot-reload socket.
        "connect-src": isDevelopment ? ["'self'", "ws:"] : ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "upgrade-insecure-requests": env.isProduction ? [] : null,
      },
    },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: "deny" },
    strictTransportSecurity: env.isProduction,
  }),
);
// A 304 carries no body, so the browser keeps the cached page and the nonce its scripts were given. The stored
// response's headers are updated from the 304's (RFC 9111 §4.3.4): a fresh Content-Security-Policy here would name a
// nonce the cached page does not carry and block its scripts. Without one, the stored policy stays.
app.use((req, res, next) => {
  const writeHead = res.writeHead;
  res.writeHead = function (statusCode, ...rest) {
    if (statusCode === 304) res.removeHeader("Content-Security-Policy");
    return writeHead.call(this, statusCode, ...rest);
  };
  next();
});

if (vite) {
  app.use(compression());
  app.use(vite.middlewares);
} else {
  // (Hashed assets are served above, before helmet: cached for a year, their brotli and gzip copies written by
  // `npm run build` (scripts/precompress.ts), so no asset is compressed per request.)
  // Pages: level 4 instead of zlib's default 6 gives nearly the same size for a fraction of the CPU on pages this
  // small (brotli, which browsers prefer, is already at quality 4 in the middleware). Brotli's window is 256 kB, not
  // its default 4 MB: each response's encoder has buffers that grow with its window, Node reports them to V8 as
  // external memory, and 32 responses in flight with a 4 MB window made V8 run a full garbage collection every quarter
  // second, doubling the CPU a page costs. A window larger than the page compresses it no better (ADR 0045).
  app.use(compression({ level: PAGE_COMPRESSION.gzipLevel, brotli: { params: PAGE_COMPRESSION.brotliParams } }));
  // A body complete within 50 ms (every page and data response of this app) is compressed in one call instead of
  // through a zlib stream, which cost more CPU than the compression itself; others go on to the stream above (ADR 0047).
  app.use(compressWholeBodies());
  // Files at the root of client/ (none today), looked up only when one by that name exists, so a page request costs
  // no stat() on the disk.
  const rootFiles = new Set(fs.readdirSync(path.join(BUILD_DIR, "client")).filter((f) => f !== "assets").map((f) => `/${f}`));
  const rootStatic = express.static(path.join(BUILD_DIR, "client"), { maxAge: "1h", index: false });
  app.use((req, res, next) => (rootFiles.has(req.path) ? rootStatic(req, res, next) : next()));
}

// The application's own origin is PUBLIC_URL (required in production), never a request's Host header.
const ownOrigin = new URL(env.publicUrl).origin;
app.use((req, res, next) => {
  const refused = isCrossSiteWrite({
    method: req.method,
    secFetchSite: req.get("sec-fetch-site"),
    origin: req.get("origin"),
    ownOrigin,
    requestHost: req.get("x-forwarded-host")?.split(",")[0]?.trim() || req.get("host") || null,
  });
  if (refused) {
    res.status(403).type("text/plain").send("Cross-site request refused.");
    return;
  }
  next();
});

// For load balancers and test runners: 200 once the start-up course import has looked at every course and this
// process has warmed up, 503 before. The site itself is served from the start (from the live versions).
let coursesImported = false;
const warmUp = { started: false, sent: 0, done: env.warmUpRequests === 0 };
const whenCoursesImported = () => {
  coursesImported = true;
  void warmUpProcess();
};
if (isClusterWorker) {
  process.on("message", (message) => {
    if (message === "courses-imported") whenCoursesImported();
  });
}
app.get("/ready", (_req, res) => {
  const state = !coursesImported ? "importing courses" : warmUp.done ? "ready" : `warming up (${warmUp.sent} of ${env.warmUpRequests} pages asked)`;
  res.status(state === "ready" ? 200 : 503).type("text/plain").send(state);
});

app.all(
  "*",
  createRequestHandler({
    build: vite ? loadBuild : await loadBuild(),
    mode: isDevelopment ? "development" : "production",
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce,
      clientIp: req.ip ?? "unknown",
      // Single fetch: a client-side navigation asks for `<path>.data`; a document request renders the page.
      isDataRequest: req.path.endsWith(".data"),
      documentOnly: new Map(),
    }),
  }),
);

const server = app.listen(env.PORT, env.HOST, () => {
  // Every app process runs the scheduler; each job runs on the one node holding its lease (ADR 0023).
  startJobs();
  if (isClusterWorker) return;
  console.log(`Lexmigra listening on http://localhost:${env.PORT}`);
  // Courses are imported once the site is up: the live versions are served meanwhile.
  importCoursesAfterStart()
    .catch((error) => console.error("Course import stopped:", error))
    .finally(whenCoursesImported);
});

/**
 * A process that has served nothing runs its code unoptimised: 500 learners starting a quiz on a server just started
 * waited up to 1.9 s (p99) where the same crowd on a server that had served pages waited under 0.3 s (ADR 0050). So,
 * once the courses are in, the process asks itself for env.warmUpRequests public pages, four at a time and as a
 * browser asks (HTML, brotli), and /ready answers 503 until they are answered. It asks on a loopback port of its own,
 * not the shared one: under cluster.js a request to the shared port may be served by another worker.
 */
async function warmUpProcess() {
  if (warmUp.started || warmUp.done) return;
  warmUp.started = true;
  const own = app.listen({ port: 0, host: "127.0.0.1", exclusive: true });
  try {
    await once(own, "listening");
    const base = `http://127.0.0.1:${own.address().port}`;
    const headers = { Accept: "text/html", "Accept-Encoding": "br" };
    const catalog = await (await fetch(`${base}/courses`, { headers })).text();
    const coursePages = [...new Set([...catalog.matchAll(/href="(\/courses\/[a-z0-9-]+)"/g)].map((m) => m[1]))].slice(0, 5);
    const pages = ["/", "/courses", "/login", ...coursePages];
    const askInTurn = async () => {
      while (warmUp.sent < env.warmUpRequests) {
        const response = await fetch(`${base}${pages[warmUp.sent++ % pages.length]}`, { headers, redirect: "manual" });
        await response.arrayBuffer();
      }
    };
    await Promise.all([askInTurn(), askInTurn(), askInTurn(), askInTurn()]);
  } catch (error) {
    // A warm-up is an optimisation: whatever stops it, the process serves as it would have without.
    console.error("Warm-up stopped:", error);
  } finally {
    own.close();
    own.closeAllConnections();
    warmUp.done = true;
  }
}

// Let requests in flight finish (their transactions are already committed before each response) and then exit.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    // Leases given up at once, so another node takes the jobs over without waiting for them to expire.
    void stopScheduler().catch(() => undefined);
    server.close(() => process.exit(0));
    vite?.close();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
