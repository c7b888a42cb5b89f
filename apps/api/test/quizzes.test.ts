import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { defaultContentDir, loadCatalog } from '@hvs/content';
import { loadQuizzes } from '@hvs/content/quizzes';
import { buildTestApp, expectedDbKind, fixtureQuizzes, openTestDatabase, type TestDatabase } from './helper.ts';

/** Fields that hold a key, feedback or an explanation; none may appear anywhere in a public view. */
const KEY_FIELDS =
  /^(correct|answer|accept|wrong|suspicious|explanation|feedback\w*|tolerance|normalize|distractors|pairs|solution)$/;

/** Every key anywhere in a JSON value, with its path. */
function keysOf(value: unknown, path = ''): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysOf(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [
      [`${path}.${k}`, k] as [string, string],
      ...keysOf(v, `${path}.${k}`),
    ]);
  return [];
}

/** Strings of a quiz definition, split by whether only the server may know them. */
function stringsOf(node: unknown, secret: boolean, key = ''): string[] {
  if (typeof node === 'string') return /^(feedback\w*|explanation|answer|accept)$/.test(key) === secret ? [node] : [];
  if (Array.isArray(node)) return node.flatMap((v) => stringsOf(v, secret, key));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => stringsOf(v, secret, k));
  return [];
}

/** The secret strings; one the author also shows (an accepted answer that is an option's text) is public already. */
function secretsOf(quiz: unknown): string[] {
  const shown = new Set(stringsOf(quiz, false));
  return stringsOf(quiz, true).filter((s) => !shown.has(s));
}

/** Lists of a public item whose ids must be positions on the page (quiz-engine README, "Public view"). */
const POSITION_PREFIX: Record<string, string> = { options: 'c', segments: 'g', steps: 'o', lefts: 'l', rights: 'r' };

/** What a public view must not hold: no key field at any depth, no secret text, no authored child id. */
function leaks(view: { items: Record<string, unknown>[] }, quiz: { items: Record<string, unknown>[] }): string[] {
  const out = keysOf(view)
    .filter(([, k]) => KEY_FIELDS.test(k))
    .map(([p]) => `key field ${p}`);
  const json = JSON.stringify(view);
  for (const secret of secretsOf(quiz))
    if (secret.length >= 8 && json.includes(JSON.stringify(secret))) out.push(`text ${secret.slice(0, 40)}`);
  for (const item of view.items) {
    const def = quiz.items.find((i) => i.id === item.id)!;
    for (const [list, prefix] of Object.entries(POSITION_PREFIX)) {
      const ids = ((item[list] as { id: string }[] | undefined) ?? []).map((x) => x.id);
      if (ids.some((id, i) => id !== `${prefix}${i + 1}`))
        out.push(`${item.id}.${list}: ids are not positions: ${ids.join(',')}`);
      const authored = (
        (def[list === 'lefts' || list === 'rights' ? 'pairs' : list] as { id: string }[] | undefined) ?? []
      ).map((x) => x.id);
      if (
        authored.length &&
        list !== 'rights' &&
        list !== 'steps' &&
        ids.length &&
        ids.every((id, i) => id === authored[i])
      )
        out.push(`${item.id}.${list}: authored ids`);
    }
  }
  return out;
}

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

describe('GET /api/health', () => {
  it('reports the database in use and the migrations applied', async () => {
    const res = await app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: expectedDbKind, lessons: 2 });
    expect(res.json().migrations).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /api/v1/lessons/:lessonId/quiz', () => {
  it('gives the drawn items without keys, feedback or explanations', async () => {
    const res = await app.inject({ url: `/api/v1/lessons/demo-bai-thu/quiz?attemptId=${randomUUID()}` });
    expect(res.statusCode).toBe(200);
    const quiz = res.json();
    expect(quiz.items).toHaveLength(3);
    expect(res.body).not.toMatch(/FB-|EXPL-/);
    expect(
      leaks(quiz, fixtureQuizzes.get('demo-bai-thu')!.quiz as unknown as { items: Record<string, unknown>[] }),
    ).toEqual([]);
  });

  it('the leak check finds a key field at any depth, a secret text and authored ids', () => {
    const quiz = fixtureQuizzes.get('demo-bai-thu')!.quiz as unknown as { items: Record<string, unknown>[] };
    const def = quiz.items[0] as { id: string; options: { id: string; text: string; feedback: string }[] };
    const view = {
      items: [
        {
          id: def.id,
          type: 'single',
          prompt: 'P',
          options: def.options.map((o) => ({ id: o.id, text: o.text, meta: { suspicious: false } })),
          hint: def.options[0]!.feedback,
        },
      ],
    };
    expect(leaks(view, quiz)).toEqual([
      `key field .items[0].options[0].meta.suspicious`,
      `key field .items[0].options[1].meta.suspicious`,
      `text ${def.options[0]!.feedback}`,
      `${def.id}.options: ids are not positions: co,khong`,
      `${def.id}.options: authored ids`,
    ]);
  });

  it('shows the same attempt the same items in the same order', async () => {
    const id = randomUUID();
    const a = await app.inject({ url: `/api/v1/lessons/demo-bai-thu/quiz?attemptId=${id}` });
    const b = await app.inject({ url: `/api/v1/lessons/demo-bai-thu/quiz?attemptId=${id}` });
    expect(a.json()).toEqual(b.json());
  });

  it('answers an unknown lesson with 404 and a bad attempt id with 400', async () => {
    const missing = await app.inject({ url: `/api/v1/lessons/khong-co/quiz?attemptId=${randomUUID()}` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ code: 'lesson_not_found', message: expect.any(String) });
    const bad = await app.inject({ url: '/api/v1/lessons/demo-bai-thu/quiz?attemptId=123' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_request');
  });
});

describe('public views of the real curriculum', () => {
  let real: FastifyInstance;
  let realDb: TestDatabase;
  const quizzes = loadQuizzes(loadCatalog(defaultContentDir), defaultContentDir);
  beforeAll(async () => {
    realDb = await openTestDatabase();
    real = await buildTestApp(realDb, { CONTENT_DIR: defaultContentDir });
  });
  afterAll(async () => {
    await real?.close();
    await realDb?.close();
  });

  it('hold no key field, feedback, explanation, accepted answer or authored child id, for any lesson', async () => {
    const found: string[] = [];
    const types = new Set<string>();
    for (const [lessonId, { quiz }] of quizzes) {
      for (let i = 0; i < 3; i++) {
        const res = await real.inject({ url: `/api/v1/lessons/${lessonId}/quiz?attemptId=${randomUUID()}` });
        expect(res.statusCode).toBe(200);
        for (const item of res.json().items) types.add(item.type);
        found.push(
          ...leaks(res.json(), quiz as unknown as { items: Record<string, unknown>[] }).map((l) => `${lessonId}: ${l}`),
        );
      }
    }
    expect(found).toEqual([]);
    expect(types.size).toBe(8);
  });
});

describe('errors and docs', () => {
  it('answers an unknown API route with { code, message }', async () => {
    const res = await app.inject({ url: '/api/v1/khong-co' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'not_found', message: expect.any(String) });
  });

  it('serves the OpenAPI document generated from the zod schemas', async () => {
    const res = await app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const post = doc.paths['/api/v1/attempts'].post;
    expect(post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['id', 'lessonId', 'quizVersion', 'answers']),
    );
  });

  it('refuses to start with a route that declares no access rule', async () => {
    const { buildApp } = await import('../src/app.ts');
    const { testConfig } = await import('./helper.ts');
    const other = await buildApp(testConfig(), { database });
    expect(() => other.get('/api/v1/open', async () => 'x')).toThrow(/declares no access rule/);
    await other.close();
  });
});
