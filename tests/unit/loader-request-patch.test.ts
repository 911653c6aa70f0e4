// The server's copy of @remix-run/server-runtime is patched (patches/, ADR 0038) so that a loader or action receives
// the request itself when there is no `index`, `_routes` or `_data` parameter to strip, instead of a fresh copy per
// route. Per-request caches keyed by the request (the session, the locale) then hold across the root and route
// loaders of one page. Both builds are checked: Node may load either, depending on how the server build imports it.
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const runtimeDir = path.dirname(require.resolve("@remix-run/server-runtime/package.json"));

type Handler = (args: { request: Request }) => unknown;
type CallRouteLoader = (args: {
  loadContext: unknown;
  loader?: Handler;
  action?: Handler;
  params: Record<string, string>;
  request: Request;
  routeId: string;
  singleFetch: boolean;
}) => Promise<unknown>;

const builds: [string, () => Promise<{ callRouteLoader: CallRouteLoader; callRouteAction: CallRouteLoader }>][] = [
  ["CommonJS", async () => require(path.join(runtimeDir, "dist/data.js"))],
  ["ES module", async () => import(path.join(runtimeDir, "dist/esm/data.js"))],
];

describe.each(builds)("server-runtime's %s build", (_name, load) => {
  async function requestSeenBy(call: "callRouteLoader" | "callRouteAction", request: Request, singleFetch: boolean) {
    const data = await load();
    let seen: Request | undefined;
    const handler = ({ request }: { request: Request }) => {
      seen = request;
      return null;
    };
    await data[call]({
      loadContext: {},
      loader: handler,
      action: handler,
      params: {},
      request,
      routeId: "routes/x",
      singleFetch,
    });
    return seen!;
  }

  it.each([true, false])("hands a loader the request itself when there is nothing to strip (single fetch: %s)", async (singleFetch) => {
    const request = new Request("http://localhost/courses/x?page=2");
    expect(await requestSeenBy("callRouteLoader", request, singleFetch)).toBe(request);
  });

  it("hands an action the request itself, body unread", async () => {
    const request = new Request("http://localhost/login", { method: "POST", body: "email=a%40b.c" });
    const seen = await requestSeenBy("callRouteAction", request, true);
    expect(seen).toBe(request);
    expect(await seen.text()).toBe("email=a%40b.c");
  });

  it.each([
    ["http://localhost/courses?index&page=2", true, "http://localhost/courses?page=2"],
    ["http://localhost/courses?index=&_routes=root&page=2", true, "http://localhost/courses?page=2"],
    ["http://localhost/courses?_data=root&page=2", false, "http://localhost/courses?page=2"],
  ])("still strips Remix's own parameters from %s", async (url, singleFetch, expected) => {
    const request = new Request(url, { headers: { cookie: "session=abc" } });
    const seen = await requestSeenBy("callRouteLoader", request, singleFetch);
    expect(seen).not.toBe(request);
    expect(seen.url).toBe(expected);
    expect(seen.headers.get("cookie")).toBe("session=abc");
  });
});
