ALTER TABLE "quiz_attempts" ADD COLUMN "machine_version" bigint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "average_percent" bigint;--> statement-breakpoint
ALTER TABLE "certificates" DROP COLUMN "score_summary";