// The revocation list: a W3C Bitstring Status List (https://www.w3.org/TR/vc-bitstring-status-list/). Bit i is 1
// when the certificate with statusListIndex i is revoked. The list is stored encoded (a short string) and
// published, signed, at `${base}/status/revocation`.
import { BitstringStatusList, createCredential, createList, decodeList } from "@digitalbazaar/vc-bitstring-status-list";
import { toDateTimeStamp } from "./credential";
import type { CertificateUrls } from "./credential";

export type StatusBits = BitstringStatusList;

// Bitstring Status List v1.0 (BitstringStatusListCredential; Privacy Considerations, group privacy): at least
// 131,072 entries (16 KB uncompressed), so that fetching the list reveals little about which credential is being
// checked. Issuance should also hand out indexes at random, not in order.
export const STATUS_LIST_LENGTH = 131_072;

export const REVOCATION = "revocation";

export async function createStatusBits(length: number = STATUS_LIST_LENGTH): Promise<StatusBits> {
  if (!Number.isSafeInteger(length) || length < STATUS_LIST_LENGTH || length % 8 !== 0) {
    throw new RangeError(`A status list needs a multiple of 8 entries, at least ${STATUS_LIST_LENGTH}.`);
  }
  return createList({ length });
}

/** The `encodedList` form (BitstringStatusListCredential): multibase base64url, unpadded, of the GZIPped bits. */
export async function encodeStatusBits(bits: StatusBits): Promise<string> {
  return bits.encode();
}

export async function decodeStatusBits(encodedList: string): Promise<StatusBits> {
  return decodeList({ encodedList });
}

function assertIndex(bits: StatusBits, index: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= bits.length) {
    throw new RangeError(`Status list index ${index} is outside 0–${bits.length - 1}.`);
  }
}

export function setRevoked(bits: StatusBits, index: number, revoked: boolean): void {
  assertIndex(bits, index);
  bits.setStatus(index, revoked);
}

export function isRevoked(bits: StatusBits, index: number): boolean {
  assertIndex(bits, index);
  return bits.getStatus(index);
}

export type StatusListCredential = {
  "@context": string[];
  id: string;
  type: string[];
  issuer: string;
  validFrom: string;
  credentialSubject: { id: string; type: "BitstringStatusList"; encodedList: string; statusPurpose: string };
  proof?: Record<string, unknown>;
};

/**
 * The unsigned BitstringStatusListCredential. `validFrom` is the moment the list was (re)signed, so a
 * verifier can tell how fresh its copy is. No validUntil: the list is re-signed at each revocation, not on a timer.
 */
export async function buildStatusListCredential(
  bits: StatusBits,
  options: { urls: CertificateUrls; validFrom: Date | number },
): Promise<StatusListCredential> {
  const unsigned = await createCredential({ id: options.urls.statusList, list: bits, statusPurpose: REVOCATION });
  return {
    "@context": unsigned["@context"],
    id: unsigned.id,
    type: unsigned.type,
    // The status check refuses a list whose issuer differs from the credential's, so this must be the same Profile id.
    issuer: options.urls.issuer,
    validFrom: toDateTimeStamp(options.validFrom),
    credentialSubject: unsigned.credentialSubject,
  };
}
