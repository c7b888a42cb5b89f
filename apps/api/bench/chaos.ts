/**
 * `pnpm chaos [--seconds 30] [--learners 24] [--keep]`: attempts keep arriving while the platform is
 * hurt, and afterwards nothing acknowledged is missing and nothing is counted twice.
 *
 * On its own PostgreSQL primary + synchronous streaming replica (scripts/pg-cluster.ts; the machine's
 * cluster is not touched), two API processes take attempts from learners who behave like the web's
 * outbox: each attempt has a client-made id, is sent until the API acknowledges it (2xx) and is then
 * forgotten. During the run:
 *   1. one API process is killed with SIGKILL and started again;
 *   2. PostgreSQL is restarted (every session cut);
 *   3. the primary dies (immediate stop), the replica is promoted, and the API processes are started
 *      again pointed at it (failover).
 * Then: every acknowledged attempt is in the database exactly once; `lesson_progress.attempts` equals
 * the attempts stored for each learner and lesson; at most one certification per learner and version;
 * `indicators:check` finds no difference; and the API processes stayed up through the restart.
 * Exits 1 on any loss, double count or difference.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { keyResponses, type Quiz } from '@hvs/quiz-engine';
import { defaultContentDir, loadCatalog, loadCurriculum } from '@hvs/content';
import { loadQuizzes } from '@hvs/content/quizzes';
import { CONSENT_VERSION } from '@hvs/contracts';
import { startCluster, waitReady } from '../scripts/pg-cluster.ts';
import { arg } from './common.ts';

const seconds = Number(arg('seconds', '30'));
const learnerCount = Number(arg('learners', '24'));
const keep = process.argv.includes('--keep');
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const say = (s: string) => console.log(`[chaos ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${s}`);
const t0 = performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- the database: primary + synchronous replica on free ports
const basePort = 21000 + Math.floor(Math.random() * 20000);
const dir = mkdtempSync(join(tmpdir(), 'hvs-chaos-'));
const cluster = startCluster(dir, basePort, { synchronous: true });
say(`primary :${cluster.primary.port}, synchronous replica :${cluster.replica.port} (${dir})`);
{
  const c = new pg.Client({ connectionString: cluster.primary.url() });
  await c.connect();
  await c.query('create database hvs');
  await c.end();
}
let databaseUrl = cluster.primary.url('hvs');

// --- the API processes (node --import tsx: one process each, so SIGKILL kills the server itself)
type Api = { port: number; child: ChildProcess; exits: number; unexpectedExits: number; killing: boolean };
const env = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'chaos-'.repeat(8),
  SEED_DEMO: 'false',
  AUTH_RATE_LIMIT: '100000',
  AUTH_IP_RATE_LIMIT: '100000',
  SIGNUP_IP_RATE_LIMIT: '100000',
};
function startApi(api: Api) {
  api.killing = false;
  api.child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: apiDir,
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: String(api.port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  api.child.stderr?.on('data', (d) => (err = (err + d).slice(-2000)));
  api.child.once('exit', (code, signal) => {
    api.exits++;
    if (!api.killing) {
      api.unexpectedExits++;
      say(`API :${api.port} exited by itself (${signal ?? code}):\n${err.trim()}`);
    }
  });
}
async function healthy(api: Api, timeout = 90_000) {
  const until = Date.now() + timeout;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${api.port}/api/health`)).ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`API :${api.port} did not come up`);
    await sleep(200);
  }
}
async function stopApi(api: Api, signal: NodeJS.Signals) {
  api.killing = true;
  if (api.child.exitCode !== null || api.child.signalCode !== null) return;
  const gone = new Promise((r) => api.child.once('exit', r));
  api.child.kill(signal);
  await gone;
}
const apis: Api[] = [0, 1].map((i) => ({
  port: basePort + 10 + i,
  child: null as unknown as ChildProcess,
  exits: 0,
  unexpectedExits: 0,
  killing: false,
}));
// Whatever happens (a failed check throws), nothing is left running: the API processes and the cluster.
process.on('exit', () => {
  for (const api of apis) if (api.child && api.child.exitCode === null) api.child.kill('SIGKILL');
  try {
    cluster.stop();
    if (!keep) cluster.remove();
  } catch {
    /* already stopped */
  }
});
// The first one migrates; the second starts on a migrated database.
startApi(apis[0]!);
await healthy(apis[0]!);
startApi(apis[1]!);
await healthy(apis[1]!);
say(`API processes on :${apis[0]!.port} and :${apis[1]!.port}`);

// --- learners: real accounts, signed up through the API (tokens in the body, as an API client)
const curriculum = loadCurriculum(defaultContentDir);
const core = curriculum.groups.adult!.core;
const quizzes = loadQuizzes(loadCatalog(defaultContentDir), defaultContentDir);
const anyApi = () => apis[Math.floor(Math.random() * apis.length)]!;
const communes = (await (await fetch(`http://127.0.0.1:${apis[0]!.port}/api/v1/communes?q=hoan`)).json()) as {
  code: string;
}[];
type Learner = { login: string; token: string; next: number };
const learners: Learner[] = [];
for (let i = 0; i < learnerCount; i++) {
  const login = `chaos${i}x${Date.now().toString(36)}`;
  const res = await fetch(`http://127.0.0.1:${apis[i % 2]!.port}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      login,
      password: `Chaos-${randomUUID()}`,
      displayName: `Học viên ${i}`,
      birthYear: 1980,
      communeCode: communes[0]!.code,
      consentVersion: CONSENT_VERSION,
      tokens: 'body',
    }),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const session = (await res.json()) as { accessToken: string };
  learners.push({ login, token: session.accessToken, next: 0 });
}
say(`${learners.length} learners signed up`);

// --- the load: each learner answers its next lesson, resending until acknowledged (the outbox)
const acknowledged = new Map<string, { learner: string; lesson: string }>();
const counts = { sent: 0, resent: 0, status503: 0, status5xx: 0, network: 0, refused: 0 };
const refusals = new Map<string, number>();
let stopping = false;

async function oneAttempt(learner: Learner) {
  const lessonId = core[learner.next % core.length]!;
  learner.next++;
  const quiz = quizzes.get(lessonId)!;
  const id = randomUUID();
  const auth = { authorization: `Bearer ${learner.token}` };
  // open the quiz (the server may bind the attempt to this learner), then answer it rightly
  for (let tries = 0; ; tries++) {
    try {
      const view = await fetch(`http://127.0.0.1:${anyApi().port}/api/v1/lessons/${lessonId}/quiz?attemptId=${id}`, {
        headers: auth,
      });
      if (view.ok) break;
    } catch {
      /* the API is down: try again */
    }
    if (tries > 200) return;
    await sleep(100);
  }
  const body = JSON.stringify({
    id,
    lessonId,
    quizVersion: quiz.version,
    answers: keyResponses(quiz.quiz as Quiz, id),
    startedAt: new Date(Date.now() - 60_000).toISOString(),
    submittedAt: new Date().toISOString(),
  });
  for (let attempt = 0, backoff = 100; ; attempt++) {
    if (attempt > 0) counts.resent++;
    counts.sent++;
    try {
      const res = await fetch(`http://127.0.0.1:${anyApi().port}/api/v1/attempts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body,
      });
      if (res.ok) {
        acknowledged.set(id, { learner: learner.login, lesson: lessonId });
        return;
      }
      if (res.status >= 500) {
        if (res.status === 503) counts.status503++;
        else counts.status5xx++;
      } else {
        const code = ((await res.json().catch(() => ({}))) as { code?: string }).code ?? String(res.status);
        counts.refused++;
        refusals.set(code, (refusals.get(code) ?? 0) + 1);
        return; // refused for good: not acknowledged, nothing to keep
      }
    } catch {
      counts.network++;
    }
    await sleep(backoff);
    backoff = Math.min(backoff * 2, 2000);
    if (stopping && attempt > 60) throw new Error(`attempt ${id} never acknowledged`);
  }
}

const workers = learners.map(async (learner) => {
  while (!stopping) await oneAttempt(learner);
});

// --- the faults
const at = (fraction: number) => sleep(seconds * 1000 * fraction);
await at(0.15);
say(`SIGKILL API :${apis[0]!.port}`);
await stopApi(apis[0]!, 'SIGKILL');
await sleep(1000);
startApi(apis[0]!);
await healthy(apis[0]!);
say(`API :${apis[0]!.port} back`);

await at(0.2);
say('PostgreSQL restart');
cluster.primary.restart();
say('PostgreSQL back');

await at(0.25);
say('primary dies; replica promoted; API processes pointed at it');
cluster.primary.stop('immediate');
cluster.replica.promote();
databaseUrl = cluster.replica.url('hvs');
await waitReady(databaseUrl);
for (const api of apis) await stopApi(api, 'SIGTERM');
for (const api of apis) startApi(api);
for (const api of apis) await healthy(api);
say('serving from the promoted replica');

await at(0.25);
stopping = true;
await Promise.all(workers);
say(`load stopped: ${acknowledged.size} attempts acknowledged`);

// --- the verdict, read from the database now serving (the promoted replica)
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const ids = [...acknowledged.keys()];
const stored = Number(
  (await db.query<{ n: string }>('select count(*) as n from attempt where id = any($1::uuid[])', [ids])).rows[0]!.n,
);
const duplicateIds = Number(
  (
    await db.query<{ n: string }>(
      'select count(*) as n from (select id from attempt group by id having count(*) > 1) d',
    )
  ).rows[0]!.n,
);
const progressMismatch = (
  await db.query(
    `select p.learner_id, p.lesson_id, p.attempts, count(a.id) as stored
       from lesson_progress p left join attempt a on a.learner_id = p.learner_id and a.lesson_id = p.lesson_id
      group by p.learner_id, p.lesson_id, p.attempts having p.attempts <> count(a.id)`,
  )
).rows;
const doubleCertified = Number(
  (
    await db.query<{ n: string }>(
      'select count(*) as n from (select user_id, curriculum_version from certification group by 1, 2 having count(*) > 1) d',
    )
  ).rows[0]!.n,
);
const certifications = Number((await db.query<{ n: string }>('select count(*) as n from certification')).rows[0]!.n);
await db.end();

const check = spawnSync('pnpm', ['exec', 'tsx', 'scripts/indicators-check.ts'], {
  cwd: apiDir,
  env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
  encoding: 'utf8',
});
const unexpectedExits = apis.reduce((n, a) => n + a.unexpectedExits, 0);

for (const api of apis) await stopApi(api, 'SIGTERM');
cluster.stop();
if (!keep) cluster.remove();

const lost = ids.length - stored;
console.log(
  `\nchaos: acknowledged ${ids.length}, stored ${stored}, lost ${lost}, duplicated ${duplicateIds}; ` +
    `progress rows that disagree with the attempts ${progressMismatch.length}; double certifications ${doubleCertified} ` +
    `(${certifications} certifications)`,
);
console.log(
  `  requests: ${counts.sent} attempt sends (${counts.resent} resends), ${counts.status503} × 503, ` +
    `${counts.status5xx} × other 5xx, ${counts.network} network errors, ${counts.refused} refused` +
    (refusals.size ? ` (${[...refusals].map(([c, n]) => `${c} ${n}`).join(', ')})` : ''),
);
console.log(`  API processes that exited by themselves: ${unexpectedExits}`);
console.log(`  indicators:check: ${(check.stdout + check.stderr).trim().split('\n')[0]}`);
const ok =
  lost === 0 &&
  duplicateIds === 0 &&
  progressMismatch.length === 0 &&
  doubleCertified === 0 &&
  unexpectedExits === 0 &&
  check.status === 0 &&
  ids.length > 0;
if (!ok && progressMismatch.length) console.table(progressMismatch.slice(0, 10));
console.log(ok ? 'chaos: nothing lost, nothing counted twice' : 'chaos: FAILED');
process.exit(ok ? 0 : 1);
