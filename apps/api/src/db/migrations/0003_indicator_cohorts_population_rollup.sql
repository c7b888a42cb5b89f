CREATE TABLE "population_rollup" (
	"unit_code" text NOT NULL,
	"group" text NOT NULL,
	"year" integer NOT NULL,
	"count" bigint NOT NULL,
	"reported" integer NOT NULL,
	"communes" integer NOT NULL,
	CONSTRAINT "population_rollup_unit_code_group_year_pk" PRIMARY KEY("unit_code","group","year")
);
--> statement-breakpoint
ALTER TABLE "indicator_total" DROP CONSTRAINT "indicator_total_unit_code_metric_pk";--> statement-breakpoint
ALTER TABLE "indicator_week" DROP CONSTRAINT "indicator_week_unit_code_metric_week_pk";--> statement-breakpoint
ALTER TABLE "indicator_total" ADD COLUMN "cohort" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_week" ADD COLUMN "cohort" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "indicator_total" ADD CONSTRAINT "indicator_total_unit_code_metric_cohort_pk" PRIMARY KEY("unit_code","metric","cohort");--> statement-breakpoint
ALTER TABLE "indicator_week" ADD CONSTRAINT "indicator_week_unit_code_metric_week_cohort_pk" PRIMARY KEY("unit_code","metric","week","cohort");--> statement-breakpoint
-- The roll-ups under the new definitions (adults decided at reading time by birth cohort; indicators 6
-- and 7 over the learners who answered), rebuilt from the raw rows. This is RECOMPUTE_SQL of
-- services/indicator-rollup.ts as of this migration, frozen here like any migration.
DELETE FROM "indicator_week";--> statement-breakpoint
DELETE FROM "indicator_total";--> statement-breakpoint
INSERT INTO "indicator_week" ("unit_code", "metric", "week", "cohort", "n") with active as (
  select user_id, earned_at from certification where revoked_at is null
), person as (
  select u.id, u.commune_code, u.birth_year, u.public_servant, u.worker, u.student_level, min(c.earned_at) as first_at
  from app_user u join active c on c.user_id = u.id
  group by u.id
), household as (
  select u.commune_code, u.household_key, min(c.earned_at) as first_at
  from app_user u join active c on c.user_id = u.id
  where u.household_key is not null
  group by u.commune_code, u.household_key
), learner as (
  select u.commune_code, u.created_at, greatest(u.birth_year, 2007)::smallint as cohort, u.has_smartphone, u.has_epayment, a.kind = 'ward' as urban
  from app_user u join admin_unit a on a.code = u.commune_code
), fact (commune_code, metric, at, cohort) as (
  select u.commune_code, 'certificates', c.earned_at, 0::smallint from active c join app_user u on u.id = c.user_id
  union all select commune_code, 'certified_people', first_at, greatest(birth_year, 2007)::smallint from person
  union all select commune_code, 'certified_public_servants', first_at, 0::smallint from person where public_servant
  union all select commune_code, 'certified_workers', first_at, 0::smallint from person where worker
  union all select commune_code, 'certified_students_' || student_level, first_at, 0::smallint from person
    where student_level in ('primary', 'lower_secondary', 'upper_secondary', 'higher')
  union all select commune_code, 'certified_households', first_at, 0::smallint from household
  union all select commune_code, 'learners_smartphone_answered', created_at, cohort from learner where has_smartphone is not null
  union all select commune_code, 'learners_smartphone', created_at, cohort from learner where has_smartphone
  union all select commune_code, 'learners_epayment_answered', created_at, cohort from learner where urban and has_epayment is not null
  union all select commune_code, 'learners_epayment', created_at, cohort from learner where urban and has_epayment
), base as (
  select commune_code, metric, (date_trunc('week', (at at time zone 'UTC') + interval '7 hours'))::date as week, cohort, count(*)::int as n from fact group by 1, 2, 3, 4
)
select unit_code, metric, week, cohort, sum(n)::int as n from (
  select commune_code as unit_code, metric, week, cohort, n from base
  union all select a.parent_code, metric, week, cohort, n from base join admin_unit a on a.code = base.commune_code
  union all select 'VN', metric, week, cohort, n from base
) expanded group by 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO "indicator_total" ("unit_code", "metric", "cohort", "n") SELECT "unit_code", "metric", "cohort", sum("n")::int FROM "indicator_week" GROUP BY 1, 2, 3;--> statement-breakpoint
-- Denominators summed up the levels (POPULATION_ROLLUP_SQL of services/indicator-population.ts, frozen).
INSERT INTO "population_rollup" ("unit_code", "group", "year", "count", "reported", "communes") with commune as (
  select code, parent_code from admin_unit where parent_code is not null
), size as (
  select parent_code as code, count(*)::int as communes from commune group by 1
), c_rows as (
  select p.unit_code, p."group", p.year, p.count::bigint as count, 1 as reported, 1 as communes
  from population p join commune c on c.code = p.unit_code
), c_sum as (
  select c.parent_code as code, r."group", r.year, sum(r.count)::bigint as count, count(*)::int as reported
  from c_rows r join commune c on c.code = r.unit_code group by 1, 2, 3
), p_keys as (
  select p.unit_code as code, p."group", p.year from population p join size s on s.code = p.unit_code
  union select code, "group", year from c_sum
), p_rows as (
  select k.code as unit_code, k."group", k.year, coalesce(own.count::bigint, cs.count) as count,
         case when own.count is not null then s.communes else cs.reported end as reported, s.communes
  from p_keys k join size s on s.code = k.code
  left join population own on own.unit_code = k.code and own."group" = k."group" and own.year = k.year
  left join c_sum cs on cs.code = k.code and cs."group" = k."group" and cs.year = k.year
), p_sum as (
  select "group", year, sum(count)::bigint as count, sum(reported)::int as reported from p_rows group by 1, 2
), n_keys as (
  select "group", year from population where unit_code = 'VN'
  union select "group", year from p_sum
), total as (
  select count(*)::int as communes from commune
)
select unit_code, "group", year, count, reported, communes from c_rows
union all select unit_code, "group", year, count, reported, communes from p_rows
union all
select 'VN', k."group", k.year, coalesce(own.count::bigint, ps.count),
       case when own.count is not null then t.communes else ps.reported end, t.communes
from n_keys k cross join total t
left join population own on own.unit_code = 'VN' and own."group" = k."group" and own.year = k.year
left join p_sum ps on ps."group" = k."group" and ps.year = k.year;--> statement-breakpoint
-- FACTS.md names the plans that set these levels together (Hà Nội KH 138, Trà Vinh KH 67, Chương Mỹ,
-- Hoài Đức) without saying which one sets which: the label no longer attributes them to KH 138 alone.
UPDATE "plan_target" SET "plan" = 'Một số kế hoạch địa phương (có dẫn KH 138/KH-UBND Hà Nội, 15/5/2025): 85% người trưởng thành có điện thoại thông minh; chưa đối chiếu văn bản, không rõ năm'
  WHERE "indicator" = 'smartphone' AND "unit_code" = '01' AND "entered_by" IS NULL AND "plan" = 'KH 138/KH-UBND Hà Nội (15/5/2025)';--> statement-breakpoint
UPDATE "plan_target" SET "plan" = 'Một số kế hoạch địa phương (có dẫn KH 138/KH-UBND Hà Nội, 15/5/2025): trên 50% người trưởng thành ở đô thị có tài khoản thanh toán điện tử; chưa đối chiếu văn bản, không rõ năm'
  WHERE "indicator" = 'epayment' AND "unit_code" = '01' AND "entered_by" IS NULL AND "plan" = 'KH 138/KH-UBND Hà Nội (15/5/2025)';
