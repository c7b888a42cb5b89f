import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { IndicatorReport } from '@hvs/contracts';
import { parse } from 'csv-parse/sync';
import { checkRollups, rebuildRollups } from '../src/services/indicator-rollup.ts';
import { rebuildPopulationRollup } from '../src/services/indicator-population.ts';
import { buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

/**
 * The three ways a reader could undo the public page's small-count suppression by subtraction, each
 * tried on a hand-made dataset (raw users and certifications; the roll-ups rebuilt from them):
 * (a) a province's count minus its shown communes, (b) learners who answered minus those who said yes,
 * (c) one week's cumulative count minus the week before. Right answers are written here.
 *
 * Province Q: communes A (3 adults certified), B (6), C (12, over ten weeks), ward D (20; 7 learners
 * answered the smartphone question, 6 of them yes), ward E (20 answered, 12 yes); every other commune
 * of Q has nobody. Province R: 30 adults certified in one commune; province S: 2. Nobody anywhere else.
 */
let database: TestDatabase;
let app: FastifyInstance;
const U: Record<'Q' | 'R' | 'S' | 'A' | 'B' | 'C' | 'D' | 'E' | 'RA' | 'SA', string> = {
  Q: '',
  R: '',
  S: '',
  SA: '',
  A: '',
  B: '',
  C: '',
  D: '',
  E: '',
  RA: '',
};
const TRUE_ADULTS: Record<string, number> = {};
const official = { kind: 'user' as const, userId: randomUUID(), learnerId: '', roles: [] };
const WEEK = 7 * 86400_000;

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
const get = async (url: string): Promise<IndicatorReport> => {
  const res = await app.inject({ url });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const csv = async (url: string): Promise<Record<string, string>[]> =>
  parse((await app.inject({ url })).body, { bom: true, columns: true });

async function people(commune: string, n: number, opts: { certifiedWeeksAgo?: number[]; smartphone?: boolean[] }) {
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const at = new Date(Date.now() - 12 * WEEK);
    await app.db.execute(sql`
      insert into app_user (id, login, password_hash, display_name, birth_year, commune_code, has_smartphone,
        consent_version, consent_at, created_at)
      values (${id}, ${`p-${id}`}, '!', 'Người thử', 1980, ${commune}, ${opts.smartphone?.[i] ?? null}, 'test', ${at}, ${at})`);
    const weeksAgo = opts.certifiedWeeksAgo?.[i];
    if (weeksAgo !== undefined) {
      await app.db.execute(sql`
        insert into certification (user_id, curriculum_version, curriculum_group, code, earned_at)
        values (${id}, 'test', 'adult', ${`T-${id}`}, ${new Date(Date.now() - weeksAgo * WEEK)})`);
    }
  }
  TRUE_ADULTS[commune] = (TRUE_ADULTS[commune] ?? 0) + (opts.certifiedWeeksAgo?.length ?? 0);
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
  const provinces = rows<{ code: string }>(
    await app.db.execute(
      sql`select code from admin_unit where parent_code is null and code <> '01' order by code limit 3`,
    ),
  );
  U.Q = provinces[0]!.code;
  U.R = provinces[1]!.code;
  U.S = provinces[2]!.code;
  const communes = rows<{ code: string; kind: string }>(
    await app.db.execute(sql`select code, kind from admin_unit where parent_code = ${U.Q} order by code`),
  );
  const rural = communes.filter((c) => c.kind !== 'ward');
  const wards = communes.filter((c) => c.kind === 'ward');
  [U.A, U.B, U.C] = rural.slice(0, 3).map((c) => c.code) as [string, string, string];
  [U.D, U.E] = wards.slice(0, 2).map((c) => c.code) as [string, string];
  const first = async (province: string) =>
    rows<{ code: string }>(
      await app.db.execute(sql`select code from admin_unit where parent_code = ${province} order by code limit 1`),
    )[0]!.code;
  U.RA = await first(U.R);
  U.SA = await first(U.S);

  await people(U.A, 3, { certifiedWeeksAgo: [4, 4, 4] });
  await people(U.B, 6, { certifiedWeeksAgo: [5, 5, 5, 5, 5, 5] });
  // C: one to three new certificates a week, for ten weeks
  await people(U.C, 12, { certifiedWeeksAgo: [10, 10, 9, 8, 8, 8, 6, 5, 3, 3, 2, 1] });
  await people(U.D, 20, {
    certifiedWeeksAgo: Array.from({ length: 20 }, () => 7),
    smartphone: [true, true, true, true, true, true, false],
  });
  await people(U.E, 20, { smartphone: Array.from({ length: 20 }, (_, i) => i < 12) });
  await people(U.RA, 30, { certifiedWeeksAgo: Array.from({ length: 30 }, () => 6) });
  await people(U.SA, 2, { certifiedWeeksAgo: [6, 6] });
  for (const code of [U.A, U.B, U.C, U.D]) {
    await app.db.execute(
      sql`insert into population (unit_code, year, "group", count) values (${code}, 2026, 'adults', 100)`,
    );
  }
  await rebuildRollups(app.db);
  await rebuildPopulationRollup(app.db);
  // a national official (made after the rebuild: not part of the numbers above)
  official.learnerId = official.userId;
  await app.db.execute(sql`
    insert into app_user (id, login, password_hash, display_name, birth_year, commune_code, consent_version, consent_at)
    values (${official.userId}, 'can-bo-tw', '!', 'Cán bộ', 1980, ${U.RA}, 'test', now())`);
  await app.db.execute(
    sql`insert into role_grant (user_id, role, scope_unit_code) values (${official.userId}, 'official', null)`,
  );
  expect(await checkRollups(app.db)).toEqual([]);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const adultsOf = (r: IndicatorReport) => r.indicators.find((i) => i.id === 'adults')!;
const childAdults = (r: IndicatorReport, code: string) => r.children.find((c) => c.code === code)!.indicators[0]!;

describe('public page: no count below 5 can be recovered by subtraction', () => {
  it('(a) the province minus its shown communes does not give a hidden commune', async () => {
    const q = await get(`/api/v1/public/indicators?unit=${U.Q}`);
    // A (3) alone would be the province minus the others: B, the next smallest, is hidden with it
    expect(childAdults(q, U.A)).toMatchObject({ value: null, percent: null, suppressed: true });
    expect(childAdults(q, U.B)).toMatchObject({ value: null, percent: null, suppressed: true });
    expect(childAdults(q, U.C)).toMatchObject({ value: 10, percent: 10, suppressed: false }); // 12, rounded
    expect(childAdults(q, U.D)).toMatchObject({ value: 20, suppressed: false });
    expect(adultsOf(q)).toMatchObject({ value: 40, suppressed: false }); // 41
    // whatever is hidden, at least two communes with at least 5 people between them
    const hidden = q.children.filter((c) => c.indicators[0]!.value === null);
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect(hidden.reduce((a, c) => a + (TRUE_ADULTS[c.code] ?? 0), 0)).toBeGreaterThanOrEqual(5);
    // B's own page hides what the province page hides (else it would give B, and then A)
    expect(adultsOf(await get(`/api/v1/public/indicators?unit=${U.B}`))).toMatchObject({
      value: null,
      suppressed: true,
    });
    expect(adultsOf(await get(`/api/v1/public/indicators?unit=${U.C}`))).toMatchObject({ value: 10 });
    // the ranking's order tells nothing of hidden units either: they come last, by code
    const order = q.children.map((c) => c.code);
    expect(order.indexOf(U.A)).toBeGreaterThan(order.indexOf(U.C));
    // the CSV is the same table
    const ranking = await csv(`/api/v1/public/indicators/export.csv?unit=${U.Q}&table=ranking`);
    const row = (code: string) => ranking.find((r) => r.unit_code === code)!;
    expect([row(U.A).adults_value, row(U.B).adults_value, row(U.C).adults_value]).toEqual(['', '', '10']);
    expect(row(U.A).adults_percent).toBe('');
    // the national official sees the exact counts the public page protects
    const exact = await app.services.indicators.officialReport(official, U.Q);
    expect(childAdults(exact, U.A)).toMatchObject({ value: 3, percent: 3 });
    expect(adultsOf(exact)).toMatchObject({ value: 41 });
  });

  it('(a) the same at the national level: a province with 1–4 never stands alone', async () => {
    const n = await get('/api/v1/public/indicators');
    // S (2) would be the nation minus Q and R: R, the next smallest, is hidden with it. The provinces
    // with nobody are hidden too, but they protect no one and need no partner.
    expect(childAdults(n, U.S)).toMatchObject({ value: null, suppressed: true });
    expect(childAdults(n, U.R)).toMatchObject({ value: null, suppressed: true });
    expect(childAdults(n, U.Q)).toMatchObject({ value: 40 });
    expect(adultsOf(n)).toMatchObject({ value: 75 }); // 73
    expect(adultsOf(await get(`/api/v1/public/indicators?unit=${U.R}`))).toMatchObject({ value: null });
    expect(adultsOf(await get(`/api/v1/public/indicators?unit=${U.Q}`))).toMatchObject({ value: 40 });
  });

  it('(b) learners who answered minus those who said yes does not give the 1–4 who said no', async () => {
    const smartphone = (r: IndicatorReport) => r.indicators.find((i) => i.id === 'smartphone')!;
    const d = await get(`/api/v1/public/indicators?unit=${U.D}`);
    // 7 answered, 6 yes: showing both would tell that exactly 1 said no
    expect(smartphone(d)).toMatchObject({ value: null, percent: null, suppressed: true, denominator: 5 });
    const e = await get(`/api/v1/public/indicators?unit=${U.E}`);
    expect(smartphone(e)).toMatchObject({ value: 10, denominator: 20, percent: 50, suppressed: false }); // 12 of 20
    const rows = await csv(`/api/v1/public/indicators/export.csv?unit=${U.D}&table=indicators`);
    expect(rows.find((r) => r.indicator === 'smartphone')).toMatchObject({
      value: '',
      denominator: '5',
      percent: '',
      suppressed: 'yes',
    });
  });

  it('(c) one week minus the week before never gives 1–4 new certificates', async () => {
    for (const unit of [U.C, U.Q, 'VN']) {
      const r = await get(`/api/v1/public/indicators?unit=${unit}`);
      const values = r.trend.series.find((s) => s.id === 'adults')!.values;
      expect(
        values.some((v) => v !== null),
        unit,
      ).toBe(true);
      for (const v of values) if (v !== null) expect(v % 5, unit).toBe(0);
      for (let k = 1; k < values.length; k++) {
        const [a, b] = [values[k - 1], values[k]];
        if (a !== null && a !== undefined && b !== null && b !== undefined)
          expect(b - a, unit).not.toBeOneOf([1, 2, 3, 4]);
      }
      const trend = await csv(`/api/v1/public/indicators/export.csv?unit=${unit}&table=trend`);
      expect(trend.map((t) => (t.adults === '' ? null : Number(t.adults)))).toEqual(values);
    }
    // C's true weekly steps are 1–3, as the officials' trend shows them
    const exact = (await app.services.indicators.officialReport(official, U.C)).trend.series.find(
      (x) => x.id === 'adults',
    )!.values;
    const steps = exact.slice(1).map((v, k) => v! - exact[k]!);
    expect(steps.filter((d) => d > 0 && d < 5).length).toBeGreaterThan(5);
  });
});
