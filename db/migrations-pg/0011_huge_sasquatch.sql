CREATE TABLE "quiz_previews" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"source_key" text NOT NULL,
	"course_slug" text NOT NULL,
	"quiz_id" text NOT NULL,
	"language" text NOT NULL,
	"definition" json NOT NULL,
	"snapshot" json NOT NULL,
	"event_count" bigint NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quiz_previews" ADD CONSTRAINT "quiz_previews_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quiz_previews_by_created" ON "quiz_previews" USING btree ("created_at");