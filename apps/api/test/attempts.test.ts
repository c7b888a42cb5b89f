import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import {
  itemTypeNames,
  keyResponses,
  parseQuiz,
  publicQuiz,
  quizVersion,
  selectItems,
  type Quiz,
} from '@hvs/quiz-engine';
import { defaultContentDir, loadCatalog } from '@hvs/content';
import { loadQuizzes } from '@hvs/content/quizzes';
import { attempt, quizVersion as quizVersionTable } from '../src/db/schema/index.ts';
import { answersFromAuthored, buildTestApp, fixtureQuizzes, openTestDatabase, type TestDatabase } from './helper.ts';

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

type View = { lessonId: string; version: string; items: { id: string; options: { id: string; text: string }[] }[] };

async function quizFor(attemptId: string, lessonId = 'demo-bai-thu') {
  const res = await app.inject({ url: `/api/v1/lessons/${lessonId}/quiz?attemptId=${attemptId}` });
  expect(res.statusCode).toBe(200);
  return res.json() as View;
}

/** The stored attempt row, as the database has it. */
async function row(id: string) {
  const [r] = await app.db.select().from(attempt).where(eq(attempt.id, id));
  return r!;
}

/** Records another version of a fixture quiz, as an older server would have (ADR 0003). */
async function storeVersion(lessonId: string, change: (raw: Record<string, unknown>) => void) {
  const raw = JSON.parse(JSON.stringify(fixtureQuizzes.get(lessonId)!.quiz)) as Record<string, unknown>;
  change(raw);
  const quiz = parseQuiz(raw);
  await app.db
    .insert(quizVersionTable)
    .values({ lessonId, version: quizVersion(quiz), definition: quiz })
    .onConflictDoNothing();
  return quiz;
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
    answers: answersFromAuthored({ ...quiz, items }, answerWith),
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
      // every option says why, the learner's pick and the right one marked, in the ids of the view
      expect(item.feedback).toHaveLength(2);
      expect(item.feedback.map((f: { ref: string }) => f.ref)).toEqual(
        item.item.options.map((o: { id: string }) => o.id),
      );
      for (const f of item.feedback) {
        expect(f.text).toMatch(/^FB-/);
        expect(f.picked).toBe(f.ref === body.answers[item.id]);
        expect(f.correct).toBe(f.ref === item.solution);
      }
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

  it('records a classroom of attempts sent at the same moment as if they had come one by one', async () => {
    // 12 pupils press "Nộp bài" together: they share transactions (attempt-writer.ts), and each
    // outcome must be what it would be alone.
    const pupils = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const d = device();
        await d.send(await attemptBody(WRONG, 1)); // a device cookie, and one attempt already
        return d;
      }),
    );
    const sends = await Promise.all(
      pupils.flatMap((d, i) => [
        attemptBody(i % 3 === 0 ? WRONG : KEY).then(async (body) => {
          const twice = i % 4 === 0; // a resend racing its first send
          const other =
            i % 5 === 1
              ? { ...body, answers: answersFromAuthored(await quizFor(body.id), i % 3 === 0 ? KEY : WRONG) }
              : null;
          return Promise.all([d.send(body), ...(twice ? [d.send(body)] : []), ...(other ? [d.send(other)] : [])]);
        }),
        attemptBody(KEY).then((body) => d.send(body).then((r) => [r])),
      ]),
    );
    const statuses = sends.flat().map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(24);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3); // pupils 0, 4, 8 sent twice
    expect(statuses.filter((s) => s === 409)).toHaveLength(3); // pupils 1, 6, 11 reused an id
    for (const [i, d] of pupils.entries()) {
      const lessons = (await d.get('/api/v1/progress')).json().lessons;
      // one earlier attempt and two now, each recorded once
      expect(lessons, `pupil ${i}`).toEqual([
        expect.objectContaining({ lessonId: 'demo-bai-thu', attempts: 3, bestScore: 1, passed: true }),
      ]);
    }
    for (const r of sends.flat().filter((r) => r.statusCode === 201 || r.statusCode === 200)) {
      expect(r.json().progress.attempts).toBeGreaterThanOrEqual(2);
    }
  });

  it('refuses the same attempt id with different answers: 409 attempt_conflict', async () => {
    const d = device();
    const body = await attemptBody(KEY);
    await d.send(body);
    const other = { ...body, answers: answersFromAuthored(await quizFor(body.id), WRONG) };
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
    [
      'an option that does not exist',
      { answers: { otp: 'zzz', 'mat-khau': 'zzz', link: 'zzz', 'cap-nhat': 'zzz' } },
      400,
      'invalid_response',
    ],
    [
      'a wrongly typed answer',
      { answers: { otp: 42, 'mat-khau': 42, link: 42, 'cap-nhat': 42 } },
      400,
      'invalid_response',
    ],
    ['an id that is not a UUID', { id: 'abc' }, 400, 'invalid_request'],
    ['an extra field', { admin: true }, 400, 'invalid_request'],
  ])('answers %s with a clear 4xx', async (_name, patch, status, code) => {
    const body = { ...(await attemptBody(KEY)), ...patch };
    const res = await device().send(body);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ code, message: expect.any(String) });
  });

  it('answers malformed JSON and oversized bodies with { code, message }', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: '{"id":',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ code: 'invalid_request', message: expect.any(String) });
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: {
        id: randomUUID(),
        lessonId: 'demo-bai-thu',
        quizVersion: 'abcdef12',
        answers: { x: 'y'.repeat(70_000) },
      },
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
  it('shows the learner their graded attempt again, and hides it from other devices', async () => {
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

describe('what is stored with an attempt', () => {
  it('keeps the selection seed, the items drawn, per-item scores, the quiz version and the answers in authored ids', async () => {
    const d = device();
    const body = await attemptBody({ otp: 'khong', 'mat-khau': 'ngan', link: 'xoa', 'cap-nhat': 'lua' });
    expect((await d.send(body)).statusCode).toBe(201);
    const r = await row(body.id);
    const quiz = fixtureQuizzes.get('demo-bai-thu')!;
    const selection = selectItems(quiz.quiz, body.id);
    expect(r.quizVersion).toBe(quiz.version);
    expect(r.selectionSeed).toBe(selection.seed);
    expect(r.selectionSeed).toMatch(/^[0-9a-f]{32}$/);
    expect(r.itemIds).toEqual(selection.items.map((i) => i.id));
    const authored: Record<string, string> = { otp: 'khong', 'mat-khau': 'ngan', link: 'xoa', 'cap-nhat': 'lua' };
    expect(r.answers).toEqual(Object.fromEntries(r.itemIds.map((id) => [id, authored[id]])));
    expect(r.itemScores).toEqual(Object.fromEntries(r.itemIds.map((id) => [id, id === 'mat-khau' ? 0 : 1])));
    expect(r.passMark).toBe(0.7);
    expect(r.score).toBeCloseTo(r.itemIds.includes('mat-khau') ? 2 / 3 : 1);
  });

  it('refuses authored option ids: the browser never sees them', async () => {
    const id = randomUUID();
    const quiz = await quizFor(id);
    const res = await device().send({
      id,
      lessonId: 'demo-bai-thu',
      quizVersion: quiz.version,
      answers: Object.fromEntries(quiz.items.map((i) => [i.id, KEY[i.id]])),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_response');
  });

  it('grades an attempt made against an older quiz version by that version, and shows it again the same', async () => {
    // In the older version the other option of "otp" was the right one.
    const old = await storeVersion('demo-bai-thu', (raw) => {
      const items = raw.items as { id: string; options: { id: string; correct?: boolean }[] }[];
      for (const o of items.find((i) => i.id === 'otp')!.options) o.correct = o.id === 'co';
    });
    const d = device();
    let id = randomUUID();
    while (!selectItems(old, id).items.some((i) => i.id === 'otp')) id = randomUUID();
    const view = { lessonId: 'demo-bai-thu', ...publicQuiz(old, id) } as unknown as View;
    const answers = answersFromAuthored(view, { ...KEY, otp: 'co' });
    const res = await d.send({ id, lessonId: 'demo-bai-thu', quizVersion: quizVersion(old), answers });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().quizVersion).toBe(quizVersion(old));
    expect(res.json().score).toBe(1);
    expect((await row(id)).quizVersion).toBe(quizVersion(old));
    expect((await row(id)).answers.otp).toBe('co');
    expect((await d.get(`/api/v1/attempts/${id}`)).json()).toEqual(res.json());
  });

  it('shows a stored attempt that no longer regrades with its recorded scores, never a 500', async () => {
    const d = device();
    const body = await attemptBody(KEY);
    const first = (await d.send(body)).json();
    // Simulate what a change of the engine or a damaged row would do to a stored attempt.
    await app.db.execute(sql`update attempt set answers = '{"otp":"zzz","link":42}'::jsonb where id = ${body.id}`);
    const bad = await d.get(`/api/v1/attempts/${body.id}`);
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ score: 1, passed: true });
    expect(bad.json().items.map((i: { id: string; score: number }) => [i.id, i.score])).toEqual(
      first.items.map((i: { id: string }) => [i.id, 1]),
    );
    const r = await row(body.id);
    await app.db.execute(
      sql`update attempt set item_ids = ${JSON.stringify([...r.itemIds].reverse())}::jsonb, item_scores = ${JSON.stringify({ ...r.itemScores, [r.itemIds[0]!]: 0.5 })}::jsonb where id = ${body.id}`,
    );
    const moved = await d.get(`/api/v1/attempts/${body.id}`);
    expect(moved.statusCode).toBe(200);
    expect(moved.json().items.map((i: { id: string }) => i.id)).toEqual([...r.itemIds].reverse());
    expect(moved.json().items.find((i: { id: string }) => i.id === r.itemIds[0]).score).toBe(0.5);
    await app.db.execute(sql`update attempt set quiz_version = 'feedfacefeedface' where id = ${body.id}`);
    const gone = await d.get(`/api/v1/attempts/${body.id}`);
    expect(gone.statusCode).toBe(409);
    expect(gone.json()).toEqual({ code: 'quiz_version_unknown', message: expect.any(String) });
  });
});

/** Posts a quiz page as a browser without JavaScript does. */
function postForm(fields: [string, string][], cookie = '') {
  return app.inject({
    method: 'POST',
    url: '/api/v1/attempts/form',
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
  });
}

async function formFor(answerWith: Record<string, string>) {
  const id = randomUUID();
  const quiz = await quizFor(id);
  const answers = answersFromAuthored(quiz, answerWith);
  const fields: [string, string][] = [
    ['attemptId', id],
    ['lessonId', 'demo-bai-thu'],
    ['quizVersion', quiz.version],
    ['startedAt', new Date().toISOString()],
    ...Object.entries(answers).map(([item, option]): [string, string] => [`q.${item}`, String(option)]),
  ];
  return { id, fields };
}

describe('POST /api/v1/attempts/form (no JavaScript)', () => {
  it('grades a good form and sends the browser on to the result: 303', async () => {
    const { id, fields } = await formFor(KEY);
    const res = await postForm(fields);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/bai-hoc/demo-bai-thu/ket-qua/${id}`);
    const r = await row(id);
    expect(r).toMatchObject({ score: 1, passed: true, source: 'online' });
    expect(Object.values(r.answers).every((a) => typeof a === 'string' && Object.values(KEY).includes(a))).toBe(true);
  });

  it("answers JSON, as POST /attempts does, when the page's script asks for it", async () => {
    const { id, fields } = await formFor(KEY);
    let cookie = '';
    const json = async (f: [string, string][]) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/attempts/form',
        payload: new URLSearchParams(f).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...(cookie ? { cookie } : {}),
        },
      });
      const set = res.cookies.find((c) => c.name === 'hvs_device');
      if (set) cookie = `hvs_device=${set.value}`;
      return res;
    };
    const first = await json([...fields, ['source', 'offline_sync'], ['submittedAt', new Date().toISOString()]]);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ id, passed: true, score: 1 });
    expect(await row(id)).toMatchObject({ source: 'offline_sync', passed: true });
    const again = await json(fields);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(id);
    const refused = await json(fields.filter(([k]) => k !== 'quizVersion'));
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({ code: 'invalid_request', message: expect.any(String) });
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'q.constructor', 'q.__proto__'])(
    'a field named %s is ignored, not a 500',
    async (name) => {
      const { id, fields } = await formFor(KEY);
      const res = await postForm([[name, 'x'], ...fields, [name, 'y']]);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/bai-hoc/demo-bai-thu/ket-qua/${id}`);
    },
  );

  it('sends a refused form back to the same attempt with the answers given and the reason', async () => {
    const { id, fields } = await formFor(KEY);
    const first = fields.find(([k]) => k.startsWith('q.'))!;
    // two values for one single-choice item: the page cannot produce that
    const res = await postForm([...fields, [first[0], 'c2']]);
    expect(res.statusCode).toBe(303);
    const to = new URL(res.headers.location as string, 'http://x');
    expect(to.pathname).toBe('/bai-hoc/demo-bai-thu/kiem-tra');
    expect(to.searchParams.get('loi')).toBe('invalid_response');
    expect(to.searchParams.get('lan')).toBe(id);
    const back = JSON.parse(Buffer.from(to.searchParams.get('tl')!, 'base64url').toString()) as [string, string[]][];
    expect(back).toContainEqual([first[0], [first[1], 'c2']]);
    expect(await count('attempt', `where id = '${id}'`)).toBe(0);
  });

  it('sends a form for a quiz version that is gone to a fresh attempt', async () => {
    const { fields } = await formFor(KEY);
    const res = await postForm(
      fields.map(([k, v]): [string, string] => [k, k === 'quizVersion' ? 'deadbeefdeadbeef' : v]),
    );
    expect(res.statusCode).toBe(303);
    const to = new URL(res.headers.location as string, 'http://x');
    expect(to.searchParams.get('loi')).toBe('quiz_version_unknown');
    expect(to.searchParams.has('lan')).toBe(false);
  });

  it('answers a form without its lesson with 400 { code, message }', async () => {
    const res = await postForm([['attemptId', randomUUID()]]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'invalid_request', message: expect.any(String) });
  });
});

describe('attempt policy', () => {
  it('allows attempts.max attempts, then 409 attempt_limit_reached; a resend and an offline sync are still recorded', async () => {
    const limited = await storeVersion('demo-bai-thu', (raw) => {
      raw.attempts = { max: 2 };
    });
    const d = device();
    const make = async (source?: string) => {
      const id = randomUUID();
      const view = { lessonId: 'demo-bai-thu', ...publicQuiz(limited, id) } as unknown as View;
      return {
        id,
        lessonId: 'demo-bai-thu',
        quizVersion: quizVersion(limited),
        answers: answersFromAuthored(view, WRONG),
        ...(source ? { source } : {}),
      };
    };
    const first = await make();
    expect((await d.send(first)).statusCode).toBe(201);
    const second = await make();
    expect((await d.send(second)).statusCode).toBe(201);
    const third = await d.send(await make());
    expect(third.statusCode).toBe(409);
    expect(third.json()).toEqual({ code: 'attempt_limit_reached', message: expect.any(String) });
    expect((await d.send(second)).statusCode).toBe(200);
    const offline = await make('offline_sync');
    expect((await d.send(offline)).statusCode).toBe(201);
    expect((await d.get('/api/v1/progress')).json().lessons[0].attempts).toBe(3);
    // another learner has their own count
    expect((await device().send(await make())).statusCode).toBe(201);
  });

  it('refuses an attempt sooner than attempts.cooldownMinutes after the last: 429 attempt_too_soon', async () => {
    const slow = await storeVersion('demo-bai-hai', (raw) => {
      raw.attempts = { cooldownMinutes: 10 };
    });
    const d = device();
    const make = (source?: string) => {
      const id = randomUUID();
      const view = { lessonId: 'demo-bai-hai', ...publicQuiz(slow, id) } as unknown as View;
      return {
        id,
        lessonId: 'demo-bai-hai',
        quizVersion: quizVersion(slow),
        answers: answersFromAuthored(view, KEY),
        ...(source ? { source } : {}),
      };
    };
    expect((await d.send(make())).statusCode).toBe(201);
    const soon = await d.send(make());
    expect(soon.statusCode).toBe(429);
    expect(soon.json()).toEqual({ code: 'attempt_too_soon', message: expect.stringMatching(/10 min/) });
    expect((await d.send(make('offline_sync'))).statusCode).toBe(201);
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

describe('the no-JavaScript form with every item type of the real curriculum', () => {
  let real: FastifyInstance;
  let realDb: TestDatabase;
  const content = loadCatalog(defaultContentDir);
  const quizzes = loadQuizzes(content, defaultContentDir);
  beforeAll(async () => {
    realDb = await openTestDatabase();
    real = await buildTestApp(realDb, { CONTENT_DIR: defaultContentDir });
  });
  afterAll(async () => {
    await real?.close();
    await realDb?.close();
  });

  /** Form fields as the quiz page names them, for responses in the ids of the public view. */
  function fieldsOf(quiz: Quiz, responses: Record<string, unknown>): [string, string][] {
    return Object.entries(responses).flatMap(([id, r]): [string, string][] => {
      const def = quiz.items.find((i) => i.id === id)!;
      switch (def.type) {
        case 'ordering':
          return (r as string[]).map((step, i) => [`q.${id}.${step}`, String(i + 1)]);
        case 'matching':
          return Object.entries(r as Record<string, string>).map(([left, right]) => [`q.${id}.${left}`, right]);
        case 'number':
          // typed the way people do: Vietnamese grouping and the unit after it
          return [[`q.${id}`, `${(r as number).toLocaleString('vi-VN')}${def.unit ? ` ${def.unit}` : 'đ'}`]];
        default:
          return [r].flat().map((v) => [`q.${id}`, String(v)]);
      }
    });
  }

  async function post(lessonId: string, fields: [string, string][], id: string, version: string, cookie: string) {
    return real.inject({
      method: 'POST',
      url: '/api/v1/attempts/form',
      payload: new URLSearchParams([
        ['attemptId', id],
        ['lessonId', lessonId],
        ['quizVersion', version],
        ...fields,
      ]).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    });
  }

  it('grades a right form for every lesson 1, whatever item types it drew', async () => {
    const types = new Set<string>();
    let cookie = '';
    for (const [lessonId, { quiz, version }] of quizzes) {
      const id = randomUUID();
      const key = keyResponses(quiz, id);
      for (const itemId of Object.keys(key)) types.add(quiz.items.find((i) => i.id === itemId)!.type);
      const res = await post(lessonId, fieldsOf(quiz, key), id, version, cookie);
      expect(res.statusCode, `${lessonId}: ${res.headers.location}`).toBe(303);
      expect(res.headers.location).toBe(`/bai-hoc/${lessonId}/ket-qua/${id}`);
      const set = res.cookies.find((c) => c.name === 'hvs_device');
      if (set) cookie = `hvs_device=${set.value}`;
      const result = (await real.inject({ url: `/api/v1/attempts/${id}`, headers: { cookie } })).json();
      expect(result.score, lessonId).toBe(1);
    }
    expect([...types].sort()).toEqual([...itemTypeNames].sort());
  });

  it('grades what a person can enter as given: an unreadable number, one answer for two lefts, positions given twice', async () => {
    const pick = (type: string) => [...quizzes].find(([, q]) => q.quiz.items.some((i) => i.type === type))!;
    for (const type of ['number', 'matching', 'ordering']) {
      const [lessonId, { quiz, version }] = pick(type);
      let id = randomUUID();
      while (!selectItems(quiz, id).items.some((i) => quiz.items.find((d) => d.id === i.id)!.type === type))
        id = randomUUID();
      const itemId = selectItems(quiz, id).items.find((i) => quiz.items.find((d) => d.id === i.id)!.type === type)!.id;
      const view = publicQuiz(quiz, id).items.find((i) => i.id === itemId)!;
      const fields: [string, string][] =
        type === 'number'
          ? [[`q.${itemId}`, 'khoảng năm chục']]
          : type === 'matching'
            ? (view.lefts as { id: string }[]).map((l): [string, string] => [`q.${itemId}.${l.id}`, 'r1'])
            : (view.steps as { id: string }[]).map((s): [string, string] => [`q.${itemId}.${s.id}`, '1']);
      const res = await post(lessonId, fields, id, version, '');
      expect(res.statusCode, type).toBe(303);
      expect(res.headers.location, type).toBe(`/bai-hoc/${lessonId}/ket-qua/${id}`);
    }
  });
});
