// Reading and revoking certificates: the learner's list, the public verification record, the admin's search and
// revocation, the printable PDF.
import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { containsText, db, preparedOn, transaction, type Queryable } from "~/db.server";
import { ConflictError, NotFoundError, ValidationError } from "~/errors";
import { i18nFor } from "~/i18n/i18next.server";
import { recordAudit } from "~/audit.server";
import { certificateUrls } from "./credential";
import { renderCertificatePdf } from "./pdf.server";
import { certificateState, isExpiringSoon } from "./policy";
import { markStatusListStale, signedStatusList } from "./publication.server";
import { certificates } from "#db/tables/certificates";

type Locale = "en" | "fr" | "es";

const summary = {
  id: certificates.id,
  courseSlug: certificates.courseSlug,
  courseTitle: certificates.courseTitle,
  courseVersion: certificates.courseVersion,
  completedAt: certificates.completedAt,
  validUntil: certificates.validUntil,
  revokedAt: certificates.revokedAt,
  renewsCertificateId: certificates.renewsCertificateId,
  averagePercent: certificates.averagePercent,
};

// Prepared per connection: the dashboard reads it on every visit (ADR 0049).
const certificatesOfHolder = preparedOn((q) =>
  q
    .select(summary)
    .from(certificates)
    .where(eq(certificates.userId, sql.placeholder("userId")))
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
    .prepare("certificates_of_holder"),
);

/** "My certificates": newest first, each with its state now. */
export async function listMyCertificates(userId: string, now = Date.now()) {
  const rows = await certificatesOfHolder(db).execute({ userId });
  return rows.map((row) => ({ ...row, state: certificateState(row, now) }));
}

/** The learner's latest certificate for a course (issued, renewed or revoked), for the course page's link to it. */
export async function latestCertificateFor(userId: string, courseSlug: string, now = Date.now()) {
  const [row] = await db
    .select(summary)
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.courseSlug, courseSlug)))
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
    .limit(1);
  return row ? { id: row.id, state: certificateState(row, now) } : null;
}

/** Valid certificates of the learner that expire within the renewal window (60 days). */
export async function listExpiringCertificates(userId: string, now = Date.now()) {
  return (await listMyCertificates(userId, now)).filter((row) => isExpiringSoon(row, now));
}

/** What the public verification page shows. Unknown ids are a 404 with a message saying so. */
export async function publicCertificate(id: string, now = Date.now()) {
  const [row] = await db
    .select({
      id: certificates.id,
      holderName: certificates.holderName,
      courseTitle: certificates.courseTitle,
      courseVersion: certificates.courseVersion,
      completedAt: certificates.completedAt,
      validUntil: certificates.validUntil,
      hours: certificates.hours,
      credits: certificates.credits,
      averagePercent: certificates.averagePercent,
      revokedAt: certificates.revokedAt,
      revocationReason: certificates.revocationReason,
    })
    .from(certificates)
    .where(eq(certificates.id, id))
    .limit(1);
  if (!row) throw new NotFoundError({ key: "verify.notFound.message" });
  return { ...row, state: certificateState(row, now) };
}

/** The certificate row for its holder or an administrator; anyone else gets the same 404 as for an unknown id. */
async function certificateFor(id: string, viewer: { id: string; isAdmin: boolean }) {
  const [row] = await db.select().from(certificates).where(eq(certificates.id, id)).limit(1);
  if (!row || (row.userId !== viewer.id && !viewer.isAdmin)) throw new NotFoundError();
  return row;
}

/** Throws NotFound unless the viewer holds the certificate or administers the platform. */
export async function assertMayDownload(id: string, viewer: { id: string; isAdmin: boolean }) {
  await certificateFor(id, viewer);
}

export async function certificatePdf(
  id: string,
  viewer: { id: string; isAdmin: boolean },
  options: { baseUrl: string; locale: Locale; now?: number },
): Promise<Uint8Array> {
  const row = await certificateFor(id, viewer);
  const t = i18nFor(options.locale).t;
  const state = certificateState(row, options.now ?? Date.now());
  const date = (value: number) => new Intl.DateTimeFormat(options.locale, { dateStyle: "long", timeZone: "UTC" }).format(value);
  return renderCertificatePdf({ ...row, state }, {
    issuerName: row.issuerName,
    signatory: row.signatory,
    verifyUrl: certificateUrls(options.baseUrl).verify(row.id),
    locale: options.locale,
    labels: {
      title: t("certificates.pdf.title"),
      certifies: t("certificates.pdf.certifies"),
      completed: t("certificates.pdf.completed"),
      version: t("certificates.pdf.version"),
      completedOn: t("certificates.pdf.completedOn"),
      hours: t("certificates.pdf.hours"),
      credits: t("certificates.pdf.credits"),
      validUntil: t("certificates.pdf.validUntil"),
      noExpiry: t("certificates.pdf.noExpiry"),
      certificateId: t("certificates.pdf.certificateId"),
      verify: t("certificates.pdf.verify"),
      revokedMark: t("certificates.pdf.revokedMark"),
      expiredMark: t("certificates.pdf.expiredMark"),
      revokedNotice: row.revokedAt !== null ? t("certificates.pdf.revokedNotice", { date: date(row.revokedAt) }) : undefined,
      expiredNotice: row.validUntil !== null ? t("certificates.pdf.expiredNotice", { date: date(row.validUntil) }) : undefined,
    },
  });
}

export const CERTIFICATES_PAGE_SIZE = 20;
const DAY = 24 * 60 * 60 * 1000;

export type CertificateSearch = { holder: string; course: string; from: string; to: string; page: number };

function utcDay(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const time = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(time) ? null : time;
}

/** The admin's search: by holder name, course (title or slug) and completion date range (inclusive days, UTC). */
export async function searchCertificates(search: CertificateSearch, now = Date.now()) {
  const conditions: SQL[] = [];
  if (search.holder.trim()) conditions.push(containsText(certificates.holderName, search.holder.trim()));
  if (search.course.trim()) {
    const course = search.course.trim();
    conditions.push(or(containsText(certificates.courseTitle, course), containsText(certificates.courseSlug, course))!);
  }
  const from = utcDay(search.from);
  const to = utcDay(search.to);
  if (from !== null) conditions.push(gte(certificates.completedAt, from));
  if (to !== null) conditions.push(lt(certificates.completedAt, to + DAY));
  const where = conditions.length ? and(...conditions) : undefined;
  const [{ n: total }] = await db.select({ n: count() }).from(certificates).where(where);
  const page = Math.max(1, search.page);
  const rows = (
    await db
    .select({ ...summary, holderName: certificates.holderName, revocationReason: certificates.revocationReason })
    .from(certificates)
    .where(where)
    .orderBy(desc(certificates.completedAt), asc(certificates.id))
    .limit(CERTIFICATES_PAGE_SIZE)
    .offset((page - 1) * CERTIFICATES_PAGE_SIZE)
  ).map((row) => ({ ...row, state: certificateState(row, now) }));
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / CERTIFICATES_PAGE_SIZE)) };
}

export const REVOCATION_REASON_MAX = 500;

/**
 * Revokes a certificate: the row keeps it (it stays verifiable, as revoked), the audit trail says who, when and why,
 * and the published revocation list is re-signed straight after the commit.
 */
export async function revokeCertificate(
  actorId: string,
  input: { certificateId: string; reason: string },
  options: { baseUrl: string; now?: number },
) {
  const now = options.now ?? Date.now();
  const reason = input.reason.trim();
  if (!reason) throw new ValidationError({ reason: { key: "certificates.admin.errors.reasonRequired" } });
  if (reason.length > REVOCATION_REASON_MAX) {
    throw new ValidationError({ reason: { key: "certificates.admin.errors.reasonTooLong", values: { max: REVOCATION_REASON_MAX } } });
  }
  await transaction(async (tx) => {
    const [row] = await tx
      .select({ id: certificates.id, revokedAt: certificates.revokedAt })
      .from(certificates)
      .where(eq(certificates.id, input.certificateId))
      .limit(1);
    if (!row) throw new ValidationError({ certificateId: { key: "errors.notFound" } });
    if (row.revokedAt !== null) throw new ConflictError({ key: "certificates.admin.errors.alreadyRevoked" });
    await tx
      .update(certificates)
      .set({ revokedAt: now, revocationReason: reason, revokedBy: actorId })
      .where(eq(certificates.id, row.id));
    await recordAudit(tx, { actorId, action: "certificate.revoked", subject: row.id, details: { reason }, at: now });
    await markStatusListStale(tx);
  });
  await signedStatusList(options.baseUrl, new Date(now));
}

export type CertificateFact = { completedAt: number; validUntil: number | null; revokedAt: number | null };

/**
 * Supervision's bulk read (issue 14): every certificate of the listed holders for one course (renewals included),
 * oldest first, grouped by holder. One query per 5,000 holders.
 */
export async function certificateFactsFor(q: Queryable, courseSlug: string, userIds: string[]): Promise<Map<string, CertificateFact[]>> {
  const result = new Map<string, CertificateFact[]>();
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += 5_000) {
    for (const row of await q
      .select({ userId: certificates.userId, completedAt: certificates.completedAt, validUntil: certificates.validUntil, revokedAt: certificates.revokedAt })
      .from(certificates)
      .where(and(eq(certificates.courseSlug, courseSlug), inArray(certificates.userId, unique.slice(i, i + 5_000))))
      .orderBy(asc(certificates.issuedAt))) {
      const list = result.get(row.userId) ?? [];
      list.push({ completedAt: row.completedAt, validUntil: row.validUntil, revokedAt: row.revokedAt });
      result.set(row.userId, list);
    }
  }
  return result;
}
