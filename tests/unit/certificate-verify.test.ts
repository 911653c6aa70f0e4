// An outside verifier: it sees only the credential JSON and what the public URLs serve (the issuer profile at
// /issuer, the status list at /status/revocation), passed through JSON text as HTTP would pass them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import en from "~/i18n/locales/en.json";
import es from "~/i18n/locales/es.json";
import fr from "~/i18n/locales/fr.json";
import { describe, expect, it } from "vitest";
import { buildOpenBadgeCredential, certificateUrls } from "~/certificates/credential";
import type { CertificateRecord, CertificateUrls, IssuerInfo } from "~/certificates/credential";
import { createDocumentLoader } from "~/certificates/document-loader.server";
import {
  ISSUER_KEY_FILE,
  generateIssuerKeyPair,
  keyIdFor,
  loadIssuerKeyPair,
  publicMultikeyDocument,
} from "~/certificates/keys.server";
import type { IssuerKeyPair } from "~/certificates/keys.server";
import { issuerProfileDocument, signCredential, signStatusList } from "~/certificates/signing.server";
import {
  STATUS_LIST_LENGTH,
  createStatusBits,
  decodeStatusBits,
  encodeStatusBits,
  isRevoked,
  setRevoked,
} from "~/certificates/status-list.server";
import { verifyCredential } from "~/certificates/verify.server";

const BASE = "https://lexmigra.example.org";
const urls = certificateUrls(BASE);
const issuer: IssuerInfo = { name: "Lexmigra — International Migration Law Training", url: BASE };

const record: CertificateRecord = {
  id: "c7x2k9qp",
  holderName: "Éloïse Núñez-Françoise",
  courseSlug: "iml-foundations",
  courseTitle: "Foundations of International Migration Law",
  courseVersion: "1.2.0",
  completedAt: Date.UTC(2025, 2, 1, 10, 0, 0),
  validUntil: Date.UTC(2027, 2, 1, 10, 0, 0),
  averagePercent: 90,
  hours: 12,
  credits: 1.5,
  statusListIndex: 90_417,
};
const DURING = new Date(Date.UTC(2025, 5, 1));
// The list is signed before every "now" used below, as a published list would be.
const LIST_SIGNED = new Date(Date.UTC(2025, 0, 1));

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value));

async function publishedIssuer(options: { revoked?: number[]; keyPair?: IssuerKeyPair; urls?: CertificateUrls } = {}) {
  const u = options.urls ?? urls;
  const keyPair = options.keyPair ?? (await generateIssuerKeyPair(u.issuer));
  const signingLoader = createDocumentLoader();
  const bits = await createStatusBits();
  for (const index of options.revoked ?? []) setRevoked(bits, index, true);
  const documents: Record<string, object> = {
    [u.issuer]: roundTrip(
      issuerProfileDocument({ issuer, urls: u, publicKeys: [await publicMultikeyDocument(keyPair)] }),
    ),
    [u.statusList]: roundTrip(
      await signStatusList(bits, keyPair, { documentLoader: signingLoader, urls: u, created: LIST_SIGNED }),
    ),
  };
  const issue = async (overrides: Partial<CertificateRecord> = {}) =>
    roundTrip(
      await signCredential(buildOpenBadgeCredential({ ...record, ...overrides }, issuer, u), keyPair, {
        documentLoader: signingLoader,
        created: new Date(Date.UTC(2025, 2, 1, 10, 0, 5)),
      }),
    );
  return { keyPair, documents, issue };
}

function outsideVerifier(documents: Record<string, object>) {
  const documentLoader = createDocumentLoader({
    resolve: async (url) => (url in documents ? roundTrip(documents[url]) : null),
  });
  return (credential: unknown, now: Date = DURING) =>
    verifyCredential(credential, { documentLoader, trustedIssuerId: urls.issuer, now });
}

describe("certificate credential", () => {
  it("is a complete OB 3.0 OpenBadgeCredential with a revocation entry", () => {
    const credential = buildOpenBadgeCredential(record, { ...issuer, logoUrl: `${BASE}/logo.png` }, urls);
    expect(credential).toMatchObject({
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      ],
      id: `${BASE}/credentials/c7x2k9qp`,
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      issuer: {
        id: `${BASE}/issuer`,
        type: ["Profile"],
        name: issuer.name,
        url: BASE,
        image: { id: `${BASE}/logo.png`, type: "Image" },
      },
      validFrom: "2025-03-01T10:00:00Z",
      validUntil: "2027-03-01T10:00:00Z",
      name: record.courseTitle,
      credentialSubject: {
        type: ["AchievementSubject"],
        identifier: [{ type: "IdentityObject", identityHash: record.holderName, identityType: "name", hashed: false }],
        achievement: {
          id: `${BASE}/courses/iml-foundations#achievement`,
          type: ["Achievement"],
          name: record.courseTitle,
          criteria: { narrative: expect.stringContaining(record.courseTitle) },
        },
      },
      credentialStatus: {
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListIndex: "90417",
        statusListCredential: `${BASE}/status/revocation`,
      },
    });
    expect(credential.credentialSubject.achievement).toHaveProperty("description");
    expect(buildOpenBadgeCredential({ ...record, validUntil: null }, issuer, urls)).not.toHaveProperty("validUntil");
  });
});

describe("verifying a certificate as an outside party", () => {
  it("accepts a freshly signed credential", async () => {
    const { documents, issue } = await publishedIssuer();
    const credential = await issue();
    expect(credential.proof).toMatchObject({
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-rdfc-2022",
      proofPurpose: "assertionMethod",
      verificationMethod: expect.stringMatching(new RegExp(`^${BASE}/issuer#z6Mk`)),
    });
    const result = await outsideVerifier(documents)(credential);
    expect(result).toEqual({
      status: "valid",
      checks: { proof: true, issuer: true, dates: true, status: true },
      reasons: [],
    });
  });

  it.each([
    ["the holder's name", (c: any) => (c.credentialSubject.identifier[0].identityHash = "Éloïse Núñez-Françoisf")],
    [
      "the course title",
      (c: any) => (c.credentialSubject.achievement.name = "Foundations of International Migration Lax"),
    ],
    ["the course version", (c: any) => (c.credentialSubject.achievement.version = "1.3.0")],
    ["the completion date", (c: any) => (c.validFrom = "2025-03-02T10:00:00Z")],
    ["the expiry date", (c: any) => (c.validUntil = "2029-03-01T10:00:00Z")],
    ["the credits", (c: any) => (c.credentialSubject.creditsEarned = 2.5)],
    ["the status list index", (c: any) => (c.credentialStatus.statusListIndex = "90418")],
  ])("rejects a one-character change to %s", async (_what, tamper) => {
    const { documents, issue } = await publishedIssuer();
    const credential = await issue();
    tamper(credential);
    const result = await outsideVerifier(documents)(credential);
    expect(result.status).toBe("invalid");
    expect(result.checks.proof).toBe(false);
    expect(result.reasons.map((r) => r.key)).toContain("verify.reasons.signatureMismatch");
  });

  it("rejects a credential signed by another key under our key id", async () => {
    const { documents } = await publishedIssuer();
    const impostor = await generateIssuerKeyPair(urls.issuer);
    const ours = (documents[urls.issuer] as { assertionMethod: string[] }).assertionMethod[0];
    // Same claimed key id as ours, different secret.
    const forged = await signCredential(
      buildOpenBadgeCredential(record, issuer, urls),
      Object.assign(impostor, { id: ours }),
      {
        documentLoader: createDocumentLoader(),
      },
    );
    const result = await outsideVerifier(documents)(roundTrip(forged));
    expect(result.status).toBe("invalid");
    expect(result.checks.proof).toBe(false);
  });

  it("rejects a credential signed by a key our profile does not list", async () => {
    const { documents } = await publishedIssuer();
    const impostor = await generateIssuerKeyPair(urls.issuer);
    const forged = await signCredential(buildOpenBadgeCredential(record, issuer, urls), impostor, {
      documentLoader: createDocumentLoader(),
    });
    const result = await outsideVerifier(documents)(roundTrip(forged));
    expect(result.status).toBe("invalid");
    expect(result.checks.proof).toBe(false);
  });

  it("rejects a correctly signed credential from another issuer that copies our claims", async () => {
    const otherUrls = certificateUrls("https://diploma-mill.example.net");
    const other = await publishedIssuer({ urls: otherUrls });
    const ours = await publishedIssuer();
    const credential = await other.issue();
    // Even with the other issuer's documents resolvable, its credential is not ours.
    const result = await outsideVerifier({ ...ours.documents, ...other.documents })(credential);
    expect(result.status).toBe("invalid");
    expect(result.checks.issuer).toBe(false);
  });

  it("reports a credential past its validUntil as expired, with its signature intact", async () => {
    const { documents, issue } = await publishedIssuer();
    const credential = await issue();
    const result = await outsideVerifier(documents)(credential, new Date(Date.UTC(2027, 2, 1, 10, 0, 0)));
    expect(result.status).toBe("expired");
    expect(result.checks).toEqual({ proof: true, issuer: true, dates: false, status: true });
    expect(result.reasons).toEqual([{ key: "verify.reasons.expired", values: { date: "2027-03-01T10:00:00Z" } }]);
  });

  it("never expires a credential without validUntil", async () => {
    const { documents, issue } = await publishedIssuer();
    const credential = await issue({ validUntil: null });
    const result = await outsideVerifier(documents)(credential, new Date(Date.UTC(2060, 0, 1)));
    expect(result.status).toBe("valid");
  });

  it("reports a credential before its validFrom as not yet valid", async () => {
    const { documents, issue } = await publishedIssuer();
    const credential = await issue();
    const result = await outsideVerifier(documents)(credential, new Date(Date.UTC(2025, 1, 1)));
    expect(result.status).toBe("not-yet-valid");
    expect(result.checks.proof).toBe(true);
  });

  it("reports a revoked credential as revoked although its proof still verifies", async () => {
    const before = await publishedIssuer();
    const credential = await before.issue();
    expect((await outsideVerifier(before.documents)(credential)).status).toBe("valid");

    const after = await publishedIssuer({ keyPair: before.keyPair, revoked: [record.statusListIndex] });
    const result = await outsideVerifier(after.documents)(credential);
    expect(result.status).toBe("revoked");
    expect(result.checks).toEqual({ proof: true, issuer: true, dates: true, status: false });
    expect(result.reasons).toEqual([{ key: "verify.reasons.revoked" }]);
  });

  it("leaves other credentials valid when one is revoked", async () => {
    const { documents, issue } = await publishedIssuer({ revoked: [record.statusListIndex + 1] });
    expect((await outsideVerifier(documents)(await issue())).status).toBe("valid");
  });

  it("does not trust a status list whose bits were changed after signing", async () => {
    const { documents, issue } = await publishedIssuer({ revoked: [record.statusListIndex] });
    const credential = await issue();
    const list = roundTrip(documents[urls.statusList]) as { credentialSubject: { encodedList: string } };
    list.credentialSubject.encodedList = await encodeStatusBits(await createStatusBits());
    const result = await outsideVerifier({ ...documents, [urls.statusList]: list })(credential);
    expect(result.status).toBe("invalid");
    expect(result.checks).toMatchObject({ proof: true, status: false });
    expect(result.reasons.map((r) => r.key)).toContain("verify.reasons.statusListSignature");
  });

  it("does not trust a status list signed by someone else", async () => {
    const ours = await publishedIssuer({ revoked: [record.statusListIndex] });
    const credential = await ours.issue();
    const impostor = await publishedIssuer();
    const result = await outsideVerifier({ ...ours.documents, [urls.statusList]: impostor.documents[urls.statusList] })(
      credential,
    );
    expect(result.status).toBe("invalid");
    expect(result.checks.status).toBe(false);
  });

  it("cannot vouch for a credential when the status list is unavailable", async () => {
    const { documents, issue } = await publishedIssuer();
    const credential = await issue();
    const result = await outsideVerifier({ [urls.issuer]: documents[urls.issuer] })(credential);
    expect(result.status).toBe("invalid");
    expect(result.reasons).toContainEqual({ key: "verify.reasons.statusListUnreachable", values: { url: urls.statusList } });
  });

  it("rejects an unsigned credential and non-credentials", async () => {
    const { documents } = await publishedIssuer();
    const verify = outsideVerifier(documents);
    expect((await verify(buildOpenBadgeCredential(record, issuer, urls))).status).toBe("invalid");
    expect((await verify("not json")).status).toBe("invalid");
    expect((await verify({ hello: "world" })).status).toBe("invalid");
  });
});

describe("status list", () => {
  it("holds at least 131,072 entries and survives encoding", async () => {
    const bits = await createStatusBits();
    expect(bits.length).toBe(STATUS_LIST_LENGTH);
    setRevoked(bits, 0, true);
    setRevoked(bits, 131_071, true);
    setRevoked(bits, 5, true);
    setRevoked(bits, 5, false);
    const decoded = await decodeStatusBits(await encodeStatusBits(bits));
    expect([isRevoked(decoded, 0), isRevoked(decoded, 5), isRevoked(decoded, 131_071), isRevoked(decoded, 1)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(() => setRevoked(bits, 131_072, true)).toThrow(RangeError);
    await expect(createStatusBits(1024)).rejects.toThrow(RangeError);
  });
});

describe("issuer key", () => {
  it("is created once in the data directory, readable by its owner only, and reloaded", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-key-"));
    const first = await loadIssuerKeyPair({ dataDir, issuerId: urls.issuer, issuerKey: undefined });
    const file = path.join(dataDir, ISSUER_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = await loadIssuerKeyPair({ dataDir, issuerId: urls.issuer, issuerKey: undefined });
    expect(second.publicKeyMultibase).toBe(first.publicKeyMultibase);
    expect(first.id).toBe(keyIdFor(urls.issuer, first.publicKeyMultibase));
    expect(await publicMultikeyDocument(first)).not.toHaveProperty("secretKeyMultibase");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("prefers ISSUER_KEY over the key file", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lexmigra-key-"));
    const exported = await (
      await generateIssuerKeyPair("https://elsewhere.example/issuer")
    ).export({ publicKey: true, secretKey: true });
    const loaded = await loadIssuerKeyPair({ dataDir, issuerId: urls.issuer, issuerKey: JSON.stringify(exported) });
    expect(loaded.publicKeyMultibase).toBe(exported.publicKeyMultibase);
    expect(loaded.controller).toBe(urls.issuer);
    expect(fs.existsSync(path.join(dataDir, ISSUER_KEY_FILE))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe("verification reasons", () => {
  it("are i18n keys that exist, with the same values, in English, French and Spanish", async () => {
    const source = fs.readFileSync(new URL("../../app/certificates/verify.server.ts", import.meta.url), "utf8");
    const used = [...source.matchAll(/\bM\("([a-zA-Z]+)"/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(20);
    for (const locale of [en, fr, es]) {
      const reasons = (locale as { verify: { reasons: Record<string, string> } }).verify.reasons;
      expect(Object.keys(reasons).sort()).toEqual([...new Set(used)].sort());
      for (const key of used) {
        const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
        expect(placeholders(reasons[key]!), key).toEqual(placeholders(en.verify.reasons[key as keyof typeof en.verify.reasons]));
      }
    }
  });
});
