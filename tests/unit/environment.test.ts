import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";

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
