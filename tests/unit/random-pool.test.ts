// Random values drawn from one pooled read of the CSPRNG (app/ids.server.ts): each byte handed out once, never the
// zeros the pool is wiped to, across refills.
import { describe, expect, it } from "vitest";
import { cspNonce, randomBytes, randomId, randomUint32 } from "~/ids.server";

describe("pooled random values", () => {
  it("hands out distinct values across many refills of the 4 kB pool", () => {
    const nonces = Array.from({ length: 5_000 }, cspNonce); // 80 kB: twenty refills
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    const ids = Array.from({ length: 2_000 }, () => randomId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[a-z2-7]{32}$/.test(id))).toBe(true);
  });

  it("never returns the zeros a drawn byte leaves in the pool, even when a draw straddles a refill", () => {
    // 7-byte draws do not divide 4,096, so some draws would straddle the pool's end; none may come back all zero.
    const draws = Array.from({ length: 3_000 }, () => randomBytes(7));
    expect(draws.filter((bytes) => bytes.every((b) => b === 0))).toHaveLength(0);
    const all = Buffer.concat(draws);
    // Uniform bytes over 21 kB: a mean near 127.5 (the standard error is about 0.5) and every value present.
    const mean = all.reduce((sum, b) => sum + b, 0) / all.length;
    expect(mean).toBeGreaterThan(122);
    expect(mean).toBeLessThan(133);
    expect(new Set(all).size).toBe(256);
  });

  it("gives 32-bit seeds over the whole range and refuses draws larger than the pool", () => {
    const seeds = Array.from({ length: 2_000 }, randomUint32);
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)).toBe(true);
    expect(seeds.some((s) => s >= 2 ** 31)).toBe(true);
    expect(new Set(seeds).size).toBeGreaterThan(1_990);
    expect(() => randomBytes(4097)).toThrow(RangeError);
  });
});
