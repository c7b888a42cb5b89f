/**
 * `pnpm bench:attempts [--seconds 20] [--connections 32] [--learners 6000] [--finishing 0.1]`: graded
 * attempts per second sustained through the HTTP API on PostgreSQL, then, in the same run and on the
 * same server, bare single-row transactional inserts (BEGIN; INSERT; COMMIT) per second, so the two
 * can be compared.
 *
 * - The API runs in its own process (tsx src/server.ts, as in production but without the web build),
 *   the load comes from autocannon in this one: they do not share an event loop. Both runs keep the
 *   same number of requests in flight and go through a pool of the app's size (20 connections).
 * - Every attempt carries real answers made from the engine's solutions for that attempt id (the
 *   items and their order depend on it): most are right, some have items left out and fail.
 * - A share of the learners start one core lesson short of their curriculum (progress written
 *   beforehand); their attempt at that last lesson is right, so certification and the indicator
 *   roll-ups run in those transactions, as they would in a real ICT period.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { keyResponses, type Quiz } from '@hvs/quiz-engine';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { arg, dropDatabase, freshDatabase, ms, quantile } from './common.ts';

const seconds = Number(arg('seconds', '20'));
const connections = Number(arg('connections', '32'));
const learners = Number(arg('learners', '6000'));
const finishingShare = Number(arg('finishing', '0.1'));
const POOL = 20; // the app's pool (db/client.ts)
const NAME = 'hvs_bench_attempts';
const SECRET = 'bench-'.repeat(8);
const url = await freshDatabase(NAME);
const env = {
  DATABASE_URL: url,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  JWT_SECRET: SECRET,
  AUTH_RATE_LIMIT: '100000',
  SEED_DEMO: 'false',
};

// Migrate, seed the units and read the quizzes (with keys) the server will grade against.
const setup = await buildApp(loadConfig(env));
await setup.ready();
const curriculum = setup.content.curriculum!;
const core = curriculum.groups.adult!.core;
const quizzes = new Map(
  core.map((lessonId) => {
    const q = setup.content.currentQuiz(lessonId)!;
    return [lessonId, { quiz: q.quiz as Quiz, version: q.version }];
  }),
);
await setup.close();

const client = new pg.Client({ connectionString: url });
await client.connect();
const commune = (
  await client.query<{ code: string }>(`select code from admin_unit where kind = 'ward' order by code limit 1`)
).rows[0]!.code;
// Learners made in SQL (thousands of argon2 sign-ups would take longer than the run): adults of one ward.
const ids = (
  await client.query<{ id: string }>(
    `insert into app_user (id, login, password_hash, display_name, birth_year, commune_code, has_smartphone, consent_version, consent_at)
     select gen_random_uuid(), 'bench-' || g, '!', 'Học viên ' || g, 1980, $1, true, 'bench', now() from generate_series(1, $2) g
     returning id`,
    [commune, learners],
  )
).rows.map((r) => r.id);
const finishing = ids.slice(0, Math.round(learners * finishingShare));
const last = core.at(-1)!;
await client.query(
  `insert into lesson_progress (learner_id, lesson_id, attempts, best_score, last_score, first_passed_at, last_attempt_at)
   select l, s, 1, 1, 1, now() - interval '1 day', now() - interval '1 day' from unnest($1::uuid[]) l, unnest($2::text[]) s`,
  [finishing, core.slice(0, -1)],
);
await client.end();

/** An access token as the API signs them (HS256, { sub, roles }), minted here instead of thousands of sign-ins. */
function token(sub: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, roles: [], iat: now, exp: now + 3600 })}`;
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
}
const tokens = new Map(ids.map((id) => [id, token(id)]));

/** Answers for one attempt id: the engine's key for what that attempt shows, every third item left out when `wrong`. */
function answersFor(lessonId: string, attemptId: string, wrong: boolean) {
  const key = Object.entries(keyResponses(quizzes.get(lessonId)!.quiz, attemptId));
  return Object.fromEntries(key.filter((_, i) => !wrong || i % 3 !== 0));
}

// The API in its own process.
const port = 20000 + Math.floor(Math.random() * 20000);
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
  cwd: apiDir,
  env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    if (i > 300) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

let n = 0;
let nextFinisher = 0;
let certifying = 0;
const regular = ids.slice(finishing.length);
const result = await autocannon({
  url: base,
  connections,
  duration: seconds,
  requests: [
    {
      method: 'POST',
      path: '/api/v1/attempts',
      setupRequest: (req) => {
        n++;
        const id = randomUUID();
        // one request in ten (while they last) is a learner finishing the curriculum
        const finisher = n % 10 === 0 && nextFinisher < finishing.length ? finishing[nextFinisher++] : undefined;
        if (finisher) certifying++;
        const learner = finisher ?? regular[n % regular.length]!;
        const lessonId = finisher ? last : core[n % (core.length - 1)]!;
        const body = JSON.stringify({
          id,
          lessonId,
          quizVersion: quizzes.get(lessonId)!.version,
          answers: answersFor(lessonId, id, !finisher && n % 4 === 0),
        });
        return {
          ...req,
          body,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(learner)}` },
        };
      },
    },
  ],
});
const check = new pg.Client({ connectionString: url });
await check.connect();
const written = (
  await check.query<{ attempts: string; passed: string; certified: string }>(
    `select (select count(*) from attempt) as attempts, (select count(*) from attempt where passed) as passed,
            (select count(*) from certification) as certified`,
  )
).rows[0]!;
await check.end();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));

console.log(
  `PostgreSQL ${url.replace(/\/\/[^@]*@/, '//')}; ${connections} requests in flight, pool ${POOL}, ${seconds} s each; API in its own process`,
);
console.log(
  `graded attempts through HTTP (POST /attempts)  ${result.requests.average.toFixed(0).padStart(6)} /s   ` +
    `p50 ${ms(result.latency.p50)}  p97.5 ${ms(result.latency.p97_5)}  p99 ${ms(result.latency.p99)}  ` +
    `2xx ${result['2xx']}  non-2xx ${result.non2xx}  errors ${result.errors}`,
);
console.log(
  `  written: ${written.attempts} attempts (${written.passed} passed), ${written.certified} certifications ` +
    `(${certifying} finishing attempts sent)`,
);

// Bare inserts: the same pool size, the same number in flight, the same duration.
const pool = new pg.Pool({ connectionString: url, max: POOL });
await pool.query(
  `create table bench_insert (id uuid primary key, learner_id uuid not null, score real not null, at timestamptz not null default now())`,
);
const latencies: number[] = [];
let errors = 0;
const until = performance.now() + seconds * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < until) {
      const t = performance.now();
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query('insert into bench_insert (id, learner_id, score) values ($1, $2, $3)', [
          randomUUID(),
          randomUUID(),
          Math.random(),
        ]);
        await c.query('commit');
        latencies.push(performance.now() - t);
      } catch (err) {
        if (errors++ === 0) console.error(`first error: ${(err as Error).message.slice(0, 300)}`);
      } finally {
        c.release();
      }
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
console.log(
  `bare single-row transactional inserts          ${(latencies.length / elapsed).toFixed(0).padStart(6)} /s   ` +
    `p50 ${ms(quantile(latencies, 0.5))}  p95 ${ms(quantile(latencies, 0.95))}  errors ${errors}`,
);
await pool.end();
await dropDatabase(NAME);
