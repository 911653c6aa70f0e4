// Verifies a certificate the way an outside party would: from the credential JSON and the documents its URLs
// publish (through the document loader), trusting nothing the PDF says. Each check runs on its own so the answer
// can explain every failure at once; the status is the most serious outcome.
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { getCredentialStatus } from "@digitalbazaar/vc-bitstring-status-list";
import type { Message } from "~/errors";
import type { JsonLdDocumentLoader } from "./document-loader.server";
import { REVOCATION, decodeStatusBits } from "./status-list.server";

export type VerificationStatus = "valid" | "revoked" | "expired" | "not-yet-valid" | "invalid";

export type VerificationResult = {
  status: VerificationStatus;
  /** true when the check passed. `status` is false for a revoked credential and for an unreadable status list. */
  checks: { proof: boolean; issuer: boolean; dates: boolean; status: boolean };
  /** One i18n message (`verify.reasons.*`) per failed check, empty when valid: the page says them in the reader's
   * language, and a test compares keys rather than sentences. */
  reasons: Message[];
};

const M = (reason: string, values?: Message["values"]): Message => ({ key: `verify.reasons.${reason}`, values });

type Json = Record<string, unknown>;

export async function verifyCredential(
  json: unknown,
  options: { documentLoader: JsonLdDocumentLoader; trustedIssuerId: string; now?: Date },
): Promise<VerificationResult> {
  const { documentLoader, trustedIssuerId } = options;
  const now = options.now ?? new Date();
  const reasons: Message[] = [];

  if (!isObject(json)) {
    return {
      status: "invalid",
      checks: { proof: false, issuer: false, dates: false, status: false },
      reasons: [M("notJson")],
    };
  }
  const credential = json;

  const shape = checkShape(credential);
  reasons.push(...shape);

  const dates = checkDates(credential, now);
  reasons.push(...dates.reasons);

  const proof =
    shape.length === 0 ? await checkProof(credential, documentLoader, dates.window) : { ok: false, reasons: [] as Message[] };
  reasons.push(...proof.reasons);

  const issuer = checkIssuer(credential, trustedIssuerId);
  reasons.push(...issuer.reasons);

  const status = await checkRevocation(credential, documentLoader, trustedIssuerId, now);
  reasons.push(...status.reasons);

  const checks = { proof: proof.ok && shape.length === 0, issuer: issuer.ok, dates: dates.ok, status: status.ok };
  let verdict: VerificationStatus;
  if (!checks.proof || !checks.issuer || status.unreadable) verdict = "invalid";
  // A revocation outranks expiry: it is the issuer's explicit, later word on the credential.
  else if (status.revoked) verdict = "revoked";
  else if (dates.expired) verdict = "expired";
  else if (dates.notYetValid) verdict = "not-yet-valid";
  else verdict = "valid";
  return { status: verdict, checks, reasons };
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function types(value: unknown): string[] {
  const type = isObject(value) ? value.type : undefined;
  if (typeof type === "string") return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === "string") : [];
}

function checkShape(credential: Json): Message[] {
  const reasons: Message[] = [];
  if (!types(credential).includes("OpenBadgeCredential")) {
    reasons.push(M("notOpenBadge"));
  }
  if (!isObject(credential.proof)) reasons.push(M("noProof"));
  return reasons;
}

type DateWindow = { from: Date; until: Date | null } | null;

function checkDates(credential: Json, now: Date) {
  const reasons: Message[] = [];
  const from = parseDate(credential.validFrom);
  const until = credential.validUntil === undefined ? null : parseDate(credential.validUntil);
  if (!from) reasons.push(M("noValidFrom"));
  if (credential.validUntil !== undefined && !until) reasons.push(M("validUntilMalformed"));
  if (from && until && until <= from) reasons.push(M("validUntilBeforeValidFrom"));
  const malformed = reasons.length > 0;
  // VC 2.0 §4.9: valid from validFrom (inclusive) until validUntil (exclusive: the moment it "ceases to be valid").
  const notYetValid = !malformed && !!from && now < from;
  const expired = !malformed && !!until && now >= until;
  if (notYetValid) reasons.push(M("notYetValid", { date: String(credential.validFrom) }));
  if (expired) reasons.push(M("expired", { date: String(credential.validUntil) }));
  const window: DateWindow = !malformed && from ? { from, until } : null;
  return { ok: !malformed && !notYetValid && !expired, notYetValid, expired, window, reasons };
}

function parseDate(value: unknown): Date | null {
  // XML Schema dateTimeStamp: a time zone is mandatory (VC 2.0 §4.9), otherwise the instant is ambiguous.
  const dateTimeStamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  if (typeof value !== "string" || !dateTimeStamp.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

async function checkProof(credential: Json, documentLoader: JsonLdDocumentLoader, window: DateWindow) {
  const proof = credential.proof as Json;
  if (proof.cryptosuite !== "eddsa-rdfc-2022" || proof.type !== "DataIntegrityProof") {
    return { ok: false, reasons: [M("wrongCryptosuite")] };
  }
  if (!window) {
    return { ok: false, reasons: [M("signatureNotChecked")] };
  }
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader,
    // The library folds expiry into "not verified"; dates are judged by checkDates so that an expired credential
    // is reported as expired, not as forged. The signature itself does not depend on the clock.
    now: window.from,
    // Revocation is judged by checkRevocation, for the same reason: the library would call it unverified.
    checkStatus: async () => ({ verified: true }),
  });
  if (result.verified) return { ok: true, reasons: [] as Message[] };
  return {
    ok: false,
    reasons: [
      M("signatureMismatch", { detail: errorMessage(result) }),
    ],
  };
}

function errorMessage(result: vc.VerifyCredentialResult): string {
  const error = result.error;
  const first = error?.errors?.[0] ?? result.results?.find((r) => r.error)?.error ?? error;
  return first?.message?.replace(/\.$/, "") ?? "unknown error";
}

function issuerId(credential: Json): string | null {
  const issuer = credential.issuer;
  if (typeof issuer === "string") return issuer;
  if (isObject(issuer) && typeof issuer.id === "string") return issuer.id;
  return null;
}

function checkIssuer(credential: Json, trustedIssuerId: string) {
  const id = issuerId(credential);
  const proof = isObject(credential.proof) ? credential.proof : {};
  const method = typeof proof.verificationMethod === "string" ? proof.verificationMethod : "";
  if (id !== trustedIssuerId) {
    return {
      ok: false,
      reasons: [id ? M("otherIssuer", { issuer: id, trusted: trustedIssuerId }) : M("unnamedIssuer", { trusted: trustedIssuerId })],
    };
  }
  // The signature check already ties the key to its controller; this ties the controller to us, so a key published
  // elsewhere cannot vouch for a credential that merely names us as issuer.
  if (!method.startsWith(`${trustedIssuerId}#`)) {
    return {
      ok: false,
      reasons: [M("foreignKey", { method: method || "—", trusted: trustedIssuerId })],
    };
  }
  return { ok: true, reasons: [] as Message[] };
}

async function checkRevocation(
  credential: Json,
  documentLoader: JsonLdDocumentLoader,
  trustedIssuerId: string,
  now: Date,
): Promise<{ ok: boolean; revoked: boolean; unreadable: boolean; reasons: Message[] }> {
  const unreadable = (reason: Message) => ({ ok: false, revoked: false, unreadable: true, reasons: [reason] });
  let entry: ReturnType<typeof getCredentialStatus>;
  try {
    entry = getCredentialStatus({ credential, statusPurpose: REVOCATION });
  } catch {
    return unreadable(M("noStatusList"));
  }
  const index = Number(entry.statusListIndex);
  if (!/^\d+$/.test(entry.statusListIndex) || !Number.isSafeInteger(index)) {
    return unreadable(M("statusIndexNotNumber", { index: String(entry.statusListIndex) }));
  }

  let list: Json;
  try {
    const loaded = await documentLoader(entry.statusListCredential);
    list = (typeof loaded.document === "string" ? JSON.parse(loaded.document) : loaded.document) as Json;
  } catch {
    return unreadable(M("statusListUnreachable", { url: entry.statusListCredential }));
  }
  if (!isObject(list) || !types(list).includes("BitstringStatusListCredential")) {
    return unreadable(M("notAStatusList", { url: entry.statusListCredential }));
  }
  // Bitstring Status List "Validate Algorithm": the list is itself a credential whose proof must verify, issued by
  // the same issuer, for the same purpose; otherwise anyone able to serve a document at that URL could un-revoke.
  if (list.id !== entry.statusListCredential) {
    return unreadable(M("statusListIdMismatch", { url: entry.statusListCredential, claimed: String(list.id) }));
  }
  if (issuerId(list) !== trustedIssuerId) {
    return unreadable(M("statusListOtherIssuer"));
  }
  const listProof = await vc.verifyCredential({
    credential: list,
    suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }),
    documentLoader,
    now,
  });
  if (!listProof.verified) {
    return unreadable(M("statusListSignature", { detail: errorMessage(listProof) }));
  }
  const subject = isObject(list.credentialSubject) ? list.credentialSubject : {};
  if (subject.statusPurpose !== REVOCATION || typeof subject.encodedList !== "string") {
    return unreadable(M("statusListNoBitstring"));
  }

  let revoked: boolean;
  try {
    const bits = await decodeStatusBits(subject.encodedList);
    if (index >= bits.length) return unreadable(M("statusIndexOutside", { index }));
    revoked = bits.getStatus(index);
  } catch {
    return unreadable(M("bitstringUndecodable"));
  }
  // The status list library would report this credential as verified: the bit is read here and said out loud.
  if (revoked) {
    return { ok: false, revoked: true, unreadable: false, reasons: [M("revoked")] };
  }
  return { ok: true, revoked: false, unreadable: false, reasons: [] };
}
