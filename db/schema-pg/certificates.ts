// Mirror of db/schema/certificates.ts for PostgreSQL; tests/integration/schema-parity.test.ts keeps the two in step.
import { doublePrecision, index, pgTable, text, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { int } from "./columns";

export const certificates = pgTable(
  "certificates",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    holderName: text("holder_name").notNull(),
    courseSlug: text("course_slug").notNull(),
    courseTitle: text("course_title").notNull(),
    courseVersion: text("course_version").notNull(),
    completedAt: int("completed_at").notNull(),
    issuedAt: int("issued_at").notNull(),
    validUntil: int("valid_until"),
    // The average of the learner's best module-quiz percentages, 0–100, null when no quiz was scored. A number,
    // not prose: each reader's language renders it.
    averagePercent: int("average_percent"),
    issuerName: text("issuer_name").notNull(),
    signatory: text("signatory").notNull(),
    hours: doublePrecision("hours").notNull(),
    credits: doublePrecision("credits"),
    statusListIndex: int("status_list_index").notNull(),
    renewsCertificateId: text("renews_certificate_id").references((): AnyPgColumn => certificates.id),
    signedCredential: text("signed_credential"),
    revokedAt: int("revoked_at"),
    revocationReason: text("revocation_reason"),
    revokedBy: text("revoked_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("certificates_by_status_list_index").on(t.statusListIndex),
    uniqueIndex("certificates_by_renewed_certificate").on(t.renewsCertificateId),
    index("certificates_by_user_course_issued").on(t.userId, t.courseSlug, t.issuedAt),
    index("certificates_by_holder_name").on(t.holderName),
    index("certificates_by_completed_at").on(t.completedAt),
  ],
);

export const statusLists = pgTable("status_lists", {
  id: text("id").primaryKey(),
  revision: int("revision").notNull().default(0),
  signedRevision: int("signed_revision"),
  encodedList: text("encoded_list"),
  signedCredential: text("signed_credential"),
  signedAt: int("signed_at"),
});
