import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";
import { isWebUrl, webHref } from "~/courses/web-url";

describe("the environment", () => {
  it("refuses to start in production without PUBLIC_URL, naming the variable", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/PUBLIC_URL is required in production/);
  });

  it("takes the public origin from PUBLIC_URL, never from a request", () => {
    expect(parseEnv({ NODE_ENV: "production", PUBLIC_URL: "https://learn.example.org/" }).publicUrl).toBe("https://learn.example.org");
    expect(() => parseEnv({ NODE_ENV: "production", PUBLIC_URL: "javascript:alert(1)" })).toThrow(/PUBLIC_URL/);
  });

  it("uses this machine's address outside production", () => {
    expect(parseEnv({ NODE_ENV: "development", PORT: "4100" }).publicUrl).toBe("http://localhost:4100");
  });
});

describe("course links at render", () => {
  it.each(["https://treaties.un.org/", "http://www.refworld.org/x", "/courses/x/sources#y"])("keep %s as a link", (url) => {
    expect(webHref(url)).toBe(url);
  });

  it.each(["javascript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "JAVASCRIPT:x", "data:text/html,x", "vbscript:x", "", 42])(
    "drop %s",
    (url) => {
      expect(isWebUrl(url)).toBe(false);
      expect(webHref(url)).toBeUndefined();
    },
  );
});
