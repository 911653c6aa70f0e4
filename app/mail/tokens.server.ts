// Unsubscribe tokens: random (160 bits), only SHA-256 kept (hex), as for account links (ADR 0030).
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
