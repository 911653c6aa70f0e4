// Random identifiers for anything a URL or a cookie shows: unguessable, so no one reaches another learner's data by
// counting. 20 bytes = 160 bits, base32 so they survive being read aloud or typed from a printed certificate.
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

export function randomId(bytes = 20): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}
