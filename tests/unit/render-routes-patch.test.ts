// The server renderer's route objects are kept per build (patches/, ADR 0038): Remix's RemixServer makes its route
// objects once per build instead of once per response, and react-router-dom's static router keeps the data routes it
// derives from them. Stable arrays are what let the patched router keep its ranked branches and matches (ADR 0036).
import { createRequire } from "node:module";
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
type StaticRouterModule = typeof import("react-router-dom/server");
const { createStaticRouter } = require("react-router-dom/server") as StaticRouterModule;

function handlerContext(routes: { id: string }[]) {
  return {
    basename: "/",
    location: { pathname: "/a", search: "", hash: "", state: null, key: "default" },
    matches: [{ params: {}, pathname: "/a", pathnameBase: "/a", route: routes[0] }],
    loaderData: {},
    actionData: null,
    errors: null,
    statusCode: 200,
    loaderHeaders: {},
    actionHeaders: {},
    activeDeferreds: null,
  } as unknown as Parameters<typeof createStaticRouter>[1];
}

describe("the patched server renderer", () => {
  it("carries the patches in the builds Node loads", () => {
    expect(fs.readFileSync(require.resolve("react-router-dom/server"), "utf8")).toContain("dataRoutesCache");
    expect(fs.readFileSync(require.resolve("@remix-run/react/dist/server.js"), "utf8")).toContain("serverRoutesOf");
    expect(fs.readFileSync(require.resolve("@remix-run/server-runtime/dist/server.js"), "utf8")).toContain("entryRouteModulesOf");
  });

  it("gives the same data routes to every render of one routes array, and each render its own matches", () => {
    const routes = [{ id: "a", path: "/a" }];
    const first = createStaticRouter(routes, handlerContext(routes));
    const second = createStaticRouter(routes, handlerContext(routes));
    expect(second.routes).toBe(first.routes);
    // The matches are the request's, pointed at the data route of the same id.
    expect(first.state.matches).not.toBe(second.state.matches);
    expect(first.state.matches[0].route).toBe(first.routes[0]);
    expect(first.routes[0].id).toBe("a");
  });

  it("derives new data routes from a new routes array", () => {
    const one = [{ id: "a", path: "/a" }];
    const other = [{ id: "a", path: "/a" }];
    expect(createStaticRouter(other, handlerContext(other)).routes).not.toBe(createStaticRouter(one, handlerContext(one)).routes);
  });
});
