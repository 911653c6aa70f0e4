// Pure rules about a certificate's life: when it stops being valid, what state it is in, when it is due for renewal.

export type CertificateState = "valid" | "expired" | "revoked";

/** Certificates expiring within this window are shown on the dashboard and may be renewed by retaking the final assessment. */
export const RENEWAL_WINDOW_MS = 60 * 24 * 60 * 60 * 1000;

/** `from` plus whole calendar months in UTC; the 31st becomes the last day of a shorter month. */
export function addMonths(from: number, months: number): number {
  const date = new Date(from);
  const targetMonth = date.getUTCMonth() + months;
  const result = new Date(
    Date.UTC(
      date.getUTCFullYear(),
      targetMonth,
      1,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return result.getTime();
}

export function validUntilFor(completedAt: number, validityMonths: number | null): number | null {
  return validityMonths && validityMonths > 0 ? addMonths(completedAt, validityMonths) : null;
}

// A revocation outranks expiry (as in verify.server.ts): it is the issuer's explicit, later word on the certificate.
// VC 2.0 §4.9: validUntil is the moment the credential ceases to be valid, so it is exclusive.
export function certificateState(certificate: { revokedAt: number | null; validUntil: number | null }, now: number): CertificateState {
  if (certificate.revokedAt !== null) return "revoked";
  if (certificate.validUntil !== null && now >= certificate.validUntil) return "expired";
  return "valid";
}

export function isExpiringSoon(certificate: { revokedAt: number | null; validUntil: number | null }, now: number): boolean {
  return (
    certificate.revokedAt === null &&
    certificate.validUntil !== null &&
    now < certificate.validUntil &&
    certificate.validUntil - now <= RENEWAL_WINDOW_MS
  );
}

/** Expired, or expiring within the renewal window; a revoked or never-expiring certificate is not renewed. */
export function isRenewalDue(certificate: { revokedAt: number | null; validUntil: number | null }, now: number): boolean {
  if (certificate.revokedAt !== null || certificate.validUntil === null) return false;
  return certificate.validUntil - now <= RENEWAL_WINDOW_MS;
}
