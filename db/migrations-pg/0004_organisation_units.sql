CREATE TABLE "org_unit_closure" (
	"ancestor_id" text NOT NULL,
	"unit_id" text NOT NULL,
	"depth" bigint NOT NULL,
	CONSTRAINT "org_unit_closure_ancestor_id_unit_id_pk" PRIMARY KEY("ancestor_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "org_units" (
	"id" text PRIMARY KEY NOT NULL,
	"parent_id" text,
	"name" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_members" (
	"unit_id" text NOT NULL,
	"user_id" text NOT NULL,
	"joined_at" bigint NOT NULL,
	CONSTRAINT "unit_members_unit_id_user_id_pk" PRIMARY KEY("unit_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "unit_membership_requests" (
	"unit_id" text NOT NULL,
	"user_id" text NOT NULL,
	"requested_by" text,
	"requested_at" bigint NOT NULL,
	CONSTRAINT "unit_membership_requests_unit_id_user_id_pk" PRIMARY KEY("unit_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "unit_supervisors" (
	"unit_id" text NOT NULL,
	"user_id" text NOT NULL,
	"given_at" bigint NOT NULL,
	CONSTRAINT "unit_supervisors_unit_id_user_id_pk" PRIMARY KEY("unit_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "org_unit_closure" ADD CONSTRAINT "org_unit_closure_ancestor_id_org_units_id_fk" FOREIGN KEY ("ancestor_id") REFERENCES "public"."org_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_unit_closure" ADD CONSTRAINT "org_unit_closure_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_parent_id_org_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_members" ADD CONSTRAINT "unit_members_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_members" ADD CONSTRAINT "unit_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_membership_requests" ADD CONSTRAINT "unit_membership_requests_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_membership_requests" ADD CONSTRAINT "unit_membership_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_membership_requests" ADD CONSTRAINT "unit_membership_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_supervisors" ADD CONSTRAINT "unit_supervisors_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_supervisors" ADD CONSTRAINT "unit_supervisors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "org_unit_closure_ancestors_of_unit" ON "org_unit_closure" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "org_units_name_among_siblings" ON "org_units" USING btree ("parent_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "org_units_name_among_roots" ON "org_units" USING btree ("name") WHERE parent_id is null;--> statement-breakpoint
CREATE INDEX "unit_members_units_of_user" ON "unit_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "unit_supervisors_units_of_supervisor" ON "unit_supervisors" USING btree ("user_id");