CREATE TABLE `org_unit_closure` (
	`ancestor_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`depth` integer NOT NULL,
	PRIMARY KEY(`ancestor_id`, `unit_id`),
	FOREIGN KEY (`ancestor_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `org_unit_closure_ancestors_of_unit` ON `org_unit_closure` (`unit_id`);--> statement-breakpoint
CREATE TABLE `org_units` (
	`id` text PRIMARY KEY NOT NULL,
	`parent_id` text,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `org_units_name_among_siblings` ON `org_units` (`parent_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `org_units_name_among_roots` ON `org_units` (`name`) WHERE parent_id is null;--> statement-breakpoint
CREATE TABLE `unit_members` (
	`unit_id` text NOT NULL,
	`user_id` text NOT NULL,
	`joined_at` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `user_id`),
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `unit_members_units_of_user` ON `unit_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `unit_membership_requests` (
	`unit_id` text NOT NULL,
	`user_id` text NOT NULL,
	`requested_by` text,
	`requested_at` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `user_id`),
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `unit_supervisors` (
	`unit_id` text NOT NULL,
	`user_id` text NOT NULL,
	`given_at` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `user_id`),
	FOREIGN KEY (`unit_id`) REFERENCES `org_units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `unit_supervisors_units_of_supervisor` ON `unit_supervisors` (`user_id`);