// The audit log: the one place that writes (and reads) `audit_events`. Every capability records its sensitive
// actions here, inside the transaction that makes the change, so an action and its record commit together.
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { db, type Queryable, type Tx } from "~/db.server";
import { auditEvents } from "#db/tables/audit";

export const AUDIT_ACTIONS = [
  "user.role-changed",
  "user.reviewer-changed",
  "certificate.revoked",
  "quiz-attempt.regraded",
  "draft.created",
  "draft.file-saved",
  "draft.file-deleted",
  "draft.files-moved",
  "draft.submitted",
  "draft.approved",
  "draft.returned",
  "draft.published",
  "draft.restored",
  "draft.archived",
  "courses.archived",
  // Organisation units (app/supervision, ADR 0024).
  "unit.created",
  "unit.renamed",
  "unit.moved",
  "unit.deleted",
  "unit.supervisor-added",
  "unit.supervisor-removed",
  "unit.members-added",
  "unit.member-removed",
  "unit.request-approved",
  "unit.request-dismissed",
  "unit.people-imported",
  "user.created",
  "user.updated",
  "user.deactivated",
  "user.reactivated",
  "user.link-issued",
  // Assignments (app/supervision, ADR 0025).
  "assignment.created",
  "assignment.due-changed",
  "assignment.extended",
  "assignment.cancelled",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditRecord = {
  /** Who acted; null for the system itself. */
  actorId: string | null;
  action: AuditAction;
  /** The id of what was acted on (an account, a certificate, an attempt). */
  subject: string;
  details?: Record<string, unknown>;
  at: number;
};

/** Appends one record, inside the caller's transaction. */
export async function recordAudit(tx: Tx, record: AuditRecord) {
  await tx
    .insert(auditEvents)
    .values({ actorId: record.actorId, action: record.action, subject: record.subject, details: record.details ?? {}, at: record.at });
}

/** Every record about one subject, oldest first. */
export async function auditTrail(subject: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.subject, subject)).orderBy(asc(auditEvents.at), asc(auditEvents.id));
}

/** The distinct people who did one of `actions` to `subject` (the studio's four-eyes rule asks who wrote a draft). */
export async function actorsOf(q: Queryable, subject: string, actions: AuditAction[]): Promise<string[]> {
  const rows = await q
    .selectDistinct({ actorId: auditEvents.actorId })
    .from(auditEvents)
    .where(and(eq(auditEvents.subject, subject), inArray(auditEvents.action, actions), isNotNull(auditEvents.actorId)));
  return rows.map((row) => row.actorId!);
}
