import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import {
  OLDEST_COHORT,
  certifiedMetrics,
  learnerMetrics,
  weekOf,
  type LearnerFacts,
  type Metric,
} from '../domain/indicators.ts';

/** The nation's row in the roll-ups (units are 2-digit provinces and 5-digit communes). */
export const NATION = 'VN';

type Q = Tx | Db;
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

type UserRow = LearnerFacts & { communeCode: string; provinceCode: string; householdKey: string | null };

/**
 * What one account contributes to the roll-ups right now, as "metric|week|cohort" → count, for its commune:
 * its certificates, its person-level certification (first active certificate), its household's
 * (first active certificate of any member) and its self-reported answers. The roll-ups are changed by
 * the difference between this before and after a write, in the writing transaction.
 */
export type Contribution = { communeCode: string; provinceCode: string; counts: Map<string, number> };

async function loadUser(q: Q, userId: string): Promise<UserRow | null> {
  const [row] = rowsOf<{
    commune_code: string;
    province_code: string;
    household_key: string | null;
    birth_year: number;
    public_servant: boolean;
    worker: boolean;
    student_level: string | null;
    has_smartphone: boolean | null;
    has_epayment: boolean | null;
    created_at: string | Date;
    kind: string;
  }>(
    await q.execute(sql`
      select u.commune_code, a.parent_code as province_code, u.household_key, u.birth_year, u.public_servant, u.worker,
             u.student_level, u.has_smartphone, u.has_epayment, u.created_at, a.kind
      from app_user u join admin_unit a on a.code = u.commune_code where u.id = ${userId}`),
  );
  if (!row) return null;
  return {
    communeCode: row.commune_code,
    provinceCode: row.province_code,
    householdKey: row.household_key,
    birthYear: row.birth_year,
    publicServant: row.public_servant,
    worker: row.worker,
    studentLevel: row.student_level,
    hasSmartphone: row.has_smartphone,
    hasEpayment: row.has_epayment,
    createdAt: new Date(row.created_at),
    urban: row.kind === 'ward',
  };
}

/** Key of one roll-up cell in a contribution: metric, local week, cohort (0: not kept by age). */
const keyOf = (metric: Metric, at: Date, cohort: number) => `${metric}|${weekOf(at)}|${cohort}`;
const bump = (m: Map<string, number>, metric: Metric, at: Date, cohort = 0, n = 1) => {
  const key = keyOf(metric, at, cohort);
  m.set(key, (m.get(key) ?? 0) + n);
};

/** The household part alone: +1 at the week of the first active certificate of any member. */
async function householdPart(
  q: Q,
  communeCode: string,
  householdKey: string,
  counts: Map<string, number>,
  exclude?: Exclude,
): Promise<void> {
  const [row] = rowsOf<{ first_at: string | Date | null }>(
    await q.execute(sql`
      select min(c.earned_at) as first_at from certification c join app_user u on u.id = c.user_id
      where u.commune_code = ${communeCode} and u.household_key = ${householdKey} and c.revoked_at is null
        and not (c.user_id = ${exclude?.userId ?? null}::uuid and c.curriculum_version = ${exclude?.curriculumVersion ?? ''})`),
  );
  if (row?.first_at) bump(counts, 'certified_households', new Date(row.first_at));
}

/** A certificate to leave out: "before" it was written, computed after the insert. */
type Exclude = { userId: string; curriculumVersion: string };

export async function contribution(
  q: Q,
  userId: string,
  exclude?: Exclude,
  household = true,
): Promise<Contribution | null> {
  const user = await loadUser(q, userId);
  if (!user) return null;
  const counts = new Map<string, number>();
  const certs = rowsOf<{ earned_at: string | Date }>(
    await q.execute(sql`
      select earned_at from certification where user_id = ${userId} and revoked_at is null
        and curriculum_version <> ${exclude?.userId === userId ? exclude.curriculumVersion : ''} order by earned_at`),
  ).map((r) => new Date(r.earned_at));
  for (const at of certs) bump(counts, 'certificates', at);
  if (certs[0]) for (const c of certifiedMetrics(user)) bump(counts, c.metric, certs[0], c.cohort);
  for (const c of learnerMetrics(user)) bump(counts, c.metric, user.createdAt, c.cohort);
  if (household && user.householdKey) await householdPart(q, user.communeCode, user.householdKey, counts, exclude);
  return { communeCode: user.communeCode, provinceCode: user.provinceCode, counts };
}

/**
 * After the account is gone (deletion), only its household's part is left to recount, from the
 * remaining members. `before` must have been taken with `contribution` before the delete.
 */
export async function contributionAfterDelete(
  q: Q,
  before: Contribution,
  householdKey: string | null,
): Promise<Contribution> {
  const counts = new Map<string, number>();
  if (householdKey) await householdPart(q, before.communeCode, householdKey, counts);
  return { ...before, counts };
}

export async function householdKeyOf(q: Q, userId: string): Promise<string | null> {
  const [row] = rowsOf<{ household_key: string | null }>(
    await q.execute(sql`select household_key from app_user where id = ${userId}`),
  );
  return row?.household_key ?? null;
}

/** Roll-up changes gathered in a transaction: unit|metric|week|cohort → change. */
export type RollupChanges = Map<string, number>;

/**
 * Adds after − before to `changes`: the numbers before come off the commune, province and nation the
 * account was in, the numbers after go to those it is in now (the same units unless the write moved it).
 */
function addDifference(changes: RollupChanges, before: Contribution | null, after: Contribution | null): RollupChanges {
  const add = (c: Contribution | null, sign: 1 | -1) => {
    if (!c) return;
    for (const unit of [c.communeCode, c.provinceCode, NATION]) {
      for (const [key, n] of c.counts) {
        const k = `${unit}|${key}`;
        changes.set(k, (changes.get(k) ?? 0) + sign * n);
      }
    }
  };
  add(before, -1);
  add(after, 1);
  return changes;
}

/** Applies after − before to the roll-ups, totals and weeks. */
export async function applyDifference(q: Q, before: Contribution | null, after: Contribution | null): Promise<void> {
  await writeChanges(q, addDifference(new Map(), before, after));
}

/**
 * Writes gathered changes, once per transaction. Rows are updated in one order for every writer
 * (unit, metric, week, cohort), so concurrent transactions cannot deadlock on them: a transaction
 * that certifies several learners gathers all their changes first (`rollupCertified` with a
 * `changes` map), else it would lock the nation's row for one learner and a province's for the next.
 */
export async function writeChanges(q: Q, cells: RollupChanges): Promise<void> {
  const changes = [...cells.entries()].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (changes.length === 0) return;
  const weekRows: SQL[] = [];
  const totals = new Map<string, number>();
  for (const [key, n] of changes) {
    const [unit, metric, week, cohort] = key.split('|') as [string, string, string, string];
    weekRows.push(sql`(${unit}, ${metric}, ${week}::date, ${Number(cohort)}::smallint, ${n}::int)`);
    const t = `${unit}|${metric}|${cohort}`;
    totals.set(t, (totals.get(t) ?? 0) + n);
  }
  const totalRows = [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, n]) => {
      const [unit, metric, cohort] = key.split('|') as [string, string, string];
      return sql`(${unit}, ${metric}, ${Number(cohort)}::smallint, ${n}::int)`;
    });
  await q.execute(sql`
    insert into indicator_total (unit_code, metric, cohort, n) values ${sql.join(totalRows, sql`, `)}
    on conflict (unit_code, metric, cohort) do update set n = indicator_total.n + excluded.n`);
  await q.execute(sql`
    insert into indicator_week (unit_code, metric, week, cohort, n) values ${sql.join(weekRows, sql`, `)}
    on conflict (unit_code, metric, week, cohort) do update set n = indicator_week.n + excluded.n`);
}

/**
 * Serialises writers of one household (its members are different rows, so their row locks do not),
 * else two members certified at once would each count the household. Taken after the user's row lock.
 */
async function lockHousehold(q: Q, userId: string): Promise<string | null> {
  const key = await householdKeyOf(q, userId);
  if (key) {
    await q.execute(
      sql`select pg_advisory_xact_lock(hashtext(u.commune_code || '/' || u.household_key)) from app_user u where u.id = ${userId}`,
    );
  }
  return key;
}

/**
 * In the certifying transaction, right after the certificate was inserted. With `changes`, the
 * changes are gathered there for one `writeChanges` at the end (several learners in one transaction).
 */
export async function rollupCertified(
  q: Q,
  userId: string,
  curriculumVersion: string,
  changes?: RollupChanges,
): Promise<void> {
  await lockHousehold(q, userId);
  const before = await contribution(q, userId, { userId, curriculumVersion });
  const after = await contribution(q, userId);
  if (changes) addDifference(changes, before, after);
  else await applyDifference(q, before, after);
}

/** In the sign-up transaction, right after the account was inserted. */
export async function rollupSignedUp(q: Q, userId: string): Promise<void> {
  // A new account has no certificate yet, so its household's state does not change: leave it out.
  await applyDifference(q, null, await contribution(q, userId, undefined, false));
}

/** Around an account's deletion, in its transaction: takes the account's part out of every roll-up. */
export async function withRollupOfDeletion<T>(q: Q, userId: string, remove: () => Promise<T>): Promise<T> {
  const householdKey = await lockHousehold(q, userId);
  const before = await contribution(q, userId);
  const result = await remove();
  if (before) await applyDifference(q, before, await contributionAfterDelete(q, before, householdKey));
  return result;
}

/** Around a write that changes an account's certificates (a revocation), in its transaction, after the user's row lock. */
export async function withRollupOfChange<T>(q: Q, userId: string, write: () => Promise<T>): Promise<T> {
  await lockHousehold(q, userId);
  const before = await contribution(q, userId);
  const result = await write();
  await applyDifference(q, before, await contribution(q, userId));
  return result;
}

/** SQL twin of `weekOf`: the local (UTC+7) Monday of a timestamptz. */
const week = (col: string) => `(date_trunc('week', (${col} at time zone 'UTC') + interval '7 hours'))::date`;

const cohort = (col: string) => `greatest(${col}, ${OLDEST_COHORT})::smallint`;

/**
 * Every roll-up row recomputed from the raw rows (users, certifications, units): what the roll-ups
 * must equal. Used by the check and to rebuild after a bulk load. Twin of `contribution` and the
 * rules in domain/indicators.ts (`certifiedMetrics`, `learnerMetrics`, `cohortOf`).
 */
export const RECOMPUTE_SQL = `
with active as (
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
  select u.commune_code, u.created_at, ${cohort('u.birth_year')} as cohort, u.has_smartphone, u.has_epayment, a.kind = 'ward' as urban
  from app_user u join admin_unit a on a.code = u.commune_code
), fact (commune_code, metric, at, cohort) as (
  select u.commune_code, 'certificates', c.earned_at, 0::smallint from active c join app_user u on u.id = c.user_id
  union all select commune_code, 'certified_people', first_at, ${cohort('birth_year')} from person
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
  select commune_code, metric, ${week('at')} as week, cohort, count(*)::int as n from fact group by 1, 2, 3, 4
)
select unit_code, metric, week, cohort, sum(n)::int as n from (
  select commune_code as unit_code, metric, week, cohort, n from base
  union all select a.parent_code, metric, week, cohort, n from base join admin_unit a on a.code = base.commune_code
  union all select '${NATION}', metric, week, cohort, n from base
) expanded group by 1, 2, 3, 4`;

export type RollupDifference = {
  table: 'indicator_week' | 'indicator_total';
  unitCode: string;
  metric: string;
  week: string | null;
  cohort: number;
  stored: number;
  expected: number;
};

/** Compares the stored roll-ups with a recomputation from raw rows; an empty list means they agree. */
export async function checkRollups(q: Q, limit = 100): Promise<RollupDifference[]> {
  const weeks = rowsOf<{
    unit_code: string;
    metric: string;
    week: string;
    cohort: number;
    stored: number;
    expected: number;
  }>(
    await q.execute(
      sql.raw(`
      with expected as (${RECOMPUTE_SQL})
      select coalesce(s.unit_code, e.unit_code) as unit_code, coalesce(s.metric, e.metric) as metric,
             to_char(coalesce(s.week, e.week), 'YYYY-MM-DD') as week, coalesce(s.cohort, e.cohort) as cohort,
             coalesce(s.n, 0) as stored, coalesce(e.n, 0) as expected
      from indicator_week s full join expected e
        on e.unit_code = s.unit_code and e.metric = s.metric and e.week = s.week and e.cohort = s.cohort
      where coalesce(s.n, 0) <> coalesce(e.n, 0) limit ${limit}`),
    ),
  );
  const totals = rowsOf<{ unit_code: string; metric: string; cohort: number; stored: number; expected: number }>(
    await q.execute(
      sql.raw(`
      with expected as (select unit_code, metric, cohort, sum(n)::int as n from (${RECOMPUTE_SQL}) r group by 1, 2, 3)
      select coalesce(s.unit_code, e.unit_code) as unit_code, coalesce(s.metric, e.metric) as metric,
             coalesce(s.cohort, e.cohort) as cohort, coalesce(s.n, 0) as stored, coalesce(e.n, 0) as expected
      from indicator_total s full join expected e on e.unit_code = s.unit_code and e.metric = s.metric and e.cohort = s.cohort
      where coalesce(s.n, 0) <> coalesce(e.n, 0) limit ${limit}`),
    ),
  );
  return [
    ...weeks.map((r) => ({
      table: 'indicator_week' as const,
      unitCode: r.unit_code,
      metric: r.metric,
      week: r.week,
      cohort: Number(r.cohort),
      stored: Number(r.stored),
      expected: Number(r.expected),
    })),
    ...totals.map((r) => ({
      table: 'indicator_total' as const,
      unitCode: r.unit_code,
      metric: r.metric,
      week: null,
      cohort: Number(r.cohort),
      stored: Number(r.stored),
      expected: Number(r.expected),
    })),
  ];
}

/** Replaces every roll-up with a recomputation (after a bulk load; never on a request path). */
export async function rebuildRollups(q: Q): Promise<void> {
  await q.execute(sql`delete from indicator_week`);
  await q.execute(sql`delete from indicator_total`);
  await q.execute(sql.raw(`insert into indicator_week (unit_code, metric, week, cohort, n) ${RECOMPUTE_SQL}`));
  await q.execute(
    sql.raw(
      `insert into indicator_total (unit_code, metric, cohort, n) select unit_code, metric, cohort, sum(n)::int from indicator_week group by 1, 2, 3`,
    ),
  );
}
