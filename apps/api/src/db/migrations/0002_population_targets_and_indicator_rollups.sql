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
--> statement-breakpoint
-- Targets the plans state (../shared/content/FACTS.md); officials override them per province or commune.
-- Default for every unit (unit_code null): workers from QĐ 757; adults, public-sector staff and students at the
-- level the provincial plans share (Trà Vinh KH 67/KH-UBND states exactly 80% 2025 / 100% 2026, 100% students).
INSERT INTO "plan_target" ("unit_code", "year", "indicator", "percent", "plan") VALUES
	(NULL, 2025, 'workers', 80, 'QĐ 757/QĐ-BKHCN, phụ lục 1.4'),
	(NULL, 2026, 'workers', 100, 'QĐ 757/QĐ-BKHCN, phụ lục 1.4'),
	(NULL, 2025, 'adults', 80, 'Kế hoạch các tỉnh (80–100%), vd. KH 67/KH-UBND Trà Vinh'),
	(NULL, 2026, 'adults', 100, 'Kế hoạch các tỉnh (80–100%), vd. KH 67/KH-UBND Trà Vinh'),
	(NULL, 2025, 'public_servants', 80, 'Kế hoạch các tỉnh (80–100%), vd. KH 67/KH-UBND Trà Vinh'),
	(NULL, 2026, 'public_servants', 100, 'Kế hoạch các tỉnh (80–100%), vd. KH 67/KH-UBND Trà Vinh'),
	(NULL, 2025, 'students', 100, 'Kế hoạch các tỉnh: 100% học sinh, sinh viên'),
	(NULL, 2026, 'students', 100, 'Kế hoạch các tỉnh: 100% học sinh, sinh viên'),
	('01', 2025, 'smartphone', 85, 'KH 138/KH-UBND Hà Nội (15/5/2025)'),
	('01', 2026, 'smartphone', 85, 'KH 138/KH-UBND Hà Nội (15/5/2025)'),
	('01', 2025, 'epayment', 50, 'KH 138/KH-UBND Hà Nội (15/5/2025)'),
	('01', 2026, 'epayment', 50, 'KH 138/KH-UBND Hà Nội (15/5/2025)');
