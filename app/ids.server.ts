// Random identifiers for anything a URL or a cookie shows: unguessable, so no one reaches another learner's data by
// counting. 20 bytes = 160 bits, base32 so they survive being read aloud or typed from a printed certificate.
// Their shape is checked with `RandomId` (app/ids.ts).
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { RANDOM_ID_BYTES } from "./ids";

export function randomId(bytes = RANDOM_ID_BYTES): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}
