CREATE TABLE "assignment_extensions" (
	"id" text PRIMARY KEY NOT NULL,
	"assignment_id" text NOT NULL,
	"user_id" text NOT NULL,
	"cycle" bigint NOT NULL,
	"due_at" bigint NOT NULL,
	"reason" text NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" text PRIMARY KEY NOT NULL,
	"course_slug" text NOT NULL,
	"module_ids" json,
	"target_user_id" text,
	"target_unit_id" text,
	"due_kind" text NOT NULL,
	"due_at" bigint,
	"due_days" bigint,
	"recurrence_kind" text DEFAULT 'none' NOT NULL,
	"recurrence_months" bigint,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	"cancelled_at" bigint,
	"cancelled_by" text,
	"cancellation_reason" text
);
--> statement-breakpoint
ALTER TABLE "assignment_extensions" ADD CONSTRAINT "assignment_extensions_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_extensions" ADD CONSTRAINT "assignment_extensions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_extensions" ADD CONSTRAINT "assignment_extensions_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_course_slug_courses_slug_fk" FOREIGN KEY ("course_slug") REFERENCES "public"."courses"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_target_user_id_users_id_fk" FOREIGN KEY ("target_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignment_extensions_by_assignment_user" ON "assignment_extensions" USING btree ("assignment_id","user_id");--> statement-breakpoint
CREATE INDEX "assignments_by_target_user" ON "assignments" USING btree ("target_user_id");--> statement-breakpoint
CREATE INDEX "assignments_by_target_unit" ON "assignments" USING btree ("target_unit_id");--> statement-breakpoint
CREATE INDEX "assignments_by_course" ON "assignments" USING btree ("course_slug");