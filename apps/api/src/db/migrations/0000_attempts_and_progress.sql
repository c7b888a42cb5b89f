CREATE TABLE "attempt" (
	"id" uuid PRIMARY KEY NOT NULL,
	"learner_id" uuid NOT NULL,
	"lesson_id" text NOT NULL,
	"quiz_version" text NOT NULL,
	"item_ids" jsonb NOT NULL,
	"answers" jsonb NOT NULL,
	"item_scores" jsonb NOT NULL,
	"score" real NOT NULL,
	"pass_mark" real NOT NULL,
	"passed" boolean NOT NULL,
	"body_hash" text NOT NULL,
	"source" text NOT NULL,
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
CREATE TABLE "quiz_version" (
	"version" text PRIMARY KEY NOT NULL,
	"lesson_id" text NOT NULL,
	"definition" jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "attempt_learner_lesson_idx" ON "attempt" USING btree ("learner_id","lesson_id");