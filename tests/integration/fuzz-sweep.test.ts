// Every route of the application, through Remix's real request handler (the same server build Vite serves in
// development), with bad input of every kind: malformed path parameters, search parameters, cookies, bodies that
// are not forms, oversized and invalid-UTF-8 fields, wrong methods; anonymous and signed in. Not one may answer 500:
// a 500 means a bug, and bad input is the visitor's mistake (4xx) or nothing at all (a page).
import { fileURLToPath } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateIssuerKeyPair } from "~/certificates/keys.server";
import { importCoursesFrom } from "~/courses/import.server";
import { liveVersionRef } from "~/courses/versions.server";
import { isPostgres } from "~/db.server";
import { freshDatabase } from "./db";

const ORIGIN = "http://localhost:3000";
const E2E_COURSES = fileURLToPath(new URL("../fixtures/e2e-courses", import.meta.url));
const COURSE = "e2e-quiz-practice";
const LESSON = "article-33";
const QUIZ = "refugee-law-quiz";
const UNKNOWN_ID = "a".repeat(32);

let vite: ViteDevServer;
let build: ServerBuild;
let handle: (request: Request) => Promise<Response>;
let addressCount = 0;
const identities: Record<"anonymous" | "learner" | "admin", string | undefined> = {
  anonymous: undefined,
  learner: undefined,
  admin: undefined,
};
let attemptId = UNKNOWN_ID;

function request(pathAndQuery: string, init: { method?: string; body?: BodyInit | null; contentType?: string; cookie?: string; raw?: boolean } = {}) {
  const headers = new Headers({ Host: "localhost:3000", Origin: ORIGIN, "Sec-Fetch-Site": "same-origin" });
  if (init.contentType) headers.set("Content-Type", init.contentType);
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(`${ORIGIN}${pathAndQuery}`, { method: init.method ?? "GET", body: init.body ?? null, headers, redirect: "manual" });
}

async function send(req: Request): Promise<Response> {
  // Each request from its own address, so rate limits (which answer 429, also fine) do not hide the routes behind them.
  const address = `192.0.2.${(addressCount++ % 250) + 1}`;
  return handle(new Request(req, { headers: new Headers([...req.headers, ["X-Test-Address", address]]) }));
}

function cookieOf(response: Response): string {
  const header = response.headers.get("Set-Cookie");
  if (!header) throw new Error(`no cookie in a ${response.status} answer`);
  return header.split(";")[0];
}

async function logIn(email: string, password: string): Promise<string> {
  const body = new URLSearchParams({ email, password });
  const response = await send(request("/login", { method: "POST", body, contentType: "application/x-www-form-urlencoded" }));
  expect(response.status).toBe(302);
  return cookieOf(response);
}

// Route patterns of the build, each with values for its parameters: good ones, and bad ones of every shape.
const GOOD_PARAMS: Record<string, () => string> = {
  slug: () => COURSE,
  lessonId: () => LESSON,
  quizId: () => QUIZ,
  attemptId: () => attemptId,
  // The studio (issue 13): a draft of the course and its live version, made in beforeAll.
  draftId: () => draftId,
  versionId: () => versionId,
  id: () => UNKNOWN_ID,
  // One-time links (reset, invitation, verification, unsubscribe) and the admin's user page.
  token: () => UNKNOWN_ID,
  unitId: () => UNKNOWN_ID,
  userId: () => UNKNOWN_ID,
  "*": () => "no/such/page",
};
const BAD_PARAM_VALUES = [
  "%FF%FE", // invalid UTF-8
  "%E0%A4%A", // truncated percent-encoding
  "..%2F..%2Fetc%2Fpasswd",
  "x".repeat(5000),
  "%00",
  "Border-Basics",
  "%F0%9F%92%A9",
];
const BAD_SEARCHES = [
  "?page=99999999999999999999",
  "?page=-3",
  "?page=1.5",
  "?page=abc&q=%FF",
  "?page=1e400",
  `?q=${"x".repeat(20_000)}`,
  "?from=2024-13-45&to=yesterday&holder=%E0%A4%A&course=%00",
  "?audience=astronaut&language=klingon",
  "?redirectTo=%2F%09%2Fevil.example%2F",
  "?page&page=2&page=3",
  // The compliance dashboard and its export (issue 14): filters of every wrong shape.
  "?unit=%FF&course=..%2F..&status=lost&from=2024-02-30&to=x&table=passwd",
  "?unit=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&status=overdue&table=units",
  // Question analytics: a version that is not an id, one that names nothing, a table that does not exist.
  "?version=%FF&table=%00",
  `?version=${"a".repeat(32)}&table=questions`,
  "?table=../../etc/passwd&version=1",
];

function fill(pattern: string, value: (name: string) => string): string {
  return (
    "/" +
    pattern
      .split("/")
      .filter(Boolean)
      .map((segment) => (segment.startsWith(":") ? value(segment.slice(1).replace(/\?$/, "")) : segment === "*" ? value("*") : segment))
      .join("/")
  );
}

type Probe = { name: string; make: () => Request };

function probesFor(pattern: string, cookie: string | undefined): Probe[] {
  const good = fill(pattern, (name) => GOOD_PARAMS[name]?.() ?? "x");
  const hasParams = pattern.includes(":") || pattern.includes("*");
  const form = (body: string) => () =>
    request(good, { method: "POST", body, contentType: "application/x-www-form-urlencoded", cookie });
  const multipart = (body: string, boundary = "fuzzboundary") => () =>
    request(good, { method: "POST", body, contentType: `multipart/form-data; boundary=${boundary}`, cookie });
  const probes: Probe[] = [
    { name: "GET", make: () => request(good, { cookie }) },
    { name: "GET with a malformed session cookie", make: () => request(good, { cookie: "lexmigra_session=%E0%A4%A; lng=%FF" }) },
    ...BAD_SEARCHES.map((search) => ({ name: `GET ${search.slice(0, 40)}`, make: () => request(`${good}${search}`, { cookie }) })),
    { name: "POST JSON", make: () => request(good, { method: "POST", body: '{"email":"a@b.c"}', contentType: "application/json", cookie }) },
    { name: "POST empty, no content type", make: () => request(good, { method: "POST", cookie }) },
    { name: "POST text/plain", make: () => request(good, { method: "POST", body: "hello", contentType: "text/plain", cookie }) },
    { name: "POST empty form", make: form("") },
    { name: "POST invalid UTF-8 form", make: form("email=%FF%FE&password=%C0%AF&redirectTo=%2F%0A%2Fevil&lng=%FF&intent=%FF&seq=%FF") },
    { name: "POST wrong-typed form", make: form("page=-1&userId=..&role=god&certificateId=1&reason=&course=&emails=%00&seq=NaN&intent=ANSWER&next=../..&lng=de") },
    { name: "POST huge field", make: form(`q=${"x".repeat(200_000)}`) },
    {
      name: "POST assignment form of wrong types",
      make: form("intent=extend&userId=..&dueDate=2024-99-99&reason=%00&target=unit&unit=x&course=%FF&dueKind=date&dueDays=-5&recurrence=months&recurrenceMonths=1e9&modules=a&modules=b%2Fc&assignmentId=x"),
    },
    { name: "POST assignment intents", make: form("intent=change-due&dueKind=after-joining&dueDays=99999999") },
    { name: "POST truncated multipart", make: multipart('--fuzzboundary\r\nContent-Disposition: form-data; name="credential"\r\n\r\n{"a":') },
    { name: "POST multipart, wrong boundary", make: multipart("--other\r\n\r\n", "fuzzboundary") },
    { name: "POST multipart, huge part", make: multipart(`--fuzzboundary\r\nContent-Disposition: form-data; name="file"; filename="x.json"\r\nContent-Type: application/json\r\n\r\n${"x".repeat(600_000)}\r\n--fuzzboundary--\r\n`) },
    { name: "PUT form", make: () => request(good, { method: "PUT", body: "a=b", contentType: "application/x-www-form-urlencoded", cookie }) },
    { name: "DELETE", make: () => request(good, { method: "DELETE", cookie }) },
    { name: "PATCH JSON", make: () => request(good, { method: "PATCH", body: "[]", contentType: "application/json", cookie }) },
  ];
  if (hasParams) {
    for (const bad of BAD_PARAM_VALUES) {
      const url = fill(pattern, () => bad);
      probes.push({ name: `GET bad param ${bad.slice(0, 20)}`, make: () => request(url, { cookie }) });
      probes.push({
        name: `POST bad param ${bad.slice(0, 20)}`,
        make: () => request(url, { method: "POST", body: "a=b", contentType: "application/x-www-form-urlencoded", cookie }),
      });
    }
  }
  return probes;
}

let patterns: string[] = [];
let draftId = "";
let versionId = "";

// POST /logout and /account (log out everywhere) end the sessions they are sent with: sign in afresh per route.
async function refreshIdentities() {
  identities.learner = await logIn("fuzz.learner@example.org", "harbour lanterns drift north");
  identities.admin = await logIn("admin@example.org", "admin-demo-passphrase");
}

beforeAll(async () => {
  await freshDatabase();
  expect((await importCoursesFrom(E2E_COURSES)).map((o) => o.outcome)).not.toContain("rejected");
  if (isPostgres && !process.env.ISSUER_KEY) {
    // Start-up on PostgreSQL refuses to run without the key every node shares (ADR 0020), as a deployment would.
    const keyPair = await generateIssuerKeyPair("urn:lexmigra:issuer");
    process.env.ISSUER_KEY = JSON.stringify(await keyPair.export({ publicKey: true, secretKey: true, includeContext: true }));
  }
  vite = await createServer({ server: { middlewareMode: true }, appType: "custom", logLevel: "error" });
  build = (await vite.ssrLoadModule("virtual:remix/server-build")) as unknown as ServerBuild;
  await (build.entry.module as unknown as { startup: () => Promise<void> }).startup();
  const handler = createRequestHandler(build, "production");
  handle = (req) => handler(req, { clientIp: req.headers.get("X-Test-Address") ?? "192.0.2.1", cspNonce: "fuzz" });
  // A nested route's `path` is relative to its parent's (the studio's children: "analytics/:slug/:quizId"), so each
  // pattern is the paths of the route and its ancestors joined.
  const fullPath = (id: string | undefined): string[] => {
    const r = id ? build.routes[id] : undefined;
    if (!r || r.id === "root") return [];
    return [...fullPath(r.parentId), ...(r.path ? [r.path] : [])];
  };
  patterns = [...new Set(Object.values(build.routes).filter((r) => r.id !== "root").map((r) => fullPath(r.id).join("/")))].map((p) => `/${p}`);

  // A learner with an enrolment and an attempt in progress, and the demo admin.
  const learner = new URLSearchParams({
    fullName: "Fuzz Learner",
    email: "fuzz.learner@example.org",
    password: "harbour lanterns drift north",
    preferredLanguage: "en",
    profile: "other",
    organisation: "Fuzz Unit",
  });
  await send(request("/register", { method: "POST", body: learner, contentType: "application/x-www-form-urlencoded" }));
  await refreshIdentities();
  const formType = "application/x-www-form-urlencoded";
  expect((await send(request(`/courses/${COURSE}`, { method: "POST", body: "", contentType: formType, cookie: identities.learner }))).status).toBe(302);
  const started = await send(request(`/courses/${COURSE}/quizzes/${QUIZ}`, { method: "POST", body: "", contentType: formType, cookie: identities.learner }));
  expect(started.status).toBe(302);
  attemptId = started.headers.get("Location")!.split("/").pop()!;
  const draft = await send(request("/studio?index", { method: "POST", body: `intent=draft&course=${COURSE}`, contentType: formType, cookie: identities.admin }));
  expect(draft.status).toBe(302);
  draftId = draft.headers.get("Location")!.split("/").pop()!;
  versionId = (await liveVersionRef(COURSE))!.id;
}, 120_000);

afterAll(async () => {
  // The build's modules hold their own connections (on PostgreSQL a pool): closed before the database is dropped.
  await (build?.entry.module as unknown as { closeDatabase?: () => Promise<void> } | undefined)?.closeDatabase?.();
  await vite?.close();
});

describe("the fuzz sweep", () => {
  it("answers every route, with every bad input, anonymous or signed in, without a single 500", async () => {
    expect(patterns.length).toBeGreaterThanOrEqual(20);
    // Remix logs every refused method and undecodable URL; the failures below name what matters.
    const quiet = [vi.spyOn(console, "error").mockImplementation(() => {}), vi.spyOn(console, "warn").mockImplementation(() => {})];
    const failures: string[] = [];
    let count = 0;
    for (const pattern of patterns) {
      await refreshIdentities();
      for (const [who, cookie] of Object.entries(identities)) {
        for (const probe of probesFor(pattern, cookie)) {
          count++;
          const response = await send(probe.make());
          await response.arrayBuffer().catch(() => undefined);
          if (response.status >= 500) failures.push(`${response.status} ${pattern} as ${who}: ${probe.name}`);
        }
      }
    }
    quiet.forEach((spy) => spy.mockRestore());
    console.log(`fuzz sweep: ${patterns.length} routes, ${count} requests (${(count / patterns.length).toFixed(1)} inputs per route on average)`);
    expect(failures).toEqual([]);
  }, 600_000);

  it("sweeps the question analytics pages and their CSV export", () => {
    expect(patterns).toEqual(expect.arrayContaining(["/studio/analytics", "/studio/analytics/:slug/:quizId", "/studio/analytics/:slug/:quizId/csv"]));
  });

  it("answers the malformed session cookie on every page as an anonymous visit", async () => {
    const response = await send(request("/courses", { cookie: "lexmigra_session=%E0%A4%A" }));
    expect(response.status).toBe(200);
    const account = await send(request("/account", { cookie: "lexmigra_session=%E0%A4%A" }));
    expect(account.status).toBe(302);
    expect(account.headers.get("Location")).toMatch(/^\/login/);
  });

  it("answers a non-form body with 415 and a truncated multipart body with 400", async () => {
    const json = await send(request("/login", { method: "POST", body: "{}", contentType: "application/json" }));
    expect(json.status).toBe(415);
    const truncated = await send(
      request("/login", { method: "POST", body: '--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nx', contentType: "multipart/form-data; boundary=b" }),
    );
    expect(truncated.status).toBe(400);
    const huge = await send(request("/login", { method: "POST", body: `email=${"x".repeat(100_000)}`, contentType: "application/x-www-form-urlencoded" }));
    expect(huge.status).toBe(413);
  });

  it.each(["/admin/users", "/admin/certificates", "/supervise/people"])("clamps ?page=99999999999999999999 on %s instead of failing", async (list) => {
    await refreshIdentities();
    const response = await send(request(`${list}?page=99999999999999999999`, { cookie: identities.admin }));
    expect(response.status).toBe(200);
  });

  it("has every page route forward its Retry-After (a headers export), since Remix drops it otherwise", () => {
    const pages = Object.entries(build.routes).filter(([id, r]) => id !== "root" && r.module.default && (r.module.loader || r.module.action));
    expect(pages.length).toBeGreaterThan(15);
    expect(pages.filter(([, r]) => typeof r.module.headers !== "function").map(([id]) => id)).toEqual([]);
  });

  it("carries Retry-After on a 429 through the whole Remix pipeline", async () => {
    const formType = "application/x-www-form-urlencoded";
    const body = () => new URLSearchParams({ email: "admin@example.org", password: "not the password at all" });
    const fixed = (req: Request) => handle(new Request(req, { headers: new Headers([...req.headers, ["X-Test-Address", "192.0.2.251"]]) }));
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) last = await fixed(request("/login", { method: "POST", body: body(), contentType: formType }));
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("Retry-After"))).toBeGreaterThan(0);
    // And through a single-fetch data request (the form submitted with JavaScript on).
    const data = await fixed(request("/login.data", { method: "POST", body: body(), contentType: formType }));
    expect(data.headers.get("Retry-After")).not.toBeNull();
  });
});

describe("document rendering", () => {
  // entry.server.tsx aborts a render still streaming after five seconds. The timer is cleared once everything is
  // rendered: left running, each page's would keep its request, loader data and React state alive for five seconds.
  it("leaves no abort timer behind once a page is rendered", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
    const pages = 20;
    await (await send(request("/courses", { cookie: identities.learner }))).text();
    const before = timers();
    for (let i = 0; i < pages; i++) {
      // Remix keeps a timer of its own for each response's data until the request's signal aborts: abort it once
      // the page is read, so that only entry.server.tsx's timers are counted.
      const reader = new AbortController();
      const response = await send(new Request(request("/courses", { cookie: identities.learner }), { signal: reader.signal }));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("</html>");
      reader.abort();
    }
    expect(timers() - before).toBeLessThan(pages / 2);
  });
});
