// Mirror of db/schema/supervision.ts for PostgreSQL; tests/unit/schema-parity.test.ts keeps the two in step.
import { index, json, pgTable, text } from "drizzle-orm/pg-core";
import { DUE_KINDS, RECURRENCE_KINDS } from "../schema/supervision";
import { users } from "./accounts";
import { int } from "./columns";
import { courses } from "./courses";

export const assignments = pgTable(
  "assignments",
  {
    id: text("id").primaryKey(),
    courseSlug: text("course_slug")
      .notNull()
      .references(() => courses.slug),
    moduleIds: json("module_ids").$type<string[]>(),
    targetUserId: text("target_user_id").references(() => users.id, { onDelete: "cascade" }),
    targetUnitId: text("target_unit_id"),
    dueKind: text("due_kind", { enum: DUE_KINDS }).notNull(),
    dueAt: int("due_at"),
    dueDays: int("due_days"),
    recurrenceKind: text("recurrence_kind", { enum: RECURRENCE_KINDS }).notNull().default("none"),
    recurrenceMonths: int("recurrence_months"),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: int("created_at").notNull(),
    cancelledAt: int("cancelled_at"),
    cancelledBy: text("cancelled_by").references(() => users.id),
    cancellationReason: text("cancellation_reason"),
  },
  (t) => [
    index("assignments_by_target_user").on(t.targetUserId),
    index("assignments_by_target_unit").on(t.targetUnitId),
    index("assignments_by_course").on(t.courseSlug),
  ],
);

export const assignmentExtensions = pgTable(
  "assignment_extensions",
  {
    id: text("id").primaryKey(),
    assignmentId: text("assignment_id")
      .notNull()
      .references(() => assignments.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    cycle: int("cycle").notNull(),
    dueAt: int("due_at").notNull(),
    reason: text("reason").notNull(),
    grantedBy: text("granted_by")
      .notNull()
      .references(() => users.id),
    grantedAt: int("granted_at").notNull(),
  },
  (t) => [index("assignment_extensions_by_assignment_user").on(t.assignmentId, t.userId)],
);
