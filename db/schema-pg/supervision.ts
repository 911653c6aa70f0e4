// Mirror of db/schema/supervision.ts for PostgreSQL; tests/unit/schema-parity.test.ts keeps the two in step.
import { sql } from "drizzle-orm";
import { index, json, pgTable, primaryKey, text, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { int } from "./columns";
import { courses } from "./courses";
import { DUE_KINDS, RECURRENCE_KINDS } from "../schema/supervision";

export const orgUnits = pgTable(
  "org_units",
  {
    id: text("id").primaryKey(),
    parentId: text("parent_id").references((): AnyPgColumn => orgUnits.id),
    name: text("name").notNull(),
    createdAt: int("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("org_units_name_among_siblings").on(t.parentId, t.name),
    uniqueIndex("org_units_name_among_roots").on(t.name).where(sql`parent_id is null`),
  ],
);

export const orgUnitClosure = pgTable(
  "org_unit_closure",
  {
    ancestorId: text("ancestor_id")
      .notNull()
      .references(() => orgUnits.id, { onDelete: "cascade" }),
    unitId: text("unit_id")
      .notNull()
      .references(() => orgUnits.id, { onDelete: "cascade" }),
    depth: int("depth").notNull(),
  },
  (t) => [primaryKey({ columns: [t.ancestorId, t.unitId] }), index("org_unit_closure_ancestors_of_unit").on(t.unitId)],
);

export const unitMembers = pgTable(
  "unit_members",
  {
    unitId: text("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: int("joined_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.userId] }), index("unit_members_units_of_user").on(t.userId)],
);

export const unitSupervisors = pgTable(
  "unit_supervisors",
  {
    unitId: text("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    givenAt: int("given_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.userId] }), index("unit_supervisors_units_of_supervisor").on(t.userId)],
);

export const unitMembershipRequests = pgTable(
  "unit_membership_requests",
  {
    unitId: text("unit_id")
      .notNull()
      .references(() => orgUnits.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    requestedAt: int("requested_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.userId] })],
);

// Assignments (issue 14, ADR 0025): a course, or some of its modules, assigned to a person or to a unit, with a due
// rule, a recurrence and extensions. Cycles and statuses are not stored: app/supervision/assignment-rules.ts derives
// them from these rows and from the completion and certificate facts of the courses and certificates capabilities,
// so no stored state can drift from what happened. target_unit_id has no foreign key: a unit is deleted only when
// empty, and its assignments stay as history.
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
