// Mirror of db/schema/audit.ts for PostgreSQL; tests/integration/schema-parity.test.ts keeps the two in step.
import { sql } from "drizzle-orm";
import { index, json, pgTable, text } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { int } from "./columns";

// Who did what to whom: role changes, certificate revocations, attempt re-grades. Never updated, only appended;
// written only through app/audit.server.ts.
export const auditEvents = pgTable(
  "audit_events",
  {
    id: int("id").primaryKey().generatedByDefaultAsIdentity(),
    actorId: text("actor_id").references(() => users.id),
    action: text("action").notNull(),
    subject: text("subject").notNull(),
    details: json("details").$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    at: int("at").notNull(),
  },
  (t) => [index("audit_events_by_subject").on(t.subject)],
);
