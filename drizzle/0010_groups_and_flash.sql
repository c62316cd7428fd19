CREATE TABLE "flash_mentor_settings" (
	"mentor_enrolment_id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"monthly_cap" integer DEFAULT 4 NOT NULL,
	"time_zone" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flash_patterns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"mentor_enrolment_id" uuid NOT NULL,
	"weekday" integer NOT NULL,
	"start_time" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"time_zone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flash_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"mentor_enrolment_id" uuid NOT NULL,
	"mentor_person_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"time_zone" text NOT NULL,
	"pattern_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"booked_by_person_id" uuid,
	"relationship_id" uuid,
	"topic" text,
	"agenda" text DEFAULT '' NOT NULL,
	"booked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_agreement_signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_agreement_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"edited_by_person_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"title" text NOT NULL,
	"measurable" text DEFAULT '' NOT NULL,
	"due_on" date,
	"status" text DEFAULT 'not_started' NOT NULL,
	"progress_percent" integer DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by_person_id" uuid,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"organiser_person_id" uuid,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"time_zone" text NOT NULL,
	"location" text,
	"video_url" text,
	"agenda" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"ics_uid" text NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"cancelled_at" timestamp with time zone,
	"held_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"author_person_id" uuid NOT NULL,
	"visibility" text NOT NULL,
	"group_meeting_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"mentor_enrolment_id" uuid NOT NULL,
	"mentor_person_id" uuid NOT NULL,
	"co_mentor_enrolment_id" uuid,
	"co_mentor_person_id" uuid,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"origin" text NOT NULL,
	"match_run_id" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "group_meeting_id" uuid;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "group_min_size" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "group_max_size" integer DEFAULT 8 NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "flash_close_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "relationships" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "flash_mentor_settings" ADD CONSTRAINT "flash_mentor_settings_mentor_enrolment_id_enrolments_id_fk" FOREIGN KEY ("mentor_enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_mentor_settings" ADD CONSTRAINT "flash_mentor_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_mentor_settings" ADD CONSTRAINT "flash_mentor_settings_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_patterns" ADD CONSTRAINT "flash_patterns_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_patterns" ADD CONSTRAINT "flash_patterns_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_patterns" ADD CONSTRAINT "flash_patterns_mentor_enrolment_id_enrolments_id_fk" FOREIGN KEY ("mentor_enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_slots" ADD CONSTRAINT "flash_slots_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_slots" ADD CONSTRAINT "flash_slots_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_slots" ADD CONSTRAINT "flash_slots_mentor_enrolment_id_enrolments_id_fk" FOREIGN KEY ("mentor_enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_slots" ADD CONSTRAINT "flash_slots_mentor_person_id_people_id_fk" FOREIGN KEY ("mentor_person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_slots" ADD CONSTRAINT "flash_slots_pattern_id_flash_patterns_id_fk" FOREIGN KEY ("pattern_id") REFERENCES "public"."flash_patterns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_slots" ADD CONSTRAINT "flash_slots_booked_by_person_id_people_id_fk" FOREIGN KEY ("booked_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flash_slots" ADD CONSTRAINT "flash_slots_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_agreement_signatures" ADD CONSTRAINT "group_agreement_signatures_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_agreement_signatures" ADD CONSTRAINT "group_agreement_signatures_version_id_group_agreement_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."group_agreement_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_agreement_signatures" ADD CONSTRAINT "group_agreement_signatures_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_agreement_versions" ADD CONSTRAINT "group_agreement_versions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_agreement_versions" ADD CONSTRAINT "group_agreement_versions_group_id_mentoring_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."mentoring_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_agreement_versions" ADD CONSTRAINT "group_agreement_versions_edited_by_person_id_people_id_fk" FOREIGN KEY ("edited_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_goals" ADD CONSTRAINT "group_goals_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_goals" ADD CONSTRAINT "group_goals_group_id_mentoring_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."mentoring_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_goals" ADD CONSTRAINT "group_goals_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_meetings" ADD CONSTRAINT "group_meetings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_meetings" ADD CONSTRAINT "group_meetings_group_id_mentoring_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."mentoring_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_meetings" ADD CONSTRAINT "group_meetings_organiser_person_id_people_id_fk" FOREIGN KEY ("organiser_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_notes" ADD CONSTRAINT "group_notes_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_notes" ADD CONSTRAINT "group_notes_group_id_mentoring_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."mentoring_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_notes" ADD CONSTRAINT "group_notes_author_person_id_people_id_fk" FOREIGN KEY ("author_person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_notes" ADD CONSTRAINT "group_notes_group_meeting_id_group_meetings_id_fk" FOREIGN KEY ("group_meeting_id") REFERENCES "public"."group_meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_groups" ADD CONSTRAINT "mentoring_groups_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_groups" ADD CONSTRAINT "mentoring_groups_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_groups" ADD CONSTRAINT "mentoring_groups_mentor_enrolment_id_enrolments_id_fk" FOREIGN KEY ("mentor_enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_groups" ADD CONSTRAINT "mentoring_groups_mentor_person_id_people_id_fk" FOREIGN KEY ("mentor_person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_groups" ADD CONSTRAINT "mentoring_groups_co_mentor_enrolment_id_enrolments_id_fk" FOREIGN KEY ("co_mentor_enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_groups" ADD CONSTRAINT "mentoring_groups_co_mentor_person_id_people_id_fk" FOREIGN KEY ("co_mentor_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_groups" ADD CONSTRAINT "mentoring_groups_match_run_id_match_runs_id_fk" FOREIGN KEY ("match_run_id") REFERENCES "public"."match_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flash_patterns_mentor_idx" ON "flash_patterns" USING btree ("mentor_enrolment_id");--> statement-breakpoint
CREATE INDEX "flash_slots_program_idx" ON "flash_slots" USING btree ("program_id","status","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "flash_slots_mentor_start_unique" ON "flash_slots" USING btree ("mentor_enrolment_id","starts_at") WHERE "flash_slots"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "group_agreement_signatures_version_person_unique" ON "group_agreement_signatures" USING btree ("version_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "group_agreement_versions_group_version_unique" ON "group_agreement_versions" USING btree ("group_id","version");--> statement-breakpoint
CREATE INDEX "group_goals_group_idx" ON "group_goals" USING btree ("group_id","position");--> statement-breakpoint
CREATE INDEX "group_meetings_group_idx" ON "group_meetings" USING btree ("group_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "group_meetings_ics_uid_unique" ON "group_meetings" USING btree ("ics_uid");--> statement-breakpoint
CREATE INDEX "group_notes_group_idx" ON "group_notes" USING btree ("group_id","visibility","created_at");--> statement-breakpoint
CREATE INDEX "mentoring_groups_program_idx" ON "mentoring_groups" USING btree ("program_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_groups_program_mentor_unique" ON "mentoring_groups" USING btree ("program_id","mentor_enrolment_id") WHERE "mentoring_groups"."status" <> 'closed';--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_group_meeting_id_group_meetings_id_fk" FOREIGN KEY ("group_meeting_id") REFERENCES "public"."group_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationships" ADD CONSTRAINT "relationships_group_id_mentoring_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."mentoring_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meetings_group_meeting_idx" ON "meetings" USING btree ("group_meeting_id");--> statement-breakpoint
CREATE INDEX "relationships_group_idx" ON "relationships" USING btree ("group_id","status");