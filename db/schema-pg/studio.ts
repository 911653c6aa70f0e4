// Mirror of db/schema/studio.ts for PostgreSQL; tests/integration/schema-parity.test.ts keeps the two in step.
import { boolean, index, json, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { DRAFT_STATES } from "../schema/studio-values";
import { users } from "./accounts";
import { bytea, int } from "./columns";

export const courseDrafts = pgTable(
  "course_drafts",
  {
    id: text("id").primaryKey(),
    courseSlug: text("course_slug").notNull(),
    baseVersionId: text("base_version_id"),
    state: text("state", { enum: DRAFT_STATES }).notNull().default("draft"),
    isConflict: boolean("is_conflict").notNull().default(false),
    diskHash: text("disk_hash"),
    changeNote: text("change_note").notNull().default(""),
    revision: int("revision").notNull().default(1),
    createdBy: text("created_by").references(() => users.id),
    createdAt: int("created_at").notNull(),
    updatedBy: text("updated_by").references(() => users.id),
    updatedAt: int("updated_at").notNull(),
    submittedBy: text("submitted_by").references(() => users.id),
    submittedAt: int("submitted_at"),
    approvedBy: text("approved_by").references(() => users.id),
    approvedAt: int("approved_at"),
    approvalNote: text("approval_note"),
    publishedVersionId: text("published_version_id"),
  },
  (t) => [index("course_drafts_by_course_state").on(t.courseSlug, t.state)],
);

export const draftFiles = pgTable(
  "draft_files",
  {
    draftId: text("draft_id")
      .notNull()
      .references(() => courseDrafts.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    text: text("text"),
    bytes: bytea("bytes"),
    revision: int("revision").notNull().default(1),
    updatedBy: text("updated_by").references(() => users.id),
    updatedAt: int("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.draftId, t.path] })],
);

export const quizPreviews = pgTable(
  "quiz_previews",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    sourceKey: text("source_key").notNull(),
    courseSlug: text("course_slug").notNull(),
    quizId: text("quiz_id").notNull(),
    language: text("language").notNull(),
    definition: json("definition").notNull(),
    snapshot: json("snapshot").notNull(),
    eventCount: int("event_count").notNull(),
    createdAt: int("created_at").notNull(),
  },
  (t) => [index("quiz_previews_by_created").on(t.createdAt)],
);
