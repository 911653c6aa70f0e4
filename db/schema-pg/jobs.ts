// Mirror of db/schema/jobs.ts for PostgreSQL; tests/unit/schema-parity.test.ts keeps the two in step.
import { pgTable, text } from "drizzle-orm/pg-core";
import { int } from "./columns";

export const jobLeases = pgTable("job_leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: int("expires_at").notNull(),
  lastRunAt: int("last_run_at"),
});
