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

  it("warms a production process up with 4,000 pages unless told otherwise, and no other (ADR 0050)", () => {
    const production = { NODE_ENV: "production", PUBLIC_URL: "https://learn.example.org" } as const;
    expect(parseEnv(production).warmUpRequests).toBe(4000);
    expect(parseEnv({ ...production, WARM_UP_REQUESTS: "0" }).warmUpRequests).toBe(0);
    expect(parseEnv({ NODE_ENV: "development" }).warmUpRequests).toBe(0);
    expect(parseEnv({ NODE_ENV: "development", WARM_UP_REQUESTS: "250" }).warmUpRequests).toBe(250);
    expect(() => parseEnv({ ...production, WARM_UP_REQUESTS: "-1" })).toThrow(/WARM_UP_REQUESTS/);
    expect(() => parseEnv({ ...production, WARM_UP_REQUESTS: "many" })).toThrow(/WARM_UP_REQUESTS/);
  });
});

describe("mail settings", () => {
  it("accepts an smtp: or smtps: URL and leaves mail off without one", () => {
    expect(parseEnv({ NODE_ENV: "test", SMTP_URL: "smtp://user:pass@mail.example.org:587" }).SMTP_URL).toBe("smtp://user:pass@mail.example.org:587");
    expect(parseEnv({ NODE_ENV: "test", SMTP_URL: "  " }).SMTP_URL).toBeUndefined();
    expect(parseEnv({ NODE_ENV: "test" }).SMTP_URL).toBeUndefined();
  });

  it("refuses anything else, naming the variable", () => {
    expect(() => parseEnv({ NODE_ENV: "test", SMTP_URL: "mail.example.org:587" })).toThrow(/SMTP_URL: must be an smtp/);
    expect(() => parseEnv({ NODE_ENV: "test", SMTP_URL: "https://mail.example.org" })).toThrow(/SMTP_URL/);
  });

  it("sends from MAIL_FROM, or from no-reply at the public host", () => {
    expect(parseEnv({ NODE_ENV: "test", MAIL_FROM: "Training <t@example.org>" }).mailFrom).toBe("Training <t@example.org>");
    expect(parseEnv({ NODE_ENV: "production", PUBLIC_URL: "https://learn.example.org" }).mailFrom).toBe("Lexmigra <no-reply@learn.example.org>");
  });
});
