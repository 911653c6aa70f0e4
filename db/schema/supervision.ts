import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

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
