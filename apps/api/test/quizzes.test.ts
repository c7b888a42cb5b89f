import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, expectedDbKind, openTestDatabase, type TestDatabase } from './helper.ts';

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
    expect(res.body).not.toMatch(/FB-|EXPL-|"correct"|"feedback"|"explanation"/);
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
