// Issuance: the hook the completion rule calls inside its transaction. Only the row is written here; the signed
// credential is produced later from it.
import { and, desc, eq } from "drizzle-orm";
import type { Tx } from "~/db.server";
import { env } from "~/env.server";
import { NotFoundError } from "~/errors";
import { randomId, randomUint32 } from "~/ids.server";
import { isRenewalDue, validUntilFor } from "./policy";
import { STATUS_LIST_LENGTH } from "./status-list.server";
import { certificates } from "#db/tables/certificates";

export type IssuanceInput = {
  userId: string;
  /** As on the holder's profile at issuance: the caller asks the accounts capability, certificates never read it. */
  holderName: string;
  course: {
    slug: string;
    /** In the course's default language. */
    title: string;
    versionLabel: string;
    hours: number;
    credits: number | null;
    validityMonths: number | null;
  };
  completedAt: number;
  /** See certificates.average_percent. */
  averagePercent: number | null;
  renewsCertificateId?: string;
};

/**
 * Inserts the certificate row and returns its id; null when the certificate it renews has been renewed already (by
 * a concurrent request). Must run inside the transaction that records the completion.
 */
export async function issueCertificate(tx: Tx, input: IssuanceInput, now = Date.now()): Promise<string | null> {
  const holderName = input.holderName.trim();
  if (!holderName) throw new NotFoundError();
  // The unique indexes are the guards against concurrent issuance (another node, another request): an index drawn
  // by a transaction that committed meanwhile is drawn again; a renewal that another committed is not repeated.
  for (let attempt = 0; attempt < 8; attempt++) {
    const id = randomId();
    const inserted = await tx
      .insert(certificates)
      .values({
        id,
        userId: input.userId,
        holderName,
        courseSlug: input.course.slug,
        courseTitle: input.course.title,
        courseVersion: input.course.versionLabel,
        completedAt: input.completedAt,
        issuedAt: now,
        validUntil: validUntilFor(input.completedAt, input.course.validityMonths),
        averagePercent: input.averagePercent,
        issuerName: env.ISSUER_NAME,
        signatory: env.ISSUER_SIGNATORY,
        hours: input.course.hours,
        credits: input.course.credits,
        statusListIndex: await unusedStatusListIndex(tx),
        renewsCertificateId: input.renewsCertificateId ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: certificates.id });
    if (inserted.length === 1) return id;
    if (input.renewsCertificateId && (await isRenewed(tx, input.renewsCertificateId))) return null;
  }
  throw new Error("No free status list index after 8 draws: the revocation list is nearly full.");
}

async function isRenewed(tx: Tx, certificateId: string) {
  const renewal = await tx
    .select({ id: certificates.id })
    .from(certificates)
    .where(eq(certificates.renewsCertificateId, certificateId))
    .limit(1);
  return renewal.length > 0;
}

// Bitstring Status List v1.0, Privacy Considerations: indexes handed out at random, not in order, so a position in
// the list says nothing about when or to whom a certificate was issued. The unique index is the final guard.
async function unusedStatusListIndex(tx: Tx): Promise<number> {
  const isUsed = async (index: number) =>
    (await tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.statusListIndex, index)).limit(1)).length > 0;
  for (let attempt = 0; attempt < 64; attempt++) {
    const index = randomIndex();
    if (!(await isUsed(index))) return index;
  }
  // Only reached when the list is nearly full: take the first free index after a random start.
  const used = new Set((await tx.select({ index: certificates.statusListIndex }).from(certificates)).map((r) => r.index));
  const start = randomIndex();
  for (let step = 0; step < STATUS_LIST_LENGTH; step++) {
    const index = (start + step) % STATUS_LIST_LENGTH;
    if (!used.has(index)) return index;
  }
  throw new Error("The revocation list is full: every status list index is in use.");
}

function randomIndex(): number {
  return randomUint32() % STATUS_LIST_LENGTH; // 2^32 is a multiple of 131,072: no modulo bias
}

/**
 * The learner's latest certificate for the course when it is due for renewal (expired, or expiring within 60 days),
 * else null. Called by the completion rule when the final assessment is passed again.
 */
export async function renewableCertificateId(tx: Tx, userId: string, courseSlug: string, now: number): Promise<string | null> {
  const [latest] = await tx
    .select({ id: certificates.id, validUntil: certificates.validUntil, revokedAt: certificates.revokedAt })
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.courseSlug, courseSlug)))
    .orderBy(desc(certificates.issuedAt), desc(certificates.completedAt))
    .limit(1);
  return latest && isRenewalDue(latest, now) ? latest.id : null;
}
