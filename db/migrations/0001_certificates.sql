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
