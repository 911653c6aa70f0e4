import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

// Who did what to whom: role changes, certificate revocations, attempt re-grades. Never updated, only appended;
// written only through app/audit.server.ts.
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: text("actor_id").references(() => users.id),
    action: text("action").notNull(),
    subject: text("subject").notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    at: integer("at").notNull(),
  },
  (t) => [index("audit_events_by_subject").on(t.subject)],
);
