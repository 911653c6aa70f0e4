// Supervision (issue 14): assignments of a course, or some of its modules, to a person or to an organisation unit,
// with a due rule, a recurrence and extensions. Cycles and statuses are not stored: app/supervision/assignment-rules.ts
// derives them from these rows and from the completion and certificate facts the courses and certificates
// capabilities hold, so no stored state can drift from what actually happened.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { courses } from "./courses";

export const DUE_KINDS = ["date", "after-joining", "after-assigned"] as const;
export const RECURRENCE_KINDS = ["none", "months", "certificate-expiry"] as const;

export const assignments = sqliteTable(
  "assignments",
  {
    id: text("id").primaryKey(), // random: URLs show it
    courseSlug: text("course_slug")
      .notNull()
      .references(() => courses.slug),
    // The chosen modules (module ids of the course), or null for the whole course.
    moduleIds: text("module_ids", { mode: "json" }).$type<string[]>(),
    // Exactly one target: a person, or a unit (which reaches everyone in its subtree, including later members).
    targetUserId: text("target_user_id").references(() => users.id, { onDelete: "cascade" }),
    targetUnitId: text("target_unit_id"),
    // The due rule as columns rather than JSON, so the dashboard's SQL can read it.
    dueKind: text("due_kind", { enum: DUE_KINDS }).notNull(),
    dueAt: integer("due_at"),
    dueDays: integer("due_days"),
    recurrenceKind: text("recurrence_kind", { enum: RECURRENCE_KINDS }).notNull().default("none"),
    recurrenceMonths: integer("recurrence_months"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
    cancelledAt: integer("cancelled_at"),
    cancelledBy: text("cancelled_by").references(() => users.id),
    cancellationReason: text("cancellation_reason"),
  },
  (t) => [
    index("assignments_by_target_user").on(t.targetUserId),
    index("assignments_by_target_unit").on(t.targetUnitId),
    index("assignments_by_course").on(t.courseSlug),
  ],
);

// A new due date for one person's cycle of an assignment, with the reason; the latest granted wins. Kept as a log
// (never updated) so the history of extensions is its own audit trail.
export const assignmentExtensions = sqliteTable(
  "assignment_extensions",
  {
    id: text("id").primaryKey(),
    assignmentId: text("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    cycle: integer("cycle").notNull(),
    dueAt: integer("due_at").notNull(),
    reason: text("reason").notNull(),
    grantedBy: text("granted_by")
      .notNull()
      .references(() => users.id),
    grantedAt: integer("granted_at").notNull(),
  },
  (t) => [index("assignment_extensions_by_assignment_user").on(t.assignmentId, t.userId)],
);
