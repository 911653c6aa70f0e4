ALTER TABLE `certificates` ADD `average_percent` integer;--> statement-breakpoint
ALTER TABLE `certificates` DROP COLUMN `score_summary`;