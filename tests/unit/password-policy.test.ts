import { describe, expect, it } from "vitest";
import { checkPassword, MIN_PASSWORD_LENGTH } from "~/auth/password-policy.server";

// An uncommon string of letters, long enough to pass every rule, to cut to the length a test needs.
const UNCOMMON = "tqbvmzkrnwxpdlhsgfjc";

describe("password length", () => {
  it("has a floor of 12 characters", () => {
    expect(MIN_PASSWORD_LENGTH).toBe(12);
  });

  it("refuses 11 characters and accepts 12", () => {
    expect(checkPassword(UNCOMMON.slice(0, 11))).toBe("too-short");
    expect(checkPassword(UNCOMMON.slice(0, 12))).toBeNull();
  });

  it("refuses an empty password as too short", () => {
    expect(checkPassword("")).toBe("too-short");
  });

  it("counts characters, not bytes: 12 accented letters pass, 11 do not", () => {
    const twelve = "ŝĉĝĵĥŭžřčďťň";
    expect([...twelve]).toHaveLength(12);
    expect(Buffer.byteLength(twelve, "utf8")).toBe(24);
    expect(checkPassword(twelve)).toBeNull();
    // 22 bytes, but only 11 characters: still too short.
    expect(checkPassword(twelve.slice(0, 11))).toBe("too-short");
  });

  it("counts an emoji (two UTF-16 units) as one character", () => {
    // Eleven different symbols outside the Basic Multilingual Plane (U+1F300…), two UTF-16 units each.
    const eleven = String.fromCodePoint(...Array.from({ length: 11 }, (_, i) => 0x1f300 + i));
    expect([...eleven]).toHaveLength(11);
    expect(eleven.length).toBe(22);
    expect(checkPassword(eleven)).toBe("too-short");
    expect(checkPassword(`${eleven}${String.fromCodePoint(0x1f393)}`)).toBeNull();
  });

  it("states the upper limit in characters too: 200 emoji are 200 characters, under the 256 limit", () => {
    // The message shown is "at most 256 characters"; a 200-character passphrase must not be refused as too long.
    const twoHundred = "🌍🛂📜🧭".repeat(50);
    expect([...twoHundred]).toHaveLength(200);
    expect(checkPassword(twoHundred)).toBeNull();
  });

  it("refuses more than 256 characters", () => {
    expect(checkPassword("harbour lanterns ".repeat(16).slice(0, 257))).toBe("too-long");
    expect(checkPassword("harbour lanterns ".repeat(16).slice(0, 256))).toBeNull();
  });
});

describe("common passwords", () => {
  it.each(["qwerty123456", "1qaz2wsx3edc", "123456789012", "leavemealone"])("refuses %s, which is on the list", (pw) => {
    expect(checkPassword(pw)).toBe("common");
  });

  it("refuses a listed password whatever its letter case", () => {
    expect(checkPassword("LeaveMeAlone")).toBe("common");
  });

  it.each(["password2024!", "!!password!!2024", "2024sunshine!!", "iloveyou12345", "#1football#1#"])(
    "refuses %s: a common password with digits or symbols added at the ends",
    (pw) => {
      expect([...pw].length).toBeGreaterThanOrEqual(12);
      expect(checkPassword(pw)).toBe("common");
    },
  );

  it("refuses one character repeated", () => {
    expect(checkPassword("aaaaaaaaaaaaaaaa")).toBe("common");
  });
});

describe("personal information as password", () => {
  const context = { email: "margaretta.holm@example.org", fullName: "Margaretta Holm" };

  it("refuses the email's local part", () => {
    expect(checkPassword("margaretta.holm", context)).toBe("common");
  });

  it("refuses the email's local part with digits added and another case", () => {
    expect(checkPassword("Margaretta.Holm2024!", context)).toBe("common");
  });

  it("refuses the email's local part when it ends in digits, as people's addresses often do", () => {
    expect(checkPassword("karim.benali84", { email: "karim.benali84@example.org" })).toBe("common");
  });

  it("refuses the full name, with or without its spaces", () => {
    expect(checkPassword("Margaretta Holm 1970", context)).toBe("common");
    expect(checkPassword("margarettaholm!", context)).toBe("common");
  });

  it("accepts the same string for someone with another name and email", () => {
    expect(checkPassword("margarettaholm!", { email: "k.benali@example.org", fullName: "Karim Benali" })).toBeNull();
  });
});

describe("a good passphrase", () => {
  it("is accepted", () => {
    expect(
      checkPassword("harbour lanterns drift north", { email: "margaretta.holm@example.org", fullName: "Margaretta Holm" }),
    ).toBeNull();
  });
});
