import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./accounts";

/** Text in each language the course has: `{ en: "...", fr: "..." }`. */
export type Localized<T = string> = Partial<Record<"en" | "fr" | "es", T>>;

export type CourseVersionMeta = {
  title: Localized;
  summary: Localized;
  objectives: Localized<string[]>;
  audiences: string[];
  languages: ("en" | "fr" | "es")[];
  defaultLanguage: "en" | "fr" | "es";
  estimatedHours: number;
  creditHours: number;
  passMark: number;
  certificateValidityMonths: number | null;
  enrolment: "open" | "assigned";
  prerequisites: { slug: string; required: boolean }[];
  bibliography: {
    key: string;
    title: string;
    short: string;
    year: number;
    reference?: string;
    url?: string;
    /** Official title and short name in the course's other languages. */
    localized?: Localized<{ title: string; short: string }>;
  }[];
  /**
   * The course's reviewer notes (courses/README.md, Reviewer notes): kept with the version for reviewers, never
   * sent to a learner page. Optional: versions imported before the second edition have none.
   */
  reviewerNotes?: { file: string; line?: number; where: string; note: string }[];
};

// A course is its stable slug; what learners read is the live version. Old versions stay for the certificates
// and attempts that refer to them.
export const courses = sqliteTable("courses", {
  slug: text("slug").primaryKey(),
  liveVersionId: text("live_version_id"),
  createdAt: integer("created_at").notNull(),
  // An archived course leaves the catalogue; enrolled learners keep their access (issue 13).
  archivedAt: integer("archived_at"),
});

/** Which door a version came through (ADR 0018). */
export const VERSION_ORIGINS = ["disk", "studio", "zip"] as const;
export type VersionOrigin = (typeof VERSION_ORIGINS)[number];

export const courseVersions = sqliteTable(
  "course_versions",
  {
    id: text("id").primaryKey(),
    courseSlug: text("course_slug")
      .notNull()
      .references(() => courses.slug),
    label: text("label").notNull(),
    contentHash: text("content_hash").notNull(),
    meta: text("meta", { mode: "json" }).$type<CourseVersionMeta>().notNull(),
    // Search text (titles and summaries in every language, lower-cased) so the catalog filters without parsing JSON.
    searchText: text("search_text").notNull(),
    importedAt: integer("imported_at").notNull(),
    origin: text("origin", { enum: VERSION_ORIGINS }).notNull().default("disk"),
    // ADR 0018: the hash of the folder a disk version was imported from; the start-up import compares the folder
    // with the latest of these, not with the live version.
    diskHash: text("disk_hash"),
    // Sign-off of a studio (or zip) publication: who published, who approved, when, and why.
    publishedBy: text("published_by").references(() => users.id),
    approvedBy: text("approved_by").references(() => users.id),
    approvedAt: integer("approved_at"),
    approvalNote: text("approval_note"),
    changeNote: text("change_note"),
    // An admin published it alone, without a second person's approval (issue 13: urgent correction).
    isUrgentCorrection: integer("is_urgent_correction", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    uniqueIndex("course_versions_by_course_hash").on(t.courseSlug, t.contentHash),
    index("course_versions_by_course_imported").on(t.courseSlug, t.importedAt),
  ],
);

// The files each version was compiled from (the course's file map, ADR 0017), so any version can be diffed,
// previewed, exported as a zip or restored as a draft.
export const courseVersionFiles = sqliteTable(
  "course_version_files",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => courseVersions.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    text: text("text"),
    bytes: blob("bytes", { mode: "buffer" }),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.path] })],
);

export const courseModules = sqliteTable(
  "course_modules",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => courseVersions.id, { onDelete: "cascade" }),
    moduleId: text("module_id").notNull(),
    position: integer("position").notNull(),
    title: text("title", { mode: "json" }).$type<Localized>().notNull(),
    objectives: text("objectives", { mode: "json" }).$type<{ id: string; text: Localized }[]>().notNull(),
    quizId: text("quiz_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.moduleId] })],
);

export const lessons = sqliteTable(
  "lessons",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => courseVersions.id, { onDelete: "cascade" }),
    lessonId: text("lesson_id").notNull(),
    moduleId: text("module_id").notNull(),
    // Position in the whole course, so previous/next is one indexed lookup.
    position: integer("position").notNull(),
    minutes: integer("minutes").notNull(),
    required: integer("required", { mode: "boolean" }).notNull(),
    title: text("title", { mode: "json" }).$type<Localized>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.lessonId] }), index("lessons_by_version_position").on(t.versionId, t.position)],
);

// Compiled, sanitised HTML: a lesson request reads it as is and parses no Markdown.
export const lessonBodies = sqliteTable(
  "lesson_bodies",
  {
    versionId: text("version_id").notNull(),
    lessonId: text("lesson_id").notNull(),
    language: text("language").notNull(),
    html: text("html").notNull(),
    wordCount: integer("word_count").notNull(),
    // A translation made from an earlier version of the lesson: shown, with a notice (courses/README.md, Translations).
    isOutdated: integer("is_outdated", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.lessonId, t.language] })],
);

export const enrolments = sqliteTable(
  "enrolments",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug")
      .notNull()
      .references(() => courses.slug),
    enrolledAt: integer("enrolled_at").notNull(),
    assignedBy: text("assigned_by").references(() => users.id),
    lastLessonId: text("last_lesson_id"),
    lastActivityAt: integer("last_activity_at").notNull(),
    completedAt: integer("completed_at"),
  },
  (t) => [uniqueIndex("enrolments_by_user_course").on(t.userId, t.courseSlug)],
);

// Keyed to stable ids (course slug, lesson id), never to a version, so fixing a typo resets no one.
export const lessonCompletions = sqliteTable(
  "lesson_completions",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    lessonId: text("lesson_id").notNull(),
    completedAt: integer("completed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug, t.lessonId] })],
);

// Written by the quiz engine when an attempt passes; read by the completion rule.
export const quizPasses = sqliteTable(
  "quiz_passes",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    quizId: text("quiz_id").notNull(),
    bestPercent: real("best_percent").notNull(),
    passedAt: integer("passed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug, t.quizId] })],
);

// Lesson images by content (SHA-256 of their bytes): stored once however many versions show them. Served only
// through the version that shows them (courseVersionImages), never by hash alone.
export const courseImages = sqliteTable("course_images", {
  sha256: text("sha256").primaryKey(),
  contentType: text("content_type").notNull(),
  bytes: blob("bytes", { mode: "buffer" }).notNull(),
});

export const courseVersionImages = sqliteTable(
  "course_version_images",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => courseVersions.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    sha256: text("sha256")
      .notNull()
      .references(() => courseImages.sha256),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.path] }), index("course_version_images_by_version_hash").on(t.versionId, t.sha256)],
);
