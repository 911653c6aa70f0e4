import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { courses } from "./courses";

// Organisation units (ADR 0024): a tree managed by admins (national border guard → region → crossing point).
// A unit's name is unique among its siblings (roots are siblings of one another), so a path of names such as
// `Border Guard/North/Crossing 3` names at most one unit.
export const orgUnits = sqliteTable(
  "org_units",
  {
    id: text("id").primaryKey(),
    // Null for a root. No cascade: a unit with sub-units cannot be deleted.
    parentId: text("parent_id").references((): AnySQLiteColumn => orgUnits.id),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("org_units_name_among_siblings").on(t.parentId, t.name),
    // NULLs are distinct in a unique index on both engines, so the roots need their own.
    uniqueIndex("org_units_name_among_roots").on(t.name).where(sql`parent_id is null`),
  ],
);

// The tree's closure: one row per (ancestor, descendant) pair, the unit itself included at depth 0. "This unit and
// everything below" is one indexed lookup on `ancestor_id` on both engines, with no recursive query and no text
// prefix (whose index use depends on the collation on PostgreSQL). Moving a unit rewrites its subtree's rows.
export const orgUnitClosure = sqliteTable(
  "org_unit_closure",
  {
    ancestorId: text("ancestor_id")
      .notNull()
      .references(() => orgUnits.id, { onDelete: "cascade" }),
    unitId: text("unit_id")
      .notNull()
      .references(() => orgUnits.id, { onDelete: "cascade" }),
    depth: integer("depth").notNull(),
  },
  (t) => [primaryKey({ columns: [t.ancestorId, t.unitId] }), index("org_unit_closure_ancestors_of_unit").on(t.unitId)],
);

// A person belongs to one or more units; `joined_at` is when they joined this one ("N days after joining").
export const unitMembers = sqliteTable(
  "unit_members",
  {
    unitId: text("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: integer("joined_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.userId] }), index("unit_members_units_of_user").on(t.userId)],
);

// The units a supervisor was given; they supervise each of these and everything below it.
export const unitSupervisors = sqliteTable(
  "unit_supervisors",
  {
    unitId: text("unit_id")
      .notNull()
      .references(() => orgUnits.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    givenAt: integer("given_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.userId] }), index("unit_supervisors_units_of_supervisor").on(t.userId)],
);

// A supervisor's import named an address whose account lies outside their units. The supervisor is answered as for
// a new address (no account enumeration, ADR 0024); an admin decides whether the account joins the unit.
export const unitMembershipRequests = sqliteTable(
  "unit_membership_requests",
  {
    unitId: text("unit_id")
      .notNull()
      .references(() => orgUnits.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    requestedAt: integer("requested_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.userId] })],
);

// Assignments (issue 14, ADR 0025): a course, or some of its modules, assigned to a person or to a unit, with a due
// rule, a recurrence and extensions. Cycles and statuses are not stored: app/supervision/assignment-rules.ts derives
// them from these rows and from the completion and certificate facts of the courses and certificates capabilities,
// so no stored state can drift from what happened. target_unit_id has no foreign key: a unit is deleted only when
// empty, and its assignments stay as history.
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
