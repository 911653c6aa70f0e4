import { describe, expect, it } from "vitest";
import { isNotModified, pageTag } from "~/conditional-get.server";

describe("page tags", () => {
  it("are weak tags that change when any part changes and stay when none does", () => {
    const tag = pageTag("lesson", "v1", "en", "user-1", null);
    expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]{16}"$/);
    expect(pageTag("lesson", "v1", "en", "user-1", null)).toBe(tag);
    expect(pageTag("lesson", "v2", "en", "user-1", null)).not.toBe(tag);
    expect(pageTag("lesson", "v1", "fr", "user-1", null)).not.toBe(tag);
    expect(pageTag("lesson", "v1", "en", "user-2", null)).not.toBe(tag);
    expect(pageTag("lesson", "v1", "en", "user-1", 1_764_000_000_000)).not.toBe(tag);
  });

  it("do not run parts together ('ab','c' is not 'a','bc')", () => {
    expect(pageTag("ab", "c")).not.toBe(pageTag("a", "bc"));
  });
});

describe("If-None-Match", () => {
  const etag = 'W/"abc"';
  it("matches the same tag, weakly, in a list, or *", () => {
    expect(isNotModified('W/"abc"', etag)).toBe(true);
    expect(isNotModified('"abc"', etag)).toBe(true);
    expect(isNotModified('"zzz", W/"abc"', etag)).toBe(true);
    expect(isNotModified("*", etag)).toBe(true);
  });

  it("does not match another tag or an absent header", () => {
    expect(isNotModified('W/"abd"', etag)).toBe(false);
    expect(isNotModified(null, etag)).toBe(false);
    expect(isNotModified("", etag)).toBe(false);
  });
});
