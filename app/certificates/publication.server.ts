// What the public URLs serve, built from the database: the issuer profile (/issuer), the signed credential of a
// certificate (/credentials/<id>) and the signed revocation list (/status/revocation); and a document loader that
// resolves those URLs from the database, so verifying on this server never touches the network.
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { db, transaction, type Tx } from "~/db.server";
import { env } from "~/env.server";
import { NotFoundError } from "~/errors";
import { buildOpenBadgeCredential, certificateUrls } from "./credential";
import type { CertificateRecord, CertificateUrls, IssuerInfo, OpenBadgeCredential } from "./credential";
import { createDocumentLoader } from "./document-loader.server";
import type { JsonLdDocumentLoader } from "./document-loader.server";
import { loadIssuerKeyPair, publicMultikeyDocument } from "./keys.server";
import type { IssuerKeyPair } from "./keys.server";
import { issuerProfileDocument, signCredential, signStatusList } from "./signing.server";
import type { IssuerProfileDocument } from "./signing.server";
import { createStatusBits, encodeStatusBits, setRevoked } from "./status-list.server";
import { verifyCredential } from "./verify.server";
import type { VerificationResult } from "./verify.server";
import { certificates, statusLists } from "#db/tables/certificates";

const STATUS_LIST_ID = "revocation";

/**
 * The origin signed documents name: PUBLIC_URL (required in production), never the request's Host header, which any
 * client can set; a credential signed for `evil.example` would otherwise be cached and served to everyone.
 */
export function publicBaseUrl(): string {
  return env.publicUrl;
}

export function issuerInfo(baseUrl: string): IssuerInfo & { signatory: string } {
  return { name: env.ISSUER_NAME, url: certificateUrls(baseUrl).base, signatory: env.ISSUER_SIGNATORY };
}

// One key pair per issuer id (the key id embeds the issuer URL); loading decodes the key, so it is done once.
const keyPairs = new Map<string, Promise<IssuerKeyPair>>();

export function issuerKeyPair(urls: CertificateUrls): Promise<IssuerKeyPair> {
  let keyPair = keyPairs.get(urls.issuer);
  if (!keyPair) {
    keyPair = loadIssuerKeyPair({ dataDir: env.dataDir, issuerId: urls.issuer, issuerKey: env.ISSUER_KEY });
    keyPair.catch(() => keyPairs.delete(urls.issuer));
    keyPairs.set(urls.issuer, keyPair);
  }
  return keyPair;
}

// Contexts only: signing never needs the issuer's own documents.
const signingLoader = createDocumentLoader();

export async function issuerProfile(baseUrl: string): Promise<IssuerProfileDocument> {
  const urls = certificateUrls(baseUrl);
  const keyPair = await issuerKeyPair(urls);
  return issuerProfileDocument({ issuer: issuerInfo(baseUrl), urls, publicKeys: [await publicMultikeyDocument(keyPair)] });
}

type CertificateRow = typeof certificates.$inferSelect;

export function certificateRecord(row: CertificateRow): CertificateRecord {
  return {
    id: row.id,
    holderName: row.holderName,
    courseSlug: row.courseSlug,
    courseTitle: row.courseTitle,
    courseVersion: row.courseVersion,
    completedAt: row.completedAt,
    validUntil: row.validUntil,
    averagePercent: row.averagePercent,
    hours: row.hours,
    credits: row.credits,
    statusListIndex: row.statusListIndex,
  };
}

/**
 * The signed credential of a certificate, signed with `created` = issuedAt so that signing again yields the same
 * document; cached on the row, and re-signed when the cache was made for another base URL.
 */
export async function signedCredential(id: string, baseUrl: string): Promise<OpenBadgeCredential> {
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id)).limit(1);
  if (!row) throw new NotFoundError({ key: "verify.notFound.message" });
  const urls = certificateUrls(baseUrl);
  if (row.signedCredential) {
    const cached = JSON.parse(row.signedCredential) as OpenBadgeCredential;
    if (cached.id === urls.credential(id)) return cached;
  }
  // The issuer's name as it was at issuance, so that signing again always yields the same document.
  const unsigned = buildOpenBadgeCredential(certificateRecord(row), { ...issuerInfo(baseUrl), name: row.issuerName }, urls);
  const signed = await signCredential(unsigned, await issuerKeyPair(urls), {
    documentLoader: signingLoader,
    created: new Date(row.issuedAt),
  });
  await transaction(async (tx) => {
    await tx.update(certificates).set({ signedCredential: JSON.stringify(signed) }).where(eq(certificates.id, id));
  });
  return signed;
}

/** Called in every revocation transaction: the published list is now stale. */
export async function markStatusListStale(tx: Tx) {
  // One statement, so concurrent revocations on separate connections each move the revision.
  await tx
    .insert(statusLists)
    .values({ id: STATUS_LIST_ID, revision: 1 })
    .onConflictDoUpdate({ target: statusLists.id, set: { revision: sql`${statusLists.revision} + 1` } });
}

/**
 * The signed BitstringStatusListCredential, rebuilt from the revoked certificates and re-signed whenever a
 * revocation happened since it was last signed (or when it was signed for another base URL).
 */
export async function signedStatusList(baseUrl: string, now = new Date()): Promise<Record<string, unknown>> {
  const urls = certificateUrls(baseUrl);
  const [state] = await db.select().from(statusLists).where(eq(statusLists.id, STATUS_LIST_ID)).limit(1);
  const revision = state?.revision ?? 0;
  if (state?.signedCredential && state.signedRevision === revision) {
    const cached = JSON.parse(state.signedCredential) as Record<string, unknown>;
    if (cached.id === urls.statusList) return cached;
  }
  const revoked = await db
    .select({ index: certificates.statusListIndex })
    .from(certificates)
    .where(isNotNull(certificates.revokedAt));
  const bits = await createStatusBits();
  for (const { index } of revoked) setRevoked(bits, index, true);
  const encodedList = await encodeStatusBits(bits);
  const signed = await signStatusList(bits, await issuerKeyPair(urls), { documentLoader: signingLoader, urls, created: now });
  await transaction(async (tx) => {
    const [current] = await tx
      .select({ revision: statusLists.revision })
      .from(statusLists)
      .where(eq(statusLists.id, STATUS_LIST_ID))
      .limit(1);
    // A revocation committed while this list was being signed leaves the cache stale, to be rebuilt next time.
    if ((current?.revision ?? 0) !== revision) return;
    const values = {
      signedRevision: revision,
      encodedList,
      signedCredential: JSON.stringify(signed),
      signedAt: now.getTime(),
    };
    if (current) {
      await tx
        .update(statusLists)
        .set(values)
        .where(and(eq(statusLists.id, STATUS_LIST_ID), eq(statusLists.revision, revision)));
    } else {
      await tx.insert(statusLists).values({ id: STATUS_LIST_ID, revision, ...values }).onConflictDoNothing();
    }
  });
  return signed;
}

/** Resolves our own public URLs from the database: the verifier on this server needs no network. */
export function databaseDocumentLoader(baseUrl: string): JsonLdDocumentLoader {
  const urls = certificateUrls(baseUrl);
  return createDocumentLoader({
    resolve: async (url) => {
      if (url === urls.issuer) return issuerProfile(baseUrl);
      if (url === urls.statusList) return signedStatusList(baseUrl);
      return null;
    },
  });
}

/** Verifies a credential JSON someone pasted or uploaded, against our issuer profile and revocation list. */
export async function verifySubmittedCredential(json: unknown, baseUrl: string, now = new Date()): Promise<VerificationResult> {
  return verifyCredential(json, {
    documentLoader: databaseDocumentLoader(baseUrl),
    trustedIssuerId: certificateUrls(baseUrl).issuer,
    now,
  });
}
