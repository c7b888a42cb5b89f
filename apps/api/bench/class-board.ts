// pnpm --filter @hvs/api bench:board — a school ICT period: 40 pupils answering quizzes at once while
// the teacher's board refreshes. Real server over HTTP on loopback; PostgreSQL when DATABASE_URL is
// set (a throwaway database is created), else the embedded PGlite. Reports board latency p50/p95/max.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { keyResponses } from '@hvs/quiz-engine';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { roleGrant } from '../src/db/schema/index.ts';

const STUDENTS = 40;
const ROUNDS = 6; // quizzes each pupil submits during the period, all pupils at the same moment
const admin = process.env.DATABASE_URL;
let dropDb = async () => {};
let database;
if (admin) {
  const name = `hvs_bench_${Date.now().toString(36)}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  database = await openDatabase({ kind: 'postgres', url: url.toString() }, () => {});
  dropDb = async () => {
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    await d.query(`drop database if exists ${name} with (force)`);
    await d.end();
  };
} else {
  database = await openDatabase({ kind: 'pglite', dataDir: null });
}
const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  AUTH_RATE_LIMIT: '100000',
  SEED_DEMO: 'false',
});
const app = await buildApp(config, { database });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

const post = async (path: string, body: unknown, token?: string) => {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

const commune = ((await (await fetch(`${base}/api/v1/communes?q=hoan%20kiem`)).json()) as { code: string }[])[0]!.code;
const teacherSignup = await post('/api/v1/auth/signup', {
  login: 'bench-teacher',
  password: 'mat-khau-du-dai',
  displayName: 'Giáo viên',
  birthYear: 1985,
  communeCode: commune,
  consentVersion: '2026-11-22',
  tokens: 'body',
});
await app.db
  .insert(roleGrant)
  .values({ userId: (teacherSignup.json.user as { id: string }).id, role: 'teacher', scopeUnitCode: null });
const teacher = (
  await post('/api/v1/auth/login', { login: 'bench-teacher', password: 'mat-khau-du-dai', tokens: 'body' })
).json.accessToken as string;
const cls = (await post('/api/v1/classes', { name: 'Lớp 8A' }, teacher)).json as { id: string };
const module = app.content.catalog.modules[0]!;
await post(
  `/api/v1/classes/${cls.id}/assignments`,
  { moduleId: module.id, dueAt: new Date(Date.now() + 3_600_000).toISOString() },
  teacher,
);
const cards = (
  await post(
    `/api/v1/classes/${cls.id}/students`,
    {
      names: Array.from({ length: STUDENTS }, (_, i) => `Học sinh ${i + 1}`),
      birthYear: 2012,
      studentLevel: 'lower_secondary',
      consent: true,
    },
    teacher,
  )
).json.accounts as { login: string; password: string }[];
const pupils = await Promise.all(
  cards.map(
    async (c) =>
      (await post('/api/v1/auth/login', { login: c.login, password: c.password, tokens: 'body' })).json
        .accessToken as string,
  ),
);

const board = async () => {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/classes/${cls.id}/board`, {
    headers: { authorization: `Bearer ${teacher}` },
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`board: ${res.status}`);
  return performance.now() - t0;
};

// The board on its own, after a first round of answers (so it has rows to show).
const attemptTimes: number[] = [];
async function round(r: number) {
  // the teacher says "nộp bài": every pupil opens the quiz, answers, and submits at the same moment
  const lesson = module.lessons[r % module.lessons.length]!;
  const quiz = app.content.currentQuiz(lesson.id)!;
  const ready = await Promise.all(
    pupils.map(async (token, p) => {
      const id = randomUUID();
      await fetch(`${base}/api/v1/lessons/${lesson.id}/quiz?attemptId=${id}`).then((x) => x.arrayBuffer());
      const answers = Object.fromEntries(
        Object.entries(keyResponses(quiz.quiz, id)).filter((_, i) => (i + p + r) % 3 !== 0),
      );
      return { token, body: { id, lessonId: lesson.id, quizVersion: quiz.version, answers } };
    }),
  );
  await Promise.all(
    ready.map(async ({ token, body }) => {
      const t0 = performance.now();
      const res = await post('/api/v1/attempts', body, token);
      attemptTimes.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`attempt refused: ${JSON.stringify(res.json)}`);
    }),
  );
}
await round(0);
const idle: number[] = [];
for (let i = 0; i < 40; i++) idle.push(await board());

// The period: rounds of 40 simultaneous submissions, a pause between them (pupils reading the
// feedback), while the teacher keeps refreshing the board.
const during: number[] = [];
let answering = true;
const teacherLoop = (async () => {
  while (answering) {
    during.push(await board());
    await new Promise((r) => setTimeout(r, 100));
  }
})();
const started = performance.now();
for (let r = 1; r <= ROUNDS; r++) {
  await round(r);
  await new Promise((res) => setTimeout(res, 500));
}
answering = false;
await teacherLoop;
const elapsed = performance.now() - started;

const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const line = (name: string, xs: number[]) =>
  `  ${name.padEnd(22)} n=${String(xs.length).padEnd(4)} p50 ${q(xs, 0.5).toFixed(1)} ms  p95 ${q(xs, 0.95).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms`;
console.log(
  `\nClass board in a 40-pupil ICT period (${database.kind}): ${ROUNDS} rounds of ${STUDENTS} simultaneous submissions in ${(elapsed / 1000).toFixed(1)} s`,
);
console.log(line('board, class idle', idle));
console.log(line('board, during rounds', during));
console.log(line('attempts (40 at once)', attemptTimes));
await app.close();
await database.close();
await dropDb();
