CREATE TABLE "admin_unit" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"parent_code" text,
	"search_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "seed_source" (
	"name" text PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"details" jsonb NOT NULL,
	"rows" integer NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attempt" (
	"id" uuid PRIMARY KEY NOT NULL,
	"learner_id" uuid NOT NULL,
	"lesson_id" text NOT NULL,
	"quiz_version" text NOT NULL,
	"selection_seed" text DEFAULT '' NOT NULL,
	"item_ids" jsonb NOT NULL,
	"answers" jsonb NOT NULL,
	"item_scores" jsonb NOT NULL,
	"score" real NOT NULL,
	"pass_mark" real NOT NULL,
	"passed" boolean NOT NULL,
	"body_hash" text NOT NULL,
	"source" text NOT NULL,
	"assisted_by" uuid,
	"device_started_at" timestamp with time zone,
	"device_submitted_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lesson_progress" (
	"learner_id" uuid NOT NULL,
	"lesson_id" text NOT NULL,
	"attempts" integer NOT NULL,
	"best_score" real NOT NULL,
	"last_score" real NOT NULL,
	"first_passed_at" timestamp with time zone,
	"last_attempt_at" timestamp with time zone NOT NULL,
	CONSTRAINT "lesson_progress_learner_id_lesson_id_pk" PRIMARY KEY("learner_id","lesson_id")
);
--> statement-breakpoint
CREATE TABLE "certification" (
	"user_id" uuid NOT NULL,
	"curriculum_version" text NOT NULL,
	"curriculum_group" text NOT NULL,
	"code" text NOT NULL,
	"earned_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "certification_user_id_curriculum_version_pk" PRIMARY KEY("user_id","curriculum_version"),
	CONSTRAINT "certification_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "quiz_version" (
	"lesson_id" text NOT NULL,
	"version" text NOT NULL,
	"definition" jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quiz_version_lesson_id_version_pk" PRIMARY KEY("lesson_id","version")
);
--> statement-breakpoint
CREATE TABLE "app_user" (
	"id" uuid PRIMARY KEY NOT NULL,
	"login" text NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text NOT NULL,
	"birth_year" integer NOT NULL,
	"commune_code" text NOT NULL,
	"household_key" text,
	"public_servant" boolean DEFAULT false NOT NULL,
	"worker" boolean DEFAULT false NOT NULL,
	"student_level" text,
	"has_smartphone" boolean,
	"has_epayment" boolean,
	"consent_version" text NOT NULL,
	"consent_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_user_login_unique" UNIQUE("login")
);
--> statement-breakpoint
CREATE TABLE "refresh_token" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refresh_token_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "role_grant" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"scope_unit_code" text,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_grant_unique" UNIQUE NULLS NOT DISTINCT("user_id","role","scope_unit_code")
);
--> statement-breakpoint
ALTER TABLE "certification" ADD CONSTRAINT "certification_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_commune_code_admin_unit_code_fk" FOREIGN KEY ("commune_code") REFERENCES "public"."admin_unit"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grant" ADD CONSTRAINT "role_grant_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grant" ADD CONSTRAINT "role_grant_scope_unit_code_admin_unit_code_fk" FOREIGN KEY ("scope_unit_code") REFERENCES "public"."admin_unit"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_unit_parent_idx" ON "admin_unit" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "attempt_learner_lesson_idx" ON "attempt" USING btree ("learner_id","lesson_id");--> statement-breakpoint
CREATE INDEX "app_user_commune_idx" ON "app_user" USING btree ("commune_code");--> statement-breakpoint
CREATE INDEX "refresh_token_family_idx" ON "refresh_token" USING btree ("family_id");