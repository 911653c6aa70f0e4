// The life of a certificate as pure rules: expiry dates, state, renewal window.
import { describe, expect, it } from "vitest";
import { addMonths, certificateState, isExpiringSoon, isRenewalDue, validUntilFor } from "~/certificates/policy";

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => Date.parse(iso);

describe("certificate policy", () => {
  it("adds calendar months in UTC, ending a month-end date on the last day of a shorter month", () => {
    expect(addMonths(at("2025-03-01T10:00:00Z"), 24)).toBe(at("2027-03-01T10:00:00Z"));
    expect(addMonths(at("2025-01-31T08:30:00Z"), 1)).toBe(at("2025-02-28T08:30:00Z"));
    expect(addMonths(at("2024-01-31T00:00:00Z"), 1)).toBe(at("2024-02-29T00:00:00Z"));
    expect(addMonths(at("2025-11-15T00:00:00Z"), 3)).toBe(at("2026-02-15T00:00:00Z"));
  });

  it("gives no expiry to a course without a validity period", () => {
    expect(validUntilFor(at("2025-03-01T00:00:00Z"), null)).toBeNull();
    expect(validUntilFor(at("2025-03-01T00:00:00Z"), 12)).toBe(at("2026-03-01T00:00:00Z"));
  });

  it("is expired from validUntil on (exclusive end), and revoked above all", () => {
    const validUntil = at("2026-03-01T00:00:00Z");
    expect(certificateState({ revokedAt: null, validUntil }, validUntil - 1)).toBe("valid");
    expect(certificateState({ revokedAt: null, validUntil }, validUntil)).toBe("expired");
    expect(certificateState({ revokedAt: validUntil - DAY, validUntil }, validUntil + DAY)).toBe("revoked");
    expect(certificateState({ revokedAt: null, validUntil: null }, validUntil * 2)).toBe("valid");
  });

  it("is due for renewal within 60 days of expiry or after it, never when revoked or without expiry", () => {
    const validUntil = at("2026-03-01T00:00:00Z");
    expect(isRenewalDue({ revokedAt: null, validUntil }, validUntil - 61 * DAY)).toBe(false);
    expect(isRenewalDue({ revokedAt: null, validUntil }, validUntil - 60 * DAY)).toBe(true);
    expect(isRenewalDue({ revokedAt: null, validUntil }, validUntil + 400 * DAY)).toBe(true);
    expect(isRenewalDue({ revokedAt: validUntil - 90 * DAY, validUntil }, validUntil - DAY)).toBe(false);
    expect(isRenewalDue({ revokedAt: null, validUntil: null }, validUntil)).toBe(false);
  });

  it("lists as expiring soon only certificates still valid and within 60 days of expiry", () => {
    const validUntil = at("2026-03-01T00:00:00Z");
    expect(isExpiringSoon({ revokedAt: null, validUntil }, validUntil - 30 * DAY)).toBe(true);
    expect(isExpiringSoon({ revokedAt: null, validUntil }, validUntil - 90 * DAY)).toBe(false);
    expect(isExpiringSoon({ revokedAt: null, validUntil }, validUntil + DAY)).toBe(false);
  });
});
