import { describe, expect, it } from "vitest";
import { PER_ACCOUNT, PER_ADDRESS, retryAfterMinutes, strictest, throttleDecision, type ThrottleRule } from "~/auth/throttle";

const MIN = 60_000;
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const RULE: ThrottleRule = { maxFailures: 5, windowMs: 15 * MIN };

/** Failures `minutesAgo` before NOW. */
const ago = (...minutesAgo: number[]) => minutesAgo.map((m) => NOW - m * MIN);

describe("throttleDecision", () => {
  it("allows an attempt after 4 recent failures", () => {
    expect(throttleDecision(ago(4, 3, 2, 1), NOW, RULE)).toEqual({ allowed: true });
  });

  it("refuses the attempt after the 5th failure", () => {
    expect(throttleDecision(ago(5, 4, 3, 2, 1), NOW, RULE).allowed).toBe(false);
  });

  it("says to retry exactly when the oldest counted failure leaves the window", () => {
    const failures = ago(10, 8, 6, 4, 2);
    expect(throttleDecision(failures, NOW, RULE)).toEqual({ allowed: false, retryAfterMs: 5 * MIN });
  });

  it("with more failures than the limit, waits until enough have aged out to fall below it", () => {
    const failures = ago(14, 10, 8, 6, 4, 2);
    const decision = throttleDecision(failures, NOW, RULE);
    // At +1 min the 14-minute-old failure leaves, but 5 remain; only at +5 min do 4 remain.
    expect(decision).toEqual({ allowed: false, retryAfterMs: 5 * MIN });
    expect(throttleDecision(failures, NOW + 5 * MIN - 1, RULE).allowed).toBe(false);
    expect(throttleDecision(failures, NOW + 5 * MIN, RULE)).toEqual({ allowed: true });
  });

  it("allows the attempt at exactly the moment it said to retry, not a millisecond before", () => {
    const failures = ago(12, 9, 7, 3, 1);
    const decision = throttleDecision(failures, NOW, RULE);
    if (decision.allowed) throw new Error("expected a refusal");
    expect(throttleDecision(failures, NOW + decision.retryAfterMs - 1, RULE).allowed).toBe(false);
    expect(throttleDecision(failures, NOW + decision.retryAfterMs, RULE)).toEqual({ allowed: true });
  });

  it("no longer counts failures older than the window", () => {
    expect(throttleDecision(ago(40, 30, 20, 16, 15.5), NOW, RULE)).toEqual({ allowed: true });
    expect(throttleDecision([...ago(40, 30, 20, 16), ...ago(1, 1, 1, 1)], NOW, RULE)).toEqual({ allowed: true });
  });

  it("drops a failure exactly one window old, and keeps one a millisecond younger", () => {
    const four = ago(4, 3, 2, 1);
    expect(throttleDecision([NOW - RULE.windowMs, ...four], NOW, RULE)).toEqual({ allowed: true });
    expect(throttleDecision([NOW - RULE.windowMs + 1, ...four], NOW, RULE)).toEqual({ allowed: false, retryAfterMs: 1 });
  });

  it("ignores failures stamped in the future", () => {
    expect(throttleDecision([...ago(3, 2, 1), NOW + MIN, NOW + 2 * MIN], NOW, RULE)).toEqual({ allowed: true });
  });

  it("gives the same answer whatever order the failures come in", () => {
    const ordered = ago(14, 10, 8, 6, 4, 2);
    const shuffled = [ordered[3], ordered[0], ordered[5], ordered[1], ordered[4], ordered[2]];
    const reversed = [...ordered].reverse();
    const expected = { allowed: false, retryAfterMs: 5 * MIN };
    expect(throttleDecision(shuffled, NOW, RULE)).toEqual(expected);
    expect(throttleDecision(reversed, NOW, RULE)).toEqual(expected);
  });

  it("does not reorder the caller's array", () => {
    const failures = ago(2, 8, 4, 6, 10);
    const copy = [...failures];
    throttleDecision(failures, NOW, RULE);
    expect(failures).toEqual(copy);
  });

  it("allows with no failures at all", () => {
    expect(throttleDecision([], NOW, RULE)).toEqual({ allowed: true });
  });
});

describe("the rules in force", () => {
  it("allows 4 failures per account in 15 minutes, refuses the 5th", () => {
    expect(PER_ACCOUNT).toEqual({ maxFailures: 5, windowMs: 15 * MIN });
    expect(throttleDecision(ago(1, 1, 1, 1), NOW, PER_ACCOUNT).allowed).toBe(true);
    expect(throttleDecision(ago(1, 1, 1, 1, 1), NOW, PER_ACCOUNT).allowed).toBe(false);
  });

  it("gives a shared address a larger budget: 49 failures allowed, the 50th refused", () => {
    const at = (n: number) => Array.from({ length: n }, (_, i) => NOW - (i + 1) * 1000);
    expect(throttleDecision(at(49), NOW, PER_ADDRESS).allowed).toBe(true);
    expect(throttleDecision(at(50), NOW, PER_ADDRESS).allowed).toBe(false);
  });
});

describe("strictest", () => {
  it("allows when every decision allows", () => {
    expect(strictest({ allowed: true }, { allowed: true })).toEqual({ allowed: true });
    expect(strictest()).toEqual({ allowed: true });
  });

  it("refuses when any decision refuses", () => {
    expect(strictest({ allowed: true }, { allowed: false, retryAfterMs: 3 * MIN })).toEqual({ allowed: false, retryAfterMs: 3 * MIN });
    expect(strictest({ allowed: false, retryAfterMs: 3 * MIN }, { allowed: true })).toEqual({ allowed: false, retryAfterMs: 3 * MIN });
  });

  it("keeps the longest wait when several refuse", () => {
    expect(
      strictest({ allowed: false, retryAfterMs: 2 * MIN }, { allowed: false, retryAfterMs: 9 * MIN }, { allowed: false, retryAfterMs: MIN }),
    ).toEqual({ allowed: false, retryAfterMs: 9 * MIN });
  });
});

describe("retryAfterMinutes", () => {
  it.each([
    [1, 1],
    [59_999, 1],
    [60_000, 1],
    [60_001, 2],
    [14.5 * MIN, 15],
    [15 * MIN, 15],
  ])("rounds %i ms up to %i whole minutes", (ms, minutes) => {
    expect(retryAfterMinutes(ms)).toBe(minutes);
  });

  it("never says zero minutes", () => {
    expect(retryAfterMinutes(0)).toBe(1);
  });
});
