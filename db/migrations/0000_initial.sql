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
--> statement-breakpoint
CREATE TABLE `quiz_attempt_events` (
	`attempt_id` text NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`attempt_id`, `seq`),
	FOREIGN KEY (`attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`course_slug` text NOT NULL,
	`quiz_id` text NOT NULL,
	`version_id` text NOT NULL,
	`language` text NOT NULL,
	`seed` integer NOT NULL,
	`status` text NOT NULL,
	`snapshot` text NOT NULL,
	`event_count` integer NOT NULL,
	`started_at` integer NOT NULL,
	`deadline` integer,
	`ended_at` integer,
	`percent` real,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quiz_attempts_by_user_quiz` ON `quiz_attempts` (`user_id`,`course_slug`,`quiz_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`holder_name` text NOT NULL,
	`course_slug` text NOT NULL,
	`course_title` text NOT NULL,
	`course_version` text NOT NULL,
	`completed_at` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`valid_until` integer,
	`score_summary` text,
	`issuer_name` text NOT NULL,
	`signatory` text NOT NULL,
	`hours` real NOT NULL,
	`credits` real,
	`status_list_index` integer NOT NULL,
	`renews_certificate_id` text,
	`signed_credential` text,
	`revoked_at` integer,
	`revocation_reason` text,
	`revoked_by` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`renews_certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_by_status_list_index` ON `certificates` (`status_list_index`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_by_renewed_certificate` ON `certificates` (`renews_certificate_id`);--> statement-breakpoint
CREATE INDEX `certificates_by_user_course_issued` ON `certificates` (`user_id`,`course_slug`,`issued_at`);--> statement-breakpoint
CREATE INDEX `certificates_by_holder_name` ON `certificates` (`holder_name`);--> statement-breakpoint
CREATE INDEX `certificates_by_completed_at` ON `certificates` (`completed_at`);--> statement-breakpoint
CREATE TABLE `status_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL,
	`signed_revision` integer,
	`encoded_list` text,
	`signed_credential` text,
	`signed_at` integer
);
