// Mirror of db/schema/quiz.ts for PostgreSQL; tests/integration/schema-parity.test.ts keeps the two in step.
import { doublePrecision, index, json, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { ATTEMPT_STATUSES } from "../schema/quiz";
import { users } from "./accounts";
import { int } from "./columns";
import { courseVersions } from "./courses";

// Each quiz of each course version in each language, as compiled by the course importer. Quiz data, held by the
// quiz capability: the importer hands definitions over through app/quiz/definitions.server.ts.
export const quizDefinitions = pgTable(
  "quiz_definitions",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => courseVersions.id, { onDelete: "cascade" }),
    quizId: text("quiz_id").notNull(),
    moduleId: text("module_id").notNull(),
    language: text("language").notNull(),
    definition: json("definition").notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.quizId, t.language] })],
);

export const quizAttempts = pgTable(
  "quiz_attempts",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    quizId: text("quiz_id").notNull(),
    versionId: text("version_id")
      .notNull()
      .references(() => courseVersions.id),
    language: text("language").notNull(),
    seed: int("seed").notNull(),
    status: text("status", { enum: ATTEMPT_STATUSES }).notNull(),
    snapshot: json("snapshot").notNull(),
    // QUIZ_MACHINE_VERSION of the machine that wrote the snapshot; an older one is rebuilt by replaying the log.
    machineVersion: int("machine_version").notNull().default(1),
    eventCount: int("event_count").notNull(),
    startedAt: int("started_at").notNull(),
    deadline: int("deadline"),
    endedAt: int("ended_at"),
    percent: doublePrecision("percent"),
  },
  (t) => [
    index("quiz_attempts_by_user_quiz").on(t.userId, t.courseSlug, t.quizId, t.startedAt),
    // Question analytics read every attempt of one quiz of one version (app/quiz/responses.server.ts); learner and
    // end time make it cover the per-quiz counts, so they never read the rows with their snapshots.
    index("quiz_attempts_by_version_quiz").on(t.versionId, t.quizId, t.status, t.userId, t.endedAt),
  ],
);

export const quizAttemptEvents = pgTable(
  "quiz_attempt_events",
  {
    attemptId: text("attempt_id")
      .notNull()
      .references(() => quizAttempts.id, { onDelete: "cascade" }),
    seq: int("seq").notNull(),
    type: text("type").notNull(),
    payload: json("payload").notNull(),
    at: int("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.seq] })],
);
