// Production HTTP server: Express in front of the Remix build, for the security headers, compression and the
// origin check that Remix alone does not give. See docs/decisions/0001-stack.md.
import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";
import helmet from "helmet";

const BUILD_DIR = path.resolve(process.env.REMIX_BUILD_DIR ?? "build");
const BUILD_PATH = path.join(BUILD_DIR, "server/index.js");
const build = await import(BUILD_PATH);
const { isCrossSiteWrite } = build.entry.module;

// Under `npm start` with several workers (cluster.js) the primary has run the release tasks already.
if (process.env.LEXMIGRA_RELEASE_DONE !== "1") await build.entry.module.startup();

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY === "1" || process.env.TRUST_PROXY === "true") app.set("trust proxy", true);

app.use((req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  next();
});
app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        "default-src": ["'self'"],
        // Remix's inline hydration scripts carry this response's nonce; no 'unsafe-inline' for scripts.
        "script-src": ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "upgrade-insecure-requests": process.env.NODE_ENV === "production" ? [] : null,
      },
    },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: "deny" },
    strictTransportSecurity: process.env.NODE_ENV === "production",
  }),
);
app.use(compression());

// Hashed assets never change under the same name: cache them for a year.
app.use("/assets", express.static(path.join(BUILD_DIR, "client/assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(BUILD_DIR, "client"), { maxAge: "1h" }));

app.use((req, res, next) => {
  const ownOrigin = process.env.PUBLIC_URL ? new URL(process.env.PUBLIC_URL).origin : `${req.protocol}://${req.get("host")}`;
  const refused = isCrossSiteWrite({
    method: req.method,
    secFetchSite: req.get("sec-fetch-site"),
    origin: req.get("origin"),
    ownOrigin,
  });
  if (refused) {
    res.status(403).type("text/plain").send("Cross-site request refused.");
    return;
  }
  next();
});

app.all(
  "*",
  createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce, clientIp: req.ip ?? "unknown" }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const server = app.listen(port, host, () => {
  console.log(`Lexmigra listening on http://localhost:${port}`);
});

// Let requests in flight finish (their transactions are already committed before each response) and then exit.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
