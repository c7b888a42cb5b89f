import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEMO_COMMUNE, DEMO_PASSWORD, DEMO_PROVINCE } from '@hvs/seeds';
import type { IndicatorReport } from '@hvs/contracts';
import { checkRollups } from '../src/services/indicator-rollup.ts';
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
  it('give the demo ward weeks of history and the city a ranking to show', async () => {
    const ward = await report('canboxa', DEMO_COMMUNE);
    const certs = ward.trend.series.find((s) => s.id === 'certificates')!.values;
    expect(certs.at(-1)).toBeGreaterThan(20);
    expect(new Set(certs).size).toBeGreaterThan(8);
    expect(ward.indicators.find((i) => i.id === 'adults')!.percent).not.toBeNull();
    const city = await report('canbotinh', DEMO_PROVINCE);
    expect(city.children.filter((c) => c.indicators[0]!.percent !== null)).toHaveLength(8);
    expect(city.indicators.find((i) => i.id === 'adults')!.denominator).toBe(6500000);
    expect(await checkRollups(app.db)).toEqual([]);
  });
});
