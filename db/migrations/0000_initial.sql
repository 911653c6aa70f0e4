CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_events_by_subject` ON `audit_events` (`subject`);--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`ip` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_by_email_at` ON `login_failures` (`email`,`at`);--> statement-breakpoint
CREATE INDEX `login_failures_by_ip_at` ON `login_failures` (`ip`,`at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`created_at` integer NOT NULL,
	`last_verified_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_by_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`full_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`preferred_language` text DEFAULT 'en' NOT NULL,
	`profile` text NOT NULL,
	`organisation` text NOT NULL,
	`role` text DEFAULT 'learner' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_by_role` ON `users` (`role`);--> statement-breakpoint
CREATE INDEX `users_by_full_name` ON `users` (`full_name`);--> statement-breakpoint
CREATE TABLE `course_modules` (
	`version_id` text NOT NULL,
	`module_id` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`objectives` text NOT NULL,
	`quiz_id` text NOT NULL,
	PRIMARY KEY(`version_id`, `module_id`),
	FOREIGN KEY (`version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `course_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`course_slug` text NOT NULL,
	`label` text NOT NULL,
	`content_hash` text NOT NULL,
	`meta` text NOT NULL,
	`search_text` text NOT NULL,
	`imported_at` integer NOT NULL,
	FOREIGN KEY (`course_slug`) REFERENCES `courses`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_versions_by_course_hash` ON `course_versions` (`course_slug`,`content_hash`);--> statement-breakpoint
CREATE TABLE `courses` (
	`slug` text PRIMARY KEY NOT NULL,
	`live_version_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `enrolments` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`enrolled_at` integer NOT NULL,
	`assigned_by` text,
	`last_lesson_id` text,
	`last_activity_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`course_slug`) REFERENCES `courses`(`slug`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrolments_by_user_course` ON `enrolments` (`user_id`,`course_slug`);--> statement-breakpoint
CREATE TABLE `lesson_bodies` (
	`version_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`language` text NOT NULL,
	`html` text NOT NULL,
	`word_count` integer NOT NULL,
	PRIMARY KEY(`version_id`, `lesson_id`, `language`)
);
--> statement-breakpoint
CREATE TABLE `lesson_completions` (
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`lesson_id` text NOT NULL,
	`completed_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`, `lesson_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `lessons` (
	`version_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`module_id` text NOT NULL,
	`position` integer NOT NULL,
	`minutes` integer NOT NULL,
	`required` integer NOT NULL,
	`title` text NOT NULL,
	PRIMARY KEY(`version_id`, `lesson_id`),
	FOREIGN KEY (`version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lessons_by_version_position` ON `lessons` (`version_id`,`position`);--> statement-breakpoint
CREATE TABLE `quiz_definitions` (
	`version_id` text NOT NULL,
	`quiz_id` text NOT NULL,
	`module_id` text NOT NULL,
	`language` text NOT NULL,
	`definition` text NOT NULL,
	PRIMARY KEY(`version_id`, `quiz_id`, `language`),
	FOREIGN KEY (`version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `quiz_passes` (
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`quiz_id` text NOT NULL,
	`best_percent` real NOT NULL,
	`passed_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course_slug`, `quiz_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
