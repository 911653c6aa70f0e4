CREATE TABLE `assignment_extensions` (
	`id` text PRIMARY KEY NOT NULL,
	`assignment_id` text NOT NULL,
	`user_id` text NOT NULL,
	`cycle` integer NOT NULL,
	`due_at` integer NOT NULL,
	`reason` text NOT NULL,
	`granted_by` text NOT NULL,
	`granted_at` integer NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assignment_extensions_by_assignment_user` ON `assignment_extensions` (`assignment_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`course_slug` text NOT NULL,
	`module_ids` text,
	`target_user_id` text,
	`target_unit_id` text,
	`due_kind` text NOT NULL,
	`due_at` integer,
	`due_days` integer,
	`recurrence_kind` text DEFAULT 'none' NOT NULL,
	`recurrence_months` integer,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`cancelled_at` integer,
	`cancelled_by` text,
	`cancellation_reason` text,
	FOREIGN KEY (`course_slug`) REFERENCES `courses`(`slug`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cancelled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assignments_by_target_user` ON `assignments` (`target_user_id`);--> statement-breakpoint
CREATE INDEX `assignments_by_target_unit` ON `assignments` (`target_unit_id`);--> statement-breakpoint
CREATE INDEX `assignments_by_course` ON `assignments` (`course_slug`);