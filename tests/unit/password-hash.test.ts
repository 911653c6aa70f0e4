import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "~/auth/password.server";

const PASSPHRASE = "harbour lanterns drift north";

describe("password hashing", () => {
  it("uses argon2id with m=19456, t=2, p=1 (OWASP), visible in the encoded hash", async () => {
    const encoded = await hashPassword(PASSPHRASE);
    expect(encoded.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
  });

  it("salts each hash, so the same password gives different hashes", async () => {
    const [a, b] = await Promise.all([hashPassword(PASSPHRASE), hashPassword(PASSPHRASE)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, PASSPHRASE)).toBe(true);
    expect(await verifyPassword(b, PASSPHRASE)).toBe(true);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const encoded = await hashPassword(PASSPHRASE);
    expect(await verifyPassword(encoded, PASSPHRASE)).toBe(true);
    expect(await verifyPassword(encoded, "harbour lanterns drift south")).toBe(false);
    expect(await verifyPassword(encoded, "")).toBe(false);
  });

  it.each([
    ["an empty string", ""],
    ["plain text", "not a hash at all"],
    ["a truncated argon2 string", "$argon2id$v=19$m=19456,t=2,p=1$"],
    ["a bcrypt hash", "$2b$12$KIXQJ1v6h0b0pW9z3y4u5eN2jv2J7Yx0k8Gm5H1a2b3c4d5e6f7g8"],
  ])("answers false, without throwing, for %s as the stored hash", async (_what, garbage) => {
    await expect(verifyPassword(garbage, PASSPHRASE)).resolves.toBe(false);
  });
});
