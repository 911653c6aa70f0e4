// Random identifiers for anything a URL or a cookie shows: unguessable, so no one reaches another learner's data by
// counting. 20 bytes = 160 bits, base32 so they survive being read aloud or typed from a printed certificate.
// Their shape is checked with `RandomId` (app/ids.ts). Also the other random values a request needs (a CSP nonce,
// a quiz's question-order seed), from the same pool.
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { RANDOM_ID_BYTES } from "./ids";

// The operating system's CSPRNG, read 4 kB at a time: under load each read cost 30-40 µs of the server's CPU
// profile, and a quiz start made four (two nonces, an id, a seed). Node's own crypto.randomUUID() pools its
// randomness the same way. Each byte is handed out once and zeroed in the pool as it is.
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let drawn = POOL_BYTES;

/** `count` bytes from the CSPRNG (at most 4 kB). */
export function randomBytes(count: number): Uint8Array {
  if (count > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} random bytes at once`);
  if (drawn + count > POOL_BYTES) {
    crypto.getRandomValues(pool);
    drawn = 0;
  }
  const bytes = pool.slice(drawn, drawn + count);
  pool.fill(0, drawn, drawn + count);
  drawn += count;
  return bytes;
}

export function randomId(bytes = RANDOM_ID_BYTES): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

/** A uniformly random 32-bit unsigned integer. */
export function randomUint32(): number {
  const bytes = randomBytes(4);
  return new DataView(bytes.buffer).getUint32(0);
}

/** A Content-Security-Policy nonce: 128 bits, base64 (CSP Level 3, §7.4). */
export function cspNonce(): string {
  return Buffer.from(randomBytes(16)).toString("base64");
}
