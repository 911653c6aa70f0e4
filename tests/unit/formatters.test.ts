import { describe, expect, it } from "vitest";
import { formatters, isTimeZone } from "~/ui/formatters";

// 2026-03-01 23:30 UTC: already 2 March in Tokyo, still 1 March in New York.
const LATE_EVENING_UTC = Date.UTC(2026, 2, 1, 23, 30);

describe("the formatters", () => {
  it("show a moment in the reader's time zone, with the zone named, not in the server's", () => {
    expect(formatters("en", "Asia/Tokyo").dateTime(LATE_EVENING_UTC)).toMatch(/Mar 2, 2026.*8:30.*\(GMT\+9\)/);
    expect(formatters("en", "America/New_York").dateTime(LATE_EVENING_UTC)).toMatch(/Mar 1, 2026.*6:30.*\(EST\)/);
    expect(formatters("en", "UTC").dateTime(LATE_EVENING_UTC)).toMatch(/11:30.*\(UTC\)/);
  });

  it("write dates in the reader's language", () => {
    expect(formatters("fr", "Europe/Paris").date(LATE_EVENING_UTC, "long")).toBe("2 mars 2026");
    expect(formatters("es", "Europe/Madrid").date(LATE_EVENING_UTC, "long")).toBe("2 de marzo de 2026");
  });

  it("print a certificate's dates in UTC for every reader, as the certificate itself does", () => {
    expect(formatters("en", "Asia/Tokyo").certificateDate(LATE_EVENING_UTC)).toBe("March 1, 2026");
  });

  it("fall back to UTC for a cookie that names no time zone", () => {
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("x".repeat(100))).toBe(false);
    expect(isTimeZone("Europe/Lisbon")).toBe(true);
    expect(formatters("en", "Mars/Olympus_Mons").dateTime(LATE_EVENING_UTC)).toMatch(/\(UTC\)/);
  });
});
