/**
 * `pnpm bench:attempts [--seconds 15] [--concurrency 32]`: graded attempts per second sustained
 * through the HTTP API on PostgreSQL (loopback, keep-alive, a fixed number of requests in flight, a
 * bounded duration), then, in the same run and on the same server, bare single-row transactional
 * inserts per second (BEGIN; INSERT; COMMIT) with as many connections, so the two can be compared.
 * A small load generator of our own rather than autocannon: each attempt needs a fresh id and a
 * learner's token, which is simplest to write directly.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import pg from 'pg';
import { CONSENT_VERSION } from '@hvs/contracts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { arg, dropDatabase, freshDatabase, ms, quantile } from './common.ts';

const seconds = Number(arg('seconds', '15'));
const concurrency = Number(arg('concurrency', '32'));
const NAME = 'hvs_bench_attempts';
const url = await freshDatabase(NAME);

const app = await buildApp(
  loadConfig({
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    JWT_SECRET: 'a'.repeat(40),
    AUTH_RATE_LIMIT: '100000',
  }),
);
const address = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function call(method: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: string }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: address.hostname,
        port: address.port,
        method,
        path,
        headers: {
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const client = new pg.Client({ connectionString: url });
await client.connect();
const commune = (await client.query<{ code: string }>(`select code from admin_unit where kind = 'ward' limit 1`))
  .rows[0]!.code;
await client.end();

// Learners, each with their own row lock (as real users): one per request in flight, times two.
const tokens: string[] = [];
for (let i = 0; i < concurrency * 2; i++) {
  const res = await call('POST', '/api/v1/auth/signup', {
    login: `bench-${i}-${randomUUID().slice(0, 6)}`,
    password: 'bench-password-1',
    displayName: `Bench ${i}`,
    birthYear: 1980,
    communeCode: commune,
    consentVersion: CONSENT_VERSION,
    tokens: 'body',
  });
  tokens.push((JSON.parse(res.body) as { accessToken: string }).accessToken);
}
const lessons = [...app.content.catalog.lessons.keys()];
console.log(`lessons: ${lessons.length}`);
const quizzes = await Promise.all(
  lessons
    .slice(0, 8)
    .map(async (lessonId) => ({
      lessonId,
      version: (
        JSON.parse(
          (await call('GET', `/api/v1/lessons/${lessonId}/quiz?attemptId=${randomUUID()}`, undefined)).body,
        ) as { version: string }
      ).version,
    })),
);

async function run(label: string, once: (worker: number, n: number) => Promise<void>) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let n = 0; performance.now() < until; n++) {
        const t = performance.now();
        try {
          await once(worker, n);
          latencies.push(performance.now() - t);
        } catch (err) {
          if (errors++ === 0) console.error(`first error: ${(err as Error).message.slice(0, 300)}`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} ${(latencies.length / elapsed).toFixed(0).padStart(6)} /s   p50 ${ms(quantile(latencies, 0.5))}  p95 ${ms(quantile(latencies, 0.95))}  errors ${errors}`,
  );
}

console.log(`PostgreSQL at ${url.replace(/\/\/[^@]*@/, '//')}, ${concurrency} in flight, ${seconds} s each`);
await run('graded attempts through HTTP (POST /attempts)', async (worker, n) => {
  const quiz = quizzes[n % quizzes.length]!;
  const res = await call(
    'POST',
    '/api/v1/attempts',
    { id: randomUUID(), lessonId: quiz.lessonId, quizVersion: quiz.version, answers: {} },
    tokens[(worker + n * concurrency) % tokens.length],
  );
  if (res.status !== 201) throw new Error(`${res.status} ${res.body}`);
});
await app.close();
agent.destroy();

const pool = new pg.Pool({ connectionString: url, max: concurrency });
await pool.query(
  `create table bench_insert (id uuid primary key, learner_id uuid not null, score real not null, at timestamptz not null default now())`,
);
await run('bare single-row transactional inserts', async () => {
  const c = await pool.connect();
  try {
    await c.query('begin');
    await c.query('insert into bench_insert (id, learner_id, score) values ($1, $2, $3)', [
      randomUUID(),
      randomUUID(),
      Math.random(),
    ]);
    await c.query('commit');
  } finally {
    c.release();
  }
});
await pool.end();
await dropDatabase(NAME);
