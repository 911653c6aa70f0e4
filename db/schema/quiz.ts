import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { courseVersions } from "./courses";

// Each quiz of each course version in each language, as compiled by the course importer. Quiz data, held by the
// quiz capability: the importer hands definitions over through app/quiz/definitions.server.ts.
export const quizDefinitions = sqliteTable(
  "quiz_definitions",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => courseVersions.id, { onDelete: "cascade" }),
    quizId: text("quiz_id").notNull(),
    moduleId: text("module_id").notNull(),
    language: text("language").notNull(),
    definition: text("definition", { mode: "json" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.quizId, t.language] })],
);

export const ATTEMPT_STATUSES = ["in-progress", "passed", "failed", "abandoned"] as const;

// One attempt of one learner at one quiz. The server-side XState snapshot is the attempt's state; the event log
// beside it is the record of every accepted learner event, written in the same transaction.
export const quizAttempts = sqliteTable(
  "quiz_attempts",
  {
    id: text("id").primaryKey(), // random: the URL shows it, and only its learner may open it
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    quizId: text("quiz_id").notNull(),
    // The version whose definition the attempt runs on, so a course update never changes a running attempt.
    versionId: text("version_id")
      .notNull()
      .references(() => courseVersions.id),
    language: text("language").notNull(),
    seed: integer("seed").notNull(),
    status: text("status", { enum: ATTEMPT_STATUSES }).notNull(),
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    // QUIZ_MACHINE_VERSION of the machine that wrote the snapshot; an older one is rebuilt by replaying the log.
    machineVersion: integer("machine_version").notNull().default(1),
    eventCount: integer("event_count").notNull(),
    startedAt: integer("started_at").notNull(),
    deadline: integer("deadline"),
    endedAt: integer("ended_at"),
    percent: real("percent"),
  },
  (t) => [
    index("quiz_attempts_by_user_quiz").on(t.userId, t.courseSlug, t.quizId, t.startedAt),
    // Question analytics read every attempt of one quiz of one version (app/quiz/responses.server.ts); learner and
    // end time make it cover the per-quiz counts, so they never read the rows with their snapshots.
    index("quiz_attempts_by_version_quiz").on(t.versionId, t.quizId, t.status, t.userId, t.endedAt),
  ],
);

export const quizAttemptEvents = sqliteTable(
  "quiz_attempt_events",
  {
    attemptId: text("attempt_id")
      .notNull()
      .references(() => quizAttempts.id, { onDelete: "cascade" }),
    // 1, 2, 3…: the attempt's event count after this event. The page posts the count it was rendered at, so a
    // resent form (same position, same event) is recognised and applied once.
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.seq] })],
);
