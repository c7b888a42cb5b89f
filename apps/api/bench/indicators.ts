/**
 * `pnpm bench:indicators [--learners 1000000] [--database-url URL]`: loads synthetic learners into a
 * throwaway PostgreSQL database (or uses the one given), starts the API on loopback and times the
 * dashboard requests of a national, a province and a commune official through HTTP, one at a time.
 * Target: p95 < 50 ms at each level.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { CONSENT_VERSION } from '@hvs/contracts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { arg, freshDatabase, ms, quantile } from './common.ts';
import { generate } from './synthetic.ts';

const learners = Number(arg('learners', '1000000'));
let url = arg('database-url', '');
if (!url) {
  url = await freshDatabase('hvs_bench_indicators');
  console.log(`generating ${learners.toLocaleString('en')} learners…`);
  const t = await generate(url, learners, () => {});
  console.log(
    `generator: rows ${t.seconds.toFixed(1)} s (${Object.entries(t.rows)
      .map(([table, n]) => `${table} ${n.toLocaleString('en')}`)
      .join(', ')}), roll-ups rebuilt and checked ${t.rollupSeconds.toFixed(1)} s`,
  );
}

const app = await buildApp(
  loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    JWT_SECRET: 'b'.repeat(40),
    AUTH_RATE_LIMIT: '1000',
  }),
);
const address = await app.listen({ host: '127.0.0.1', port: 0 });

const client = new pg.Client({ connectionString: url });
await client.connect();
const communeOf = (
  await client.query<{ code: string }>(
    `select code from admin_unit where parent_code is not null order by random() limit 300`,
  )
).rows.map((r) => r.code);
const provinces = (
  await client.query<{ code: string }>(`select code from admin_unit where parent_code is null order by code`)
).rows.map((r) => r.code);

/** A national official, made through the API like any account, given the role in the database. */
const login = `bench-${randomUUID().slice(0, 8)}`;
const signup = await fetch(`${address}/api/v1/auth/signup`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    login,
    password: 'bench-password-1',
    displayName: 'Bench',
    birthYear: 1980,
    communeCode: communeOf[0],
    consentVersion: CONSENT_VERSION,
    tokens: 'body',
  }),
});
const userId = ((await signup.json()) as { user: { id: string } }).user.id;
await client.query(`insert into role_grant (user_id, role, scope_unit_code) values ($1, 'official', null)`, [userId]);
await client.end();
const session = await fetch(`${address}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ login, password: 'bench-password-1', tokens: 'body' }),
});
const token = ((await session.json()) as { accessToken: string }).accessToken;

async function time(unit: string, pub = false): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${address}/api/v1/${pub ? 'public/' : ''}indicators?unit=${unit}`, {
    headers: pub ? {} : { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${unit}: ${res.status}`);
  return performance.now() - started;
}

const levels: [string, string[], boolean][] = [
  ['national', Array.from({ length: 200 }, () => 'VN'), false],
  ['province', Array.from({ length: 204 }, (_, i) => provinces[i % provinces.length]!), false],
  ['commune', communeOf, false],
  // the public page also reads the unit's siblings (suppression that survives subtraction)
  ['public national', Array.from({ length: 200 }, () => 'VN'), true],
  ['public province', Array.from({ length: 204 }, (_, i) => provinces[i % provinces.length]!), true],
  ['public commune', communeOf, true],
];
console.log(`API on ${address}; requests one at a time, after 20 warm-up requests per level`);
for (const [level, units, pub] of levels) {
  for (const unit of units.slice(0, 20)) await time(unit, pub);
  const times: number[] = [];
  for (const unit of units) times.push(await time(unit, pub));
  times.sort((a, b) => a - b);
  const p95 = quantile(times, 0.95);
  console.log(
    `${level.padEnd(16)} n=${times.length}  p50 ${ms(quantile(times, 0.5))}  p95 ${ms(p95)}  max ${ms(times.at(-1)!)}  ${p95 < 50 ? 'OK' : 'OVER 50 ms'}`,
  );
}
await app.close();
