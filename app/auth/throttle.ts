// Login throttling arithmetic, pure: given the recent failures, may another attempt run, and when?
// Failures age out of a sliding window, so no one is ever locked out for good.

export type ThrottleRule = { maxFailures: number; windowMs: number };

export const PER_ACCOUNT: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000 };
// Many officials of one border post or court share an address, so the per-address budget is larger.
export const PER_ADDRESS: ThrottleRule = { maxFailures: 50, windowMs: 15 * 60_000 };

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** `failures` are the timestamps (ms) of failed attempts; any order, any age. */
export function throttleDecision(failures: number[], now: number, rule: ThrottleRule): ThrottleDecision {
  const recent = failures.filter((at) => at > now - rule.windowMs && at <= now).sort((a, b) => a - b);
  if (recent.length < rule.maxFailures) return { allowed: true };
  // The attempt is allowed again once enough failures have aged out to fall below the limit.
  const releasing = recent[recent.length - rule.maxFailures];
  return { allowed: false, retryAfterMs: releasing + rule.windowMs - now };
}

export function strictest(...decisions: ThrottleDecision[]): ThrottleDecision {
  const refusals = decisions.filter((d): d is { allowed: false; retryAfterMs: number } => !d.allowed);
  if (refusals.length === 0) return { allowed: true };
  return { allowed: false, retryAfterMs: Math.max(...refusals.map((r) => r.retryAfterMs)) };
}

export function retryAfterMinutes(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 60_000));
}
