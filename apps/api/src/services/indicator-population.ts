import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { NATION } from './indicator-rollup.ts';

type Q = Tx | Db;
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/**
 * Every row of `population_rollup` from the `population` figures: for each unit, group and year with
 * a figure of its own or of a unit below, its own figure if it has one (all its communes covered),
 * else the sum of the units' below for that same year and how many communes that covers. Years are
 * never mixed: a commune that reported only another year is not covered for this one.
 */
export const POPULATION_ROLLUP_SQL = `
with commune as (
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
  select "group", year from population where unit_code = '${NATION}'
  union select "group", year from p_sum
), total as (
  select count(*)::int as communes from commune
)
select unit_code, "group", year, count, reported, communes from c_rows
union all select unit_code, "group", year, count, reported, communes from p_rows
union all
select '${NATION}', k."group", k.year, coalesce(own.count::bigint, ps.count),
       case when own.count is not null then t.communes else ps.reported end, t.communes
from n_keys k cross join total t
left join population own on own.unit_code = '${NATION}' and own."group" = k."group" and own.year = k.year
left join p_sum ps on ps."group" = k."group" and ps.year = k.year`;

/**
 * Rewrites the roll-up rows of the given units, their provinces and the nation, in the writing
 * transaction. Writers are serialised (population writes are rare) so that two officials saving
 * figures of two provinces at once cannot each write a national sum that misses the other's.
 */
export async function refreshPopulationRollup(q: Q, unitCodes: string[]): Promise<void> {
  await q.execute(sql`select pg_advisory_xact_lock(hashtext('population_rollup'))`);
  if (unitCodes.length === 0) return;
  const list = sql.join(
    [...new Set(unitCodes)].map((c) => sql`${c}`),
    sql`, `,
  );
  const affected = sql`(
    select code from admin_unit where code in (${list})
    union select parent_code from admin_unit where code in (${list}) and parent_code is not null
    union select ${NATION})`;
  await q.execute(sql`delete from population_rollup where unit_code in ${affected}`);
  await q.execute(sql`
    insert into population_rollup (unit_code, "group", year, count, reported, communes)
    select * from (${sql.raw(POPULATION_ROLLUP_SQL)}) r where r.unit_code in ${affected}`);
}

/** Rebuilds every population roll-up row (after a bulk load). */
export async function rebuildPopulationRollup(q: Q): Promise<void> {
  await q.execute(sql`delete from population_rollup`);
  await q.execute(
    sql.raw(
      `insert into population_rollup (unit_code, "group", year, count, reported, communes) ${POPULATION_ROLLUP_SQL}`,
    ),
  );
}

export type PopulationRollupDifference = {
  unitCode: string;
  group: string;
  year: number;
  stored: string | null;
  expected: string | null;
};

/** Compares the stored population roll-ups with a recomputation; an empty list means they agree. */
export async function checkPopulationRollup(q: Q, limit = 100): Promise<PopulationRollupDifference[]> {
  const rows = rowsOf<{
    unit_code: string;
    group: string;
    year: number;
    stored: string | null;
    expected: string | null;
  }>(
    await q.execute(
      sql.raw(`
      with expected as (${POPULATION_ROLLUP_SQL})
      select coalesce(s.unit_code, e.unit_code) as unit_code, coalesce(s."group", e."group") as "group",
             coalesce(s.year, e.year) as year,
             case when s.unit_code is null then null else s.count || ' (' || s.reported || '/' || s.communes || ')' end as stored,
             case when e.unit_code is null then null else e.count || ' (' || e.reported || '/' || e.communes || ')' end as expected
      from population_rollup s full join expected e on e.unit_code = s.unit_code and e."group" = s."group" and e.year = s.year
      where s.unit_code is null or e.unit_code is null or s.count <> e.count or s.reported <> e.reported or s.communes <> e.communes
      limit ${limit}`),
    ),
  );
  return rows.map((r) => ({
    unitCode: r.unit_code,
    group: r.group,
    year: Number(r.year),
    stored: r.stored,
    expected: r.expected,
  }));
}
