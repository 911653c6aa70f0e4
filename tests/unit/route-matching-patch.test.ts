// The server's copy of @remix-run/router is patched (patches/, ADRs 0036, 0038 and 0044) to flatten and rank the route
// tree once per routes array, to compile each route pattern once, to keep recent matches per pathname and to try a new
// pathname only against the branches that can match its first segment. These tests hold the patched CommonJS build
// (what Node loads on the server) to the unpatched ES module build (what the browser gets) over the application's real
// route tree.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as browserBuild from "@remix-run/router/dist/router.js";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";

const require = createRequire(import.meta.url);
const serverRouterPath = require.resolve("@remix-run/router");
type Router = typeof import("@remix-run/router");
const browserRouter = browserBuild as unknown as Router;
const serverRouter = require(serverRouterPath) as Router;

type Route = import("@remix-run/router").AgnosticRouteObject;

/** The application's route tree, built from app/routes by Remix's own flat-routes convention. */
function applicationRoutes(): Route[] {
  const appDirectory = path.resolve(import.meta.dirname, "../../app");
  const manifest = { root: { id: "root", path: "", file: "root.tsx" }, ...flatRoutes(appDirectory) } as Record<
    string,
    { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }
  >;
  const build = (parentId: string | undefined): Route[] =>
    Object.values(manifest)
      .filter((r) => r.parentId === parentId && r.id !== parentId)
      .map((r) => {
        const children = build(r.id);
        return (r.index
          ? { id: r.id, path: r.path, index: true, caseSensitive: r.caseSensitive }
          : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, ...(children.length ? { children } : {}) }) as Route;
      });
  return [{ id: "root", path: "", children: build("root") }];
}

const urls = [
  "/",
  "/login",
  "/courses",
  "/courses/trafficking-vs-smuggling",
  "/courses/trafficking-vs-smuggling/lessons/definitions",
  "/attempts/abc123",
  "/studio",
  "/studio/drafts/d1/files/lessons/01-intro.md",
  "/studio/drafts/d1/quiz/01-basics/q1",
  "/supervise/assignments/a1",
  "/admin/users/u1",
  "/reset-password/tok",
  "/no/such/page",
  "/COURSES",
];

/**
 * Pathnames made from every route's own pattern (each dynamic segment filled in, a splat given two segments), with
 * the variants a matcher could get wrong: another case, a trailing slash, one segment more, percent-encoding, a
 * doubled or missing leading slash. Each is new to the patched matcher's per-pathname memory the first time.
 */
function pathnamesFromRoutes(routes: Route[]): string[] {
  const patterns: string[] = [];
  const walk = (list: Route[], parent: string) => {
    for (const route of list) {
      const full = [parent, route.path ?? ""].filter(Boolean).join("/");
      patterns.push(`/${full}`);
      if (route.children) walk(route.children, full);
    }
  };
  walk(routes, "");
  const concrete = patterns.map((p, n) => p.replace(/:[A-Za-z]+\??/g, `v${n}`).replace(/\*$/, "x/y"));
  return concrete.flatMap((p) => [
    p,
    p.toUpperCase(),
    `${p}/`,
    `${p}/more`,
    `/${p}`,
    p.slice(1),
    p.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`),
  ]);
}

const ids = (matches: { route: { id?: string } }[] | null) => matches?.map((m) => m.route.id) ?? null;

describe("the patched server route matcher", () => {
  it("is the build Node loads on the server, and carries the patch", () => {
    expect(serverRouterPath).toMatch(/router\.cjs\.js$/);
    expect(fs.readFileSync(serverRouterPath, "utf8")).toContain("rankedBranchesCache");
    expect(fs.readFileSync(serverRouterPath, "utf8")).toContain("matchesByPath");
  });

  it("matches every URL exactly as the unpatched router does, on first and repeated use", () => {
    const routes = applicationRoutes();
    expect(routes[0].children!.length).toBeGreaterThan(40);
    // The URLs reach deep routes, so a matcher that matched nothing would not pass unnoticed.
    expect(urls.filter((url) => (browserRouter.matchRoutes(routes, url)?.length ?? 0) > 1).length).toBeGreaterThan(10);
    for (let round = 0; round < 3; round++) {
      for (const url of urls) {
        const expected = browserRouter.matchRoutes(routes, url);
        const actual = serverRouter.matchRoutes(routes, url);
        expect(ids(actual), url).toEqual(ids(expected));
        expect(actual?.map((m) => m.params), url).toEqual(expected?.map((m) => m.params));
        expect(actual?.map((m) => m.pathnameBase), url).toEqual(expected?.map((m) => m.pathnameBase));
      }
    }
  });

  it("matches every route's own pathnames, and their near misses, as the unpatched router does on first sight", () => {
    const routes = applicationRoutes();
    const pathnames = pathnamesFromRoutes(routes);
    expect(pathnames.length).toBeGreaterThan(300);
    let deep = 0;
    for (const pathname of pathnames) {
      const expected = browserRouter.matchRoutes(routes, pathname);
      const actual = serverRouter.matchRoutes(routes, pathname);
      expect(ids(actual), pathname).toEqual(ids(expected));
      expect(actual?.map((m) => m.params), pathname).toEqual(expected?.map((m) => m.params));
      if ((expected?.length ?? 0) > 1 && expected![expected!.length - 1].route.path !== "*") deep++;
    }
    // A third or more of them reach a route of their own, not the catch-all.
    expect(deep).toBeGreaterThan(pathnames.length / 3);
  });

  it("still matches a case-sensitive route only in its own case", () => {
    const routes: Route[] = [
      { id: "exact", path: "/Exact/:id", caseSensitive: true },
      { id: "any", path: "/:section/:id" },
    ];
    expect(ids(serverRouter.matchRoutes(routes, "/Exact/1"))).toEqual(["exact"]);
    expect(ids(serverRouter.matchRoutes(routes, "/exact/1"))).toEqual(["any"]);
  });

  it("keeps apart patterns that differ only in case sensitivity or end", () => {
    expect(serverRouter.matchPath({ path: "/a/:id", caseSensitive: true, end: true }, "/A/1")).toBeNull();
    expect(serverRouter.matchPath({ path: "/a/:id", caseSensitive: false, end: true }, "/A/1")?.params).toEqual({ id: "1" });
    expect(serverRouter.matchPath({ path: "/a/:id", end: true }, "/a/1/more")).toBeNull();
    expect(serverRouter.matchPath({ path: "/a/:id", end: false }, "/a/1/more")?.pathnameBase).toBe("/a/1");
  });

  it("gives a new routes array its own ranking", () => {
    const first: Route[] = [{ id: "a", path: "/a" }];
    const second: Route[] = [{ id: "b", path: "/a" }];
    expect(ids(serverRouter.matchRoutes(first, "/a"))).toEqual(["a"]);
    expect(ids(serverRouter.matchRoutes(second, "/a"))).toEqual(["b"]);
  });

  it("hands out a fresh copy of a kept match, its matches sharing one params object as the router's own do", () => {
    const routes = applicationRoutes();
    const url = "/courses/trafficking-vs-smuggling/lessons/definitions";
    const first = serverRouter.matchRoutes(routes, url)!;
    (first[first.length - 1].params as Record<string, string>).lessonId = "changed";
    first[0].pathname = "/changed";
    const again = serverRouter.matchRoutes(routes, url)!;
    expect(again).not.toBe(first);
    expect(again.map((m) => m.params)).toEqual(browserRouter.matchRoutes(routes, url)!.map((m) => m.params));
    expect(again[0].pathname).toBe("/");
    expect(new Set(again.map((m) => m.params)).size).toBe(1);
    expect(new Set(browserRouter.matchRoutes(routes, url)!.map((m) => m.params)).size).toBe(1);
  });

  it("keeps a pathname that matched nothing as nothing, and partial matches apart from full ones", () => {
    const routes: Route[] = [{ id: "a", path: "/a", children: [{ id: "b", path: "b" }] }];
    expect(serverRouter.matchRoutes(routes, "/nowhere")).toBeNull();
    expect(serverRouter.matchRoutes(routes, "/nowhere")).toBeNull();
    expect(ids(serverRouter.matchRoutes(routes, "/a/b"))).toEqual(["a", "b"]);
  });
});
