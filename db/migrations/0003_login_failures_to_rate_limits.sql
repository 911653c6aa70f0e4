CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`expire` integer
);
--> statement-breakpoint
CREATE INDEX `rate_limits_by_expire` ON `rate_limits` (`expire`);--> statement-breakpoint
DROP TABLE `login_failures`;