// npm run jobs:run-once — run every scheduled job once, now, from the command line (ADR 0023): for an operator who
// wants the outbox flushed or timed-out attempts closed without waiting, and for tests. A job whose lease a running
// server holds is skipped and reported.
import { closeDatabase, runMigrations } from "~/db.server";
import { runJobsOnce } from "~/jobs/all.server";

await runMigrations();
const outcomes = await runJobsOnce(Date.now());
for (const { name, ran } of outcomes) console.log(`${name}: ${ran ? "ran" : "skipped (another node holds its lease)"}`);
if (outcomes.length === 0) console.log("No jobs are registered.");
await closeDatabase();
