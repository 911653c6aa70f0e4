// Mirror of db/schema/supervision.ts for PostgreSQL; tests/unit/schema-parity.test.ts keeps the two in step.
import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { int } from "./columns";

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
