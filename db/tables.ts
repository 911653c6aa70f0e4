// The tables capability code queries, chosen once for the engine in use (ADR 0013). Both schemas describe the
// same tables, column for column (tests/integration/schema-parity.test.ts), so the code is written once and typed
// against the PostgreSQL definitions: that typing admits only the async query API both drivers share.
import { isPostgresUrl } from "./engine";
import * as pg from "./schema-pg";
import * as sqlite from "./schema";

export const isPostgres = isPostgresUrl(process.env.DATABASE_URL);

// At run time on SQLite these are the sqliteTable objects of db/schema; they have the same columns and JS types.
const selected = (isPostgres ? pg : sqlite) as unknown as typeof pg;

export const {
  users,
  sessions,
  auditEvents,
  courses,
  courseVersions,
  courseModules,
  lessons,
  lessonBodies,
  quizDefinitions,
  enrolments,
  lessonCompletions,
  quizPasses,
  quizAttempts,
  quizAttemptEvents,
  certificates,
  statusLists,
  rateLimits,
} = selected;
