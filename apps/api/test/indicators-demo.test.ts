import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEMO_COMMUNE, DEMO_PASSWORD, DEMO_PROVINCE } from '@hvs/seeds';
import type { IndicatorReport } from '@hvs/contracts';
import { sql } from 'drizzle-orm';
import { checkRollups } from '../src/services/indicator-rollup.ts';
import { checkPopulationRollup } from '../src/services/indicator-population.ts';
import { buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { SEED_DEMO: 'true', AUTH_RATE_LIMIT: '1000' });
}, 60_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const report = async (login: string, unit: string): Promise<IndicatorReport> => {
  const session = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login, password: DEMO_PASSWORD, tokens: 'body' },
    })
  ).json();
  const res = await app.inject({
    url: `/api/v1/indicators?unit=${unit}`,
    headers: { authorization: `Bearer ${session.accessToken}` },
  });
  expect(res.statusCode).toBe(200);
  return res.json();
};

describe('demo indicator figures', () => {
  it('give the demo ward weeks of history, and every commune of the city a place in the ranking', async () => {
    const ward = await report('canboxa', DEMO_COMMUNE);
    const certs = ward.trend.series.find((s) => s.id === 'certificates')!.values;
    expect(certs.at(-1)).toBeGreaterThan(50);
    expect(new Set(certs).size).toBeGreaterThan(8);
    for (const id of ['adults', 'public_servants', 'workers', 'households', 'smartphone', 'epayment']) {
      expect(ward.indicators.find((i) => i.id === id)!.percent, id).toBeGreaterThan(0);
    }
    const city = await report('canbotinh', DEMO_PROVINCE);
    const { n } = (
      (await app.db.execute(
        sql`select count(*)::int as n from admin_unit where parent_code = ${DEMO_PROVINCE}`,
      )) as unknown as {
        rows: { n: number }[];
      }
    ).rows[0]!;
    expect(city.children).toHaveLength(n);
    expect(city.children.every((c) => c.indicators[0]!.percent !== null)).toBe(true);
    // the city's denominator is the sum of its communes' demo figures: a bar that is neither 0% nor full
    const adults = city.indicators.find((i) => i.id === 'adults')!;
    expect(adults.coverage).toBeNull();
    expect(adults.percent).toBeGreaterThan(10);
    expect(adults.percent).toBeLessThan(60);
    for (const i of city.indicators.filter((v) => v.denominatorKind === 'population'))
      expect(i.denominator, i.id).not.toBeNull();
    // the public national view ranks the city first, with a percent
    const nation: IndicatorReport = (await app.inject({ url: '/api/v1/public/indicators' })).json();
    expect(nation.children[0]).toMatchObject({ code: DEMO_PROVINCE });
    expect(nation.children[0]!.indicators[0]!.percent).toBeGreaterThan(10);
    expect(await checkRollups(app.db)).toEqual([]);
    expect(await checkPopulationRollup(app.db)).toEqual([]);
  });
});
