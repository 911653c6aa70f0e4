// The headers server.js sets, read off real responses of the production build: the CSP whose script nonce must match
// the nonce on every inline script Remix renders (a mismatch would break hydration; a missing nonce would let any
// injected inline script run), framing refused, and HSTS in production.
import { expect, test } from "@playwright/test";

test("a page carries the CSP with this response's nonce on every script, and refuses framing", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  expect(first.status()).toBe(200);
  const csp = first.headers()["content-security-policy"];
  const directives = Object.fromEntries(
    csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
  );
  expect(directives["default-src"]).toEqual(["'self'"]);
  expect(directives["frame-ancestors"]).toEqual(["'none'"]);
  expect(directives["object-src"]).toEqual(["'none'"]);
  expect(directives["form-action"]).toEqual(["'self'"]);
  expect(directives["script-src"]).not.toContain("'unsafe-inline'");
  const nonce = directives["script-src"].find((v: string) => v.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
  expect(nonce, "script-src names a nonce").toMatch(/^[A-Za-z0-9+/]{22}==$/);
  // The studio's code editor writes its layout into one <style> element with that nonce; nothing else inline.
  expect(directives["style-src"]).toEqual(["'self'", `'nonce-${nonce}'`]);

  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length, "the page has scripts to check").toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, "every script tag carries this response's nonce").toContain(`nonce="${nonce}"`);

  // A fresh nonce for every response: a nonce seen once is no key to the next page.
  const secondNonce = /'nonce-([^']+)'/.exec(second.headers()["content-security-policy"])?.[1];
  expect(secondNonce).toBeTruthy();
  expect(secondNonce).not.toBe(nonce);

  const headers = first.headers();
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // playwright.config.ts runs the server with NODE_ENV=production, where HSTS is on.
  expect(headers["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("a cross-site form post is refused before it reaches an action", async ({ request }) => {
  const response = await request.post("/login", {
    form: { email: "someone@example.org", password: "whatever" },
    headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
});
