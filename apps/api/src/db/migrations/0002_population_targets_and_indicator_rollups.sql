CREATE TABLE "indicator_total" (
	"unit_code" text NOT NULL,
	"metric" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "indicator_total_unit_code_metric_pk" PRIMARY KEY("unit_code","metric")
);
--> statement-breakpoint
CREATE TABLE "indicator_week" (
	"unit_code" text NOT NULL,
	"metric" text NOT NULL,
	"week" date NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "indicator_week_unit_code_metric_week_pk" PRIMARY KEY("unit_code","metric","week")
);
--> statement-breakpoint
CREATE TABLE "plan_target" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_code" text,
	"year" integer NOT NULL,
	"indicator" text NOT NULL,
	"percent" numeric(5, 2) NOT NULL,
	"plan" text NOT NULL,
	"entered_by" uuid,
	CONSTRAINT "plan_target_unique" UNIQUE NULLS NOT DISTINCT("unit_code","year","indicator")
);
--> statement-breakpoint
CREATE TABLE "population" (
	"unit_code" text NOT NULL,
	"year" integer NOT NULL,
	"group" text NOT NULL,
	"count" integer NOT NULL,
	"entered_by" uuid,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "population_unit_code_group_year_pk" PRIMARY KEY("unit_code","group","year")
);
