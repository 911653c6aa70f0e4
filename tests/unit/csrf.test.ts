import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "~/auth/csrf";

const OWN = "https://lexmigra.example";

function req(method: string, secFetchSite: string | null, origin: string | null) {
  return { method, secFetchSite, origin, ownOrigin: OWN };
}

describe("isCrossSiteWrite", () => {
  it.each(["GET", "HEAD", "get"])("lets a %s through whatever its headers say", (method) => {
    expect(isCrossSiteWrite(req(method, "cross-site", "https://evil.example"))).toBe(false);
    expect(isCrossSiteWrite(req(method, null, null))).toBe(false);
  });

  describe("with Sec-Fetch-Site", () => {
    it("accepts a POST marked same-origin", () => {
      expect(isCrossSiteWrite(req("POST", "same-origin", OWN))).toBe(false);
      expect(isCrossSiteWrite(req("POST", "same-origin", null))).toBe(false);
    });

    it.each(["cross-site", "same-site", "none"])("refuses a POST marked %s, even with our own Origin", (site) => {
      expect(isCrossSiteWrite(req("POST", site, OWN))).toBe(true);
      expect(isCrossSiteWrite(req("POST", site, null))).toBe(true);
    });

    it.each(["PUT", "PATCH", "DELETE", "post"])("treats %s as a write too", (method) => {
      expect(isCrossSiteWrite(req(method, "cross-site", null))).toBe(true);
      expect(isCrossSiteWrite(req(method, "same-origin", null))).toBe(false);
    });
  });

  describe("without Sec-Fetch-Site", () => {
    it("accepts a POST whose Origin is ours", () => {
      expect(isCrossSiteWrite(req("POST", null, OWN))).toBe(false);
      expect(isCrossSiteWrite({ method: "POST", secFetchSite: undefined, origin: OWN, ownOrigin: OWN })).toBe(false);
    });

    it.each([
      ["another site", "https://evil.example"],
      ["a sibling subdomain", "https://evil.lexmigra.example"],
      ["our host over plain http", "http://lexmigra.example"],
      ["our host on another port", "https://lexmigra.example:8443"],
      ["an opaque origin", "null"],
    ])("refuses a POST from %s", (_what, origin) => {
      expect(isCrossSiteWrite(req("POST", null, origin))).toBe(true);
    });

    it("refuses a POST that carries no Origin at all", () => {
      expect(isCrossSiteWrite(req("POST", null, null))).toBe(true);
      expect(isCrossSiteWrite({ method: "POST", secFetchSite: undefined, origin: undefined, ownOrigin: OWN })).toBe(true);
      expect(isCrossSiteWrite(req("POST", "", ""))).toBe(true);
    });
  });
});

describe("isCrossSiteWrite against the request's host", () => {
  const write = (origin: string | null, requestHost: string | null, secFetchSite: string | null = "same-origin") => ({
    method: "POST",
    secFetchSite,
    origin,
    ownOrigin: OWN,
    requestHost,
  });

  it("accepts a write whose Origin names the request's host", () => {
    expect(isCrossSiteWrite(write(OWN, "lexmigra.example"))).toBe(false);
  });

  it("refuses a write whose Origin names another host, even marked same-origin (Remix would abort it with a 500)", () => {
    expect(isCrossSiteWrite(write(OWN, "127.0.0.1:3000"))).toBe(true);
    expect(isCrossSiteWrite(write("https://evil.example", "lexmigra.example"))).toBe(true);
  });

  it.each(["garbage", "http://", "://x"])("refuses a write with the malformed Origin %s", (origin) => {
    expect(isCrossSiteWrite(write(origin, "lexmigra.example"))).toBe(true);
  });

  it("leaves Origin: null to the other rules", () => {
    expect(isCrossSiteWrite(write("null", "lexmigra.example", "same-origin"))).toBe(false);
    expect(isCrossSiteWrite(write("null", "lexmigra.example", null))).toBe(true);
  });
});
