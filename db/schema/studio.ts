// The authoring studio's drafts (issue 13, ADR 0026): a course being written, held as the same file map the
// compiler reads (ADR 0017), with its review state. Publishing hands the map to the courses capability, which makes
// the version; nothing here is read by learner pages.
import { blob, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";
import { DRAFT_STATES } from "./studio-values";

export { DRAFT_STATES, type DraftState } from "./studio-values";

export const courseDrafts = sqliteTable(
  "course_drafts",
  {
    id: text("id").primaryKey(),
    // Not a foreign key: a new course has a draft before it has a courses row.
    courseSlug: text("course_slug").notNull(),
    // The version the draft started from (null for a new course): publishing over a later version is a conflict.
    baseVersionId: text("base_version_id"),
    state: text("state", { enum: DRAFT_STATES }).notNull().default("draft"),
    // ADR 0018: a disk change that arrived after a studio publication; `diskHash` is that folder's hash.
    isConflict: integer("is_conflict", { mode: "boolean" }).notNull().default(false),
    diskHash: text("disk_hash"),
    changeNote: text("change_note").notNull().default(""),
    // Bumped by every change of the draft's files or state: a form carries it, a stale one is refused.
    revision: integer("revision").notNull().default(1),
    createdBy: text("created_by").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedBy: text("updated_by").references(() => users.id),
    updatedAt: integer("updated_at").notNull(),
    submittedBy: text("submitted_by").references(() => users.id),
    submittedAt: integer("submitted_at"),
    approvedBy: text("approved_by").references(() => users.id),
    approvedAt: integer("approved_at"),
    approvalNote: text("approval_note"),
    publishedVersionId: text("published_version_id"),
  },
  (t) => [index("course_drafts_by_course_state").on(t.courseSlug, t.state)],
);

export const draftFiles = sqliteTable(
  "draft_files",
  {
    draftId: text("draft_id")
      .notNull()
      .references(() => courseDrafts.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    // Exactly one of the two: UTF-8 text, or the bytes of an image (PNG, JPEG, WebP; ADR 0017).
    text: text("text"),
    bytes: blob("bytes", { mode: "buffer" }),
    // Per file, for optimistic concurrency: two people saving the same file never overwrite each other silently.
    revision: integer("revision").notNull().default(1),
    updatedBy: text("updated_by").references(() => users.id),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.draftId, t.path] })],
);

// A trainer taking a draft's or a version's quiz in preview (issue 13, ADR 0034): the quiz machine's snapshot and
// the definition it was started on, kept here and never in the learner tables (quiz_attempts, progress, analytics),
// so a preview counts for nobody. Rows older than a day are purged. `sourceKey` names what was previewed
// (`draft:<id>` or `version:<id>`) for the page's links.
export const quizPreviews = sqliteTable(
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
    definition: text("definition", { mode: "json" }).notNull(),
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    // Bumped by every accepted event: a form carries it, so a resent or stale form is refused, as on attempts.
    eventCount: integer("event_count").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("quiz_previews_by_created").on(t.createdAt)],
);
