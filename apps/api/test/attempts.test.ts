import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

const KEY: Record<string, string> = { otp: 'khong', 'mat-khau': 'dai', link: 'xoa', 'cap-nhat': 'lua' };
const WRONG: Record<string, string> = { otp: 'co', 'mat-khau': 'ngan', link: 'bam', 'cap-nhat': 'cong-an' };

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function quizFor(attemptId: string) {
  const res = await app.inject({ url: `/api/v1/lessons/demo-bai-thu/quiz?attemptId=${attemptId}` });
  expect(res.statusCode).toBe(200);
  return res.json() as { version: string; items: { id: string }[] };
}

/** A device: keeps the cookie the API sets, like a browser does. */
function device() {
  let cookie = '';
  return {
    async send(body: object) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/attempts',
        payload: body,
        headers: cookie ? { cookie } : {},
      });
      const set = res.cookies.find((c) => c.name === 'hvs_device');
      if (set) cookie = `hvs_device=${set.value}`;
      return res;
    },
    get: (url: string) => app.inject({ url, headers: cookie ? { cookie } : {} }),
    get cookie() {
      return cookie;
    },
  };
}

async function attemptBody(answerWith: Record<string, string>, only?: number) {
  const id = randomUUID();
  const quiz = await quizFor(id);
  const items = quiz.items.slice(0, only ?? quiz.items.length);
  return {
    id,
    lessonId: 'demo-bai-thu',
    quizVersion: quiz.version,
    answers: Object.fromEntries(items.map((i) => [i.id, answerWith[i.id]])),
    startedAt: new Date(Date.now() - 60_000).toISOString(),
    submittedAt: new Date().toISOString(),
  };
}

async function count(table: string, where = ''): Promise<number> {
  const rows = await (app.db as unknown as { execute: (q: unknown) => Promise<{ rows: { n: number }[] }> }).execute(
    (await import('drizzle-orm')).sql.raw(`select count(*)::int as n from ${table} ${where}`),
  );
  return Number(rows.rows[0]!.n);
}

describe('POST /api/v1/attempts', () => {
  it('grades on the server and returns per-item feedback, explanation and progress', async () => {
    const d = device();
    const body = await attemptBody(KEY);
    const res = await d.send(body);
    expect(res.statusCode).toBe(201);
    const result = res.json();
    expect(result.passed).toBe(true);
    expect(result.score).toBe(1);
    expect(result.items).toHaveLength(3);
    for (const item of result.items) {
      expect(item.correct).toBe(true);
      expect(item.explanation).toMatch(/^EXPL-/);
      expect(item.feedback[0].text).toMatch(/^FB-/);
    }
    expect(result.progress).toMatchObject({ lessonId: 'demo-bai-thu', attempts: 1, passed: true, bestScore: 1 });
    expect(d.cookie).toMatch(/^hvs_device=[0-9a-f-]{36}$/);
  });

  it('fails an attempt below the pass mark and says which answers were wrong', async () => {
    const d = device();
    const res = await d.send(await attemptBody(WRONG));
    expect(res.statusCode).toBe(201);
    const result = res.json();
    expect(result.passed).toBe(false);
    expect(result.score).toBe(0);
    expect(result.items.every((i: { correct: boolean }) => !i.correct)).toBe(true);
    expect(result.progress).toMatchObject({ attempts: 1, passed: false, firstPassedAt: null });
  });

  it('counts an unanswered item as wrong, not as an error', async () => {
    const d = device();
    const res = await d.send(await attemptBody(KEY, 2));
    expect(res.statusCode).toBe(201);
    expect(res.json().score).toBeCloseTo(2 / 3);
    expect(res.json().passed).toBe(false);
  });

  it('returns the first result for a repeated attempt id and writes nothing', async () => {
    const d = device();
    const body = await attemptBody(KEY);
    const first = await d.send(body);
    const again = await d.send({ ...body, submittedAt: new Date().toISOString() });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await count('attempt', `where id = '${body.id}'`)).toBe(1);
    expect(again.json().progress.attempts).toBe(1);
  });

  it('records an attempt sent twice at the same moment exactly once', async () => {
    const d = device();
    await d.send(await attemptBody(WRONG)); // get a device cookie first
    const body = await attemptBody(KEY);
    const results = await Promise.all([d.send(body), d.send(body), d.send(body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    expect(await count('attempt', `where id = '${body.id}'`)).toBe(1);
    const progress = await d.get('/api/v1/progress');
    expect(progress.json().lessons[0]).toMatchObject({ attempts: 2, passed: true });
  });

  it('refuses the same attempt id with different answers: 409 attempt_conflict', async () => {
    const d = device();
    const body = await attemptBody(KEY);
    await d.send(body);
    const other = { ...body, answers: Object.fromEntries(Object.keys(body.answers).map((k) => [k, WRONG[k]])) };
    const res = await d.send(other);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ code: 'attempt_conflict', message: expect.any(String) });
  });

  it("refuses another device reusing someone's attempt id", async () => {
    const body = await attemptBody(KEY);
    await device().send(body);
    const res = await device().send(body);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('attempt_conflict');
  });

  it('keeps the best score and the first pass when a later attempt is worse', async () => {
    const d = device();
    await d.send(await attemptBody(KEY));
    const res = await d.send(await attemptBody(WRONG));
    expect(res.json().progress).toMatchObject({ attempts: 2, bestScore: 1, lastScore: 0, passed: true });
  });

  it.each([
    ['an unknown lesson', { lessonId: 'khong-co-bai-nay' }, 404, 'lesson_not_found'],
    ['an unknown quiz version', { quizVersion: 'deadbeefdeadbeef' }, 409, 'quiz_version_unknown'],
    ['a response to an item that was not drawn', { answers: { 'khong-co': 'a' } }, 400, 'invalid_response'],
    ['an option that does not exist', { answers: { otp: 'zzz', 'mat-khau': 'zzz', link: 'zzz', 'cap-nhat': 'zzz' } }, 400, 'invalid_response'],
    ['a wrongly typed answer', { answers: { otp: 42, 'mat-khau': 42, link: 42, 'cap-nhat': 42 } }, 400, 'invalid_response'],
    ['an id that is not a UUID', { id: 'abc' }, 400, 'invalid_request'],
    ['an extra field', { admin: true }, 400, 'invalid_request'],
  ])('answers %s with a clear 4xx', async (_name, patch, status, code) => {
    const body = { ...(await attemptBody(KEY)), ...patch };
    const res = await device().send(body);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ code, message: expect.any(String) });
  });

  it('answers malformed JSON and oversized bodies with { code, message }', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/v1/attempts', payload: '{"id":', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ code: 'invalid_request', message: expect.any(String) });
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: { id: randomUUID(), lessonId: 'demo-bai-thu', quizVersion: 'abcdef12', answers: { x: 'y'.repeat(70_000) } },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('payload_too_large');
  });

  it('refuses a cross-origin write that carries the learner cookie', async () => {
    const d = device();
    await d.send(await attemptBody(KEY));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: await attemptBody(KEY),
      headers: { cookie: d.cookie, origin: 'https://evil.example', host: 'localhost:3000' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden_origin');
  });
});

describe('GET /api/v1/attempts/:id', () => {
  it("shows the learner their graded attempt again, and hides it from other devices", async () => {
    const d = device();
    const body = await attemptBody(KEY);
    const first = await d.send(body);
    const mine = await d.get(`/api/v1/attempts/${body.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual(first.json());
    const other = device();
    await other.send(await attemptBody(WRONG));
    const theirs = await other.get(`/api/v1/attempts/${body.id}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('attempt_not_found');
  });
});

describe('GET /api/v1/progress', () => {
  it('is empty for a new device and lists lessons after answering', async () => {
    const d = device();
    expect((await d.get('/api/v1/progress')).json()).toEqual({ lessons: [] });
    await d.send(await attemptBody(KEY));
    const lessons = (await d.get('/api/v1/progress')).json().lessons;
    expect(lessons).toEqual([expect.objectContaining({ lessonId: 'demo-bai-thu', passed: true, attempts: 1 })]);
  });
});
