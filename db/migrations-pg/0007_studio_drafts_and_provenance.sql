CREATE TABLE "course_version_files" (
	"version_id" text NOT NULL,
	"path" text NOT NULL,
	"text" text,
	"bytes" "bytea",
	CONSTRAINT "course_version_files_version_id_path_pk" PRIMARY KEY("version_id","path")
);
--> statement-breakpoint
CREATE TABLE "course_drafts" (
	"id" text PRIMARY KEY NOT NULL,
	"course_slug" text NOT NULL,
	"base_version_id" text,
	"state" text DEFAULT 'draft' NOT NULL,
	"is_conflict" boolean DEFAULT false NOT NULL,
	"disk_hash" text,
	"change_note" text DEFAULT '' NOT NULL,
	"revision" bigint DEFAULT 1 NOT NULL,
	"created_by" text,
	"created_at" bigint NOT NULL,
	"updated_by" text,
	"updated_at" bigint NOT NULL,
	"submitted_by" text,
	"submitted_at" bigint,
	"approved_by" text,
	"approved_at" bigint,
	"approval_note" text,
	"published_version_id" text
);
--> statement-breakpoint
CREATE TABLE "draft_files" (
	"draft_id" text NOT NULL,
	"path" text NOT NULL,
	"text" text,
	"bytes" "bytea",
	"revision" bigint DEFAULT 1 NOT NULL,
	"updated_by" text,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "draft_files_draft_id_path_pk" PRIMARY KEY("draft_id","path")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "is_reviewer" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "course_versions" ADD COLUMN "origin" text DEFAULT 'disk' NOT NULL;--> statement-breakpoint
ALTER TABLE "course_versions" ADD COLUMN "disk_hash" text;--> statement-breakpoint
ALTER TABLE "course_versions" ADD COLUMN "published_by" text;--> statement-breakpoint
ALTER TABLE "course_versions" ADD COLUMN "approved_by" text;--> statement-breakpoint
ALTER TABLE "course_versions" ADD COLUMN "approved_at" bigint;--> statement-breakpoint
ALTER TABLE "course_versions" ADD COLUMN "approval_note" text;--> statement-breakpoint
ALTER TABLE "course_versions" ADD COLUMN "change_note" text;--> statement-breakpoint
ALTER TABLE "course_versions" ADD COLUMN "is_urgent_correction" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "archived_at" bigint;--> statement-breakpoint
ALTER TABLE "course_version_files" ADD CONSTRAINT "course_version_files_version_id_course_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."course_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_drafts" ADD CONSTRAINT "course_drafts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_drafts" ADD CONSTRAINT "course_drafts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_drafts" ADD CONSTRAINT "course_drafts_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_drafts" ADD CONSTRAINT "course_drafts_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_files" ADD CONSTRAINT "draft_files_draft_id_course_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."course_drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_files" ADD CONSTRAINT "draft_files_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "course_drafts_by_course_state" ON "course_drafts" USING btree ("course_slug","state");--> statement-breakpoint
ALTER TABLE "course_versions" ADD CONSTRAINT "course_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_versions" ADD CONSTRAINT "course_versions_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "course_versions_by_course_imported" ON "course_versions" USING btree ("course_slug","imported_at");