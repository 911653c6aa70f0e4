// Leases of the scheduler (app/jobs, ADR 0023): one row per job; the node named in `holder` runs the job until
// `expiresAt`, renewing as it goes. Taken and renewed with one INSERT … ON CONFLICT … WHERE expired.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const jobLeases = sqliteTable("job_leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: integer("expires_at").notNull(),
  // When the job last finished a run, on whichever node: a new holder does not run it again before its time.
  lastRunAt: integer("last_run_at"),
});
