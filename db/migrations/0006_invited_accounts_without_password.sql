PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`full_name` text NOT NULL,
	`password_hash` text,
	`preferred_language` text DEFAULT 'en' NOT NULL,
	`profile` text NOT NULL,
	`organisation` text NOT NULL,
	`role` text DEFAULT 'learner' NOT NULL,
	`created_at` integer NOT NULL,
	`email_verified_at` integer,
	`deactivated_at` integer
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "email", "full_name", "password_hash", "preferred_language", "profile", "organisation", "role", "created_at", "email_verified_at", "deactivated_at") SELECT "id", "email", "full_name", "password_hash", "preferred_language", "profile", "organisation", "role", "created_at", "email_verified_at", "deactivated_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_by_role` ON `users` (`role`);--> statement-breakpoint
CREATE INDEX `users_by_full_name` ON `users` (`full_name`);