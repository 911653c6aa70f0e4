CREATE TABLE `course_images` (
	`sha256` text PRIMARY KEY NOT NULL,
	`content_type` text NOT NULL,
	`bytes` blob NOT NULL
);
--> statement-breakpoint
CREATE TABLE `course_version_images` (
	`version_id` text NOT NULL,
	`path` text NOT NULL,
	`sha256` text NOT NULL,
	PRIMARY KEY(`version_id`, `path`),
	FOREIGN KEY (`version_id`) REFERENCES `course_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sha256`) REFERENCES `course_images`(`sha256`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `course_version_images_by_version_hash` ON `course_version_images` (`version_id`,`sha256`);--> statement-breakpoint
ALTER TABLE `lesson_bodies` ADD `is_outdated` integer DEFAULT false NOT NULL;