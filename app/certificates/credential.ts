// The unsigned Open Badges 3.0 credential for one certificate, built from plain data. Pure: no clock, no database,
// no keys, so the same record always yields the same document (and so the same signature input).

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/** What issuance stores about a certificate. Timestamps are UTC milliseconds or Dates. */
export type CertificateRecord = {
  id: string;
  holderName: string;
  courseSlug: string;
  courseTitle: string;
  courseVersion: string;
  completedAt: Date | number;
  validUntil: Date | number | null;
  /** Average of the best module-quiz percentages (0–100), published as evidence; null to leave it out. */
  averagePercent: number | null;
  hours: number;
  credits: number | null;
  statusListIndex: number;
};

export type IssuerInfo = {
  name: string;
  url: string;
  logoUrl?: string;
  signatory?: string;
};

/**
 * The stable public URL layout; the routes follow it. The key id is `${issuer}#${publicKeyMultibase}` (see
 * keys.server.ts `keyIdFor`), so it is not listed here.
 */
export type CertificateUrls = {
  base: string;
  issuer: string;
  statusList: string;
  credential(id: string): string;
  verify(id: string): string;
  achievement(courseSlug: string): string;
};

export function certificateUrls(baseUrl: string): CertificateUrls {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    base,
    issuer: `${base}/issuer`,
    statusList: `${base}/status/revocation`,
    credential: (id) => `${base}/credentials/${encodeURIComponent(id)}`,
    verify: (id) => `${base}/verify/${encodeURIComponent(id)}`,
    achievement: (courseSlug) => `${base}/courses/${encodeURIComponent(courseSlug)}#achievement`,
  };
}

/** XSD dateTimeStamp without fractional seconds, the form VC 2.0 §4.9 examples and OB 3.0 use. */
export function toDateTimeStamp(value: Date | number): string {
  const date = typeof value === "number" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError("Invalid date in certificate record.");
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export type OpenBadgeCredential = {
  "@context": string[];
  id: string;
  type: string[];
  issuer: { id: string; type: string[]; name: string; url: string; image?: { id: string; type: "Image" } };
  validFrom: string;
  validUntil?: string;
  awardedDate: string;
  name: string;
  credentialSubject: Record<string, unknown>;
  evidence?: Record<string, unknown>[];
  credentialStatus: {
    id: string;
    type: "BitstringStatusListEntry";
    statusPurpose: "revocation";
    statusListIndex: string;
    statusListCredential: string;
  };
  proof?: Record<string, unknown>;
};

export function buildOpenBadgeCredential(
  certificate: CertificateRecord,
  issuer: IssuerInfo,
  urls: CertificateUrls,
): OpenBadgeCredential {
  const c = certificate;
  if (!Number.isSafeInteger(c.statusListIndex) || c.statusListIndex < 0) {
    throw new RangeError(`statusListIndex must be a non-negative integer, got ${c.statusListIndex}.`);
  }
  const completedAt = toDateTimeStamp(c.completedAt);
  const hours = `${c.hours} ${c.hours === 1 ? "hour" : "hours"}`;

  const achievement: Record<string, unknown> = {
    id: urls.achievement(c.courseSlug),
    type: ["Achievement"],
    achievementType: "CertificateOfCompletion",
    name: c.courseTitle,
    description:
      `Completion of the ${hours} course "${c.courseTitle}" (version ${c.courseVersion}) ` +
      "on International Migration Law.",
    criteria: {
      narrative:
        `Study every lesson of "${c.courseTitle}" (version ${c.courseVersion}, ${hours}) ` +
        "and pass its final assessment.",
    },
    version: c.courseVersion,
  };
  if (c.credits !== null) achievement.creditsAvailable = c.credits;

  const credentialSubject: Record<string, unknown> = {
    type: ["AchievementSubject"],
    // OB 3.0 §B.1.2 (AchievementSubject): without a subject `id`, the holder is identified by an IdentityObject.
    // identityType "name", unhashed, because the verifier's question is "is this the person named on the PDF?".
    identifier: [{ type: "IdentityObject", identityHash: c.holderName, identityType: "name", hashed: false }],
    achievement,
  };
  if (c.credits !== null) credentialSubject.creditsEarned = c.credits;

  const issuerProfile: OpenBadgeCredential["issuer"] = {
    id: urls.issuer,
    type: ["Profile"],
    name: issuer.name,
    url: issuer.url,
  };
  if (issuer.logoUrl) issuerProfile.image = { id: issuer.logoUrl, type: "Image" };

  const credential: OpenBadgeCredential = {
    "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: urls.credential(c.id),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: issuerProfile,
    validFrom: completedAt,
    awardedDate: completedAt,
    name: c.courseTitle,
    credentialSubject,
    credentialStatus: {
      id: `${urls.statusList}#${c.statusListIndex}`,
      type: "BitstringStatusListEntry",
      // Bitstring Status List (BitstringStatusListEntry): statusListIndex is a string holding the integer.
      statusPurpose: "revocation",
      statusListIndex: String(c.statusListIndex),
      statusListCredential: urls.statusList,
    },
  };
  // OB 3.0 / VC 2.0 §4.9: validUntil only when the course's certificate expires; absent means no expiry.
  if (c.validUntil !== null) credential.validUntil = toDateTimeStamp(c.validUntil);
  // The credential is one document for every reader (its course title is in the course's default language), so its
  // narrative is written once, in English, from the stored number; the pages render the number in each reader's
  // language.
  if (c.averagePercent !== null) {
    credential.evidence = [
      { type: ["Evidence"], name: "Final assessment", narrative: `Average of the module quizzes: ${c.averagePercent}%` },
    ];
  }
  return credential;
}
