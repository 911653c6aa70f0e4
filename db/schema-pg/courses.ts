// Mirror of db/schema/courses.ts for PostgreSQL; tests/integration/schema-parity.test.ts keeps the two in step.
import { boolean, doublePrecision, index, json, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { type CourseVersionMeta, type Localized, VERSION_ORIGINS } from "../schema/courses";
import { users } from "./accounts";
import { bytea, int } from "./columns";

export const courses = pgTable("courses", {
  slug: text("slug").primaryKey(),
  liveVersionId: text("live_version_id"),
  createdAt: int("created_at").notNull(),
  archivedAt: int("archived_at"),
});

export const courseVersions = pgTable(
  "course_versions",
  {
    id: text("id").primaryKey(),
    courseSlug: text("course_slug")
      .notNull()
      .references(() => courses.slug),
    label: text("label").notNull(),
    contentHash: text("content_hash").notNull(),
    meta: json("meta").$type<CourseVersionMeta>().notNull(),
    searchText: text("search_text").notNull(),
    importedAt: int("imported_at").notNull(),
    origin: text("origin", { enum: VERSION_ORIGINS }).notNull().default("disk"),
    diskHash: text("disk_hash"),
    publishedBy: text("published_by").references(() => users.id),
    approvedBy: text("approved_by").references(() => users.id),
    approvedAt: int("approved_at"),
    approvalNote: text("approval_note"),
    changeNote: text("change_note"),
    isUrgentCorrection: boolean("is_urgent_correction").notNull().default(false),
  },
  (t) => [
    uniqueIndex("course_versions_by_course_hash").on(t.courseSlug, t.contentHash),
    index("course_versions_by_course_imported").on(t.courseSlug, t.importedAt),
  ],
);

export const courseVersionFiles = pgTable(
  "course_version_files",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => courseVersions.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    text: text("text"),
    bytes: bytea("bytes"),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.path] })],
);

export const courseModules = pgTable(
  "course_modules",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => courseVersions.id, { onDelete: "cascade" }),
    moduleId: text("module_id").notNull(),
    position: int("position").notNull(),
    title: json("title").$type<Localized>().notNull(),
    objectives: json("objectives").$type<{ id: string; text: Localized }[]>().notNull(),
    quizId: text("quiz_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.moduleId] })],
);

export const lessons = pgTable(
  "lessons",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => courseVersions.id, { onDelete: "cascade" }),
    lessonId: text("lesson_id").notNull(),
    moduleId: text("module_id").notNull(),
    position: int("position").notNull(),
    minutes: int("minutes").notNull(),
    required: boolean("required").notNull(),
    title: json("title").$type<Localized>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.lessonId] }), index("lessons_by_version_position").on(t.versionId, t.position)],
);

export const lessonBodies = pgTable(
  "lesson_bodies",
  {
    versionId: text("version_id").notNull(),
    lessonId: text("lesson_id").notNull(),
    language: text("language").notNull(),
    html: text("html").notNull(),
    wordCount: int("word_count").notNull(),
    isOutdated: boolean("is_outdated").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.lessonId, t.language] })],
);

export const enrolments = pgTable(
  "enrolments",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug")
      .notNull()
      .references(() => courses.slug),
    enrolledAt: int("enrolled_at").notNull(),
    assignedBy: text("assigned_by").references(() => users.id),
    lastLessonId: text("last_lesson_id"),
    lastActivityAt: int("last_activity_at").notNull(),
    completedAt: int("completed_at"),
  },
  (t) => [uniqueIndex("enrolments_by_user_course").on(t.userId, t.courseSlug)],
);

export const lessonCompletions = pgTable(
  "lesson_completions",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    lessonId: text("lesson_id").notNull(),
    completedAt: int("completed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug, t.lessonId] })],
);

export const quizPasses = pgTable(
  "quiz_passes",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    courseSlug: text("course_slug").notNull(),
    quizId: text("quiz_id").notNull(),
    bestPercent: doublePrecision("best_percent").notNull(),
    passedAt: int("passed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.courseSlug, t.quizId] })],
);

export const courseImages = pgTable("course_images", {
  sha256: text("sha256").primaryKey(),
  contentType: text("content_type").notNull(),
  bytes: bytea("bytes").notNull(),
});

export const courseVersionImages = pgTable(
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
