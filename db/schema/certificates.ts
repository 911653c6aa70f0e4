import { index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

// One row per issued certificate. The row IS the certificate: it is written in the transaction that records the
// completion, and the signed Open Badges 3.0 credential is derived from it on demand (Ed25519 is deterministic and
// the proof's `created` is `issued_at`, so signing again yields the same proof). Everything shown on the
// certificate is copied here at issuance, so a later rename or course update changes no issued certificate.
export const certificates = sqliteTable(
  "certificates",
  {
    id: text("id").primaryKey(), // random: the verify URL and the QR code show it
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    holderName: text("holder_name").notNull(),
    courseSlug: text("course_slug").notNull(),
    courseTitle: text("course_title").notNull(),
    courseVersion: text("course_version").notNull(),
    completedAt: integer("completed_at").notNull(),
    issuedAt: integer("issued_at").notNull(),
    validUntil: integer("valid_until"),
    // The average of the learner's best module-quiz percentages, 0–100, null when no quiz was scored. A number,
    // not prose: each reader's language renders it.
    averagePercent: integer("average_percent"),
    // From ISSUER_NAME / ISSUER_SIGNATORY at issuance: renaming the organisation later must not change (and so
    // invalidate the cached signature of) a certificate already issued.
    issuerName: text("issuer_name").notNull(),
    signatory: text("signatory").notNull(),
    hours: real("hours").notNull(),
    credits: real("credits"),
    // Bitstring Status List: the bit of this certificate in the revocation list, chosen at random among unused ones.
    statusListIndex: integer("status_list_index").notNull(),
    renewsCertificateId: text("renews_certificate_id").references((): AnySQLiteColumn => certificates.id),
    // Cache of the signed credential (JSON text); rebuilt whenever absent or signed for another base URL.
    signedCredential: text("signed_credential"),
    revokedAt: integer("revoked_at"),
    revocationReason: text("revocation_reason"),
    revokedBy: text("revoked_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("certificates_by_status_list_index").on(t.statusListIndex),
    // A certificate is renewed at most once.
    uniqueIndex("certificates_by_renewed_certificate").on(t.renewsCertificateId),
    index("certificates_by_user_course_issued").on(t.userId, t.courseSlug, t.issuedAt),
    index("certificates_by_holder_name").on(t.holderName),
    index("certificates_by_completed_at").on(t.completedAt),
  ],
);

// The published revocation list. The revoked_at column of `certificates` is the truth; this row holds the list
// derived from it (encoded bitstring) and its signed credential. `revision` moves in every revocation
// transaction; `signed_revision` says which revision the cached documents reflect, so a stale cache is re-signed.
export const statusLists = sqliteTable("status_lists", {
  id: text("id").primaryKey(), // "revocation"
  revision: integer("revision").notNull().default(0),
  signedRevision: integer("signed_revision"),
  encodedList: text("encoded_list"),
  signedCredential: text("signed_credential"),
  signedAt: integer("signed_at"),
});
