CREATE TABLE `course_version_files` (
	`version_id` text NOT NULL,
	`path` text NOT NULL,
	`text` text,
	`bytes` blob,
	PRIMARY KEY(`version_id`, `path`),
	FOREIGN KEY (`version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `course_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`course_slug` text NOT NULL,
	`base_version_id` text,
	`state` text DEFAULT 'draft' NOT NULL,
	`is_conflict` integer DEFAULT false NOT NULL,
	`disk_hash` text,
	`change_note` text DEFAULT '' NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	`submitted_by` text,
	`submitted_at` integer,
	`approved_by` text,
	`approved_at` integer,
	`approval_note` text,
	`published_version_id` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `course_drafts_by_course_state` ON `course_drafts` (`course_slug`,`state`);--> statement-breakpoint
CREATE TABLE `draft_files` (
	`draft_id` text NOT NULL,
	`path` text NOT NULL,
	`text` text,
	`bytes` blob,
	`revision` integer DEFAULT 1 NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`draft_id`, `path`),
	FOREIGN KEY (`draft_id`) REFERENCES `course_drafts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `users` ADD `is_reviewer` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `course_versions` ADD `origin` text DEFAULT 'disk' NOT NULL;--> statement-breakpoint
ALTER TABLE `course_versions` ADD `disk_hash` text;--> statement-breakpoint
ALTER TABLE `course_versions` ADD `published_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `course_versions` ADD `approved_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `course_versions` ADD `approved_at` integer;--> statement-breakpoint
ALTER TABLE `course_versions` ADD `approval_note` text;--> statement-breakpoint
ALTER TABLE `course_versions` ADD `change_note` text;--> statement-breakpoint
ALTER TABLE `course_versions` ADD `is_urgent_correction` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `course_versions_by_course_imported` ON `course_versions` (`course_slug`,`imported_at`);--> statement-breakpoint
ALTER TABLE `courses` ADD `archived_at` integer;