import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { CONSENT_VERSION } from '@hvs/contracts';
import type { Access } from '../src/plugins/access.ts';
import { buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

/**
 * Who may call each route. Adding a route without adding it here fails the first test: every new
 * route gets an explicit rule, checked below with every kind of caller.
 */
const RULES: Record<string, Access> = {
  'GET /api/health': 'public',
  'GET /api/v1/lessons/:lessonId/quiz': 'public',
  'POST /api/v1/attempts': 'learner',
  'POST /api/v1/attempts/form': 'learner',
  'GET /api/v1/attempts/:id': 'learner',
  'GET /api/v1/progress': 'learner',
  'POST /api/v1/auth/signup': 'public',
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/refresh': 'public',
  'POST /api/v1/auth/logout': 'public',
  'GET /api/v1/me': 'user',
  'GET /api/v1/me/record': 'user',
  'GET /api/v1/me/export': 'user',
  'DELETE /api/v1/me': 'user',
  'GET /api/v1/provinces': 'public',
  'GET /api/v1/communes': 'public',
  'GET /api/v1/role-grants': 'admin',
  'POST /api/v1/role-grants': 'admin',
  'DELETE /api/v1/role-grants/:id': 'admin',
  'GET /api/v1/classes': 'teacher',
  'POST /api/v1/classes': 'teacher',
  'GET /api/v1/classes/:id': 'teacher',
  'POST /api/v1/classes/:id/join-code': 'teacher',
  'DELETE /api/v1/classes/:id/join-code': 'teacher',
  'GET /api/v1/classes/:id/join-qr.svg': 'teacher',
  'POST /api/v1/classes/:id/archive': 'teacher',
  'POST /api/v1/classes/:id/students': 'teacher',
  'DELETE /api/v1/classes/:id/students/:userId': 'teacher',
  'POST /api/v1/classes/:id/assignments': 'teacher',
  'GET /api/v1/classes/:id/board': 'teacher',
  'GET /api/v1/classes/:id/board.csv': 'teacher',
  'POST /api/v1/classes/join': 'user',
  'POST /api/v1/classes/:id/leave': 'user',
  'GET /api/v1/me/assignments': 'user',
  'GET /api/v1/indicators': 'official',
  'GET /api/v1/indicators/export.csv': 'official',
  'GET /api/v1/public/indicators': 'public',
  'GET /api/v1/public/indicators/export.csv': 'public',
  'PUT /api/v1/plan-targets': 'official',
  'GET /api/v1/population': 'official',
  'GET /api/v1/population/export.csv': 'official',
  'PUT /api/v1/population': 'official',
  'POST /api/v1/population/import': 'official',
};

let database: TestDatabase;
let app: FastifyInstance;
let commune = '';
const tokens: Record<'learner' | 'other' | 'teacher' | 'admin', string> = { learner: '', other: '', teacher: '', admin: '' };

const routes = () =>
  app.accessTable.filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/api/docs'));
const concrete = (url: string) => url.replace(':lessonId', 'demo-bai-thu').replace(':id', randomUUID()).replace(':userId', randomUUID());

async function signup(login: string): Promise<{ token: string; id: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: { login, password: 'mat-khau-du-dai', displayName: login, birthYear: 1980, communeCode: commune, consentVersion: CONSENT_VERSION, tokens: 'body' },
  });
  return { token: res.json().accessToken, id: res.json().user.id };
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { AUTH_RATE_LIMIT: '1000' });
  commune = (await app.inject({ url: '/api/v1/communes?q=xa' })).json()[0].code;
  tokens.learner = (await signup('hoc-vien-a')).token;
  tokens.other = (await signup('hoc-vien-b')).token;
  const teacher = await signup('giao-vien');
  const admin = await signup('quan-tri');
  // The first administrator is made in the database (as the seed does); roles then come through the API.
  const { roleGrant } = await import('../src/db/schema/index.ts');
  await app.db.insert(roleGrant).values({ userId: admin.id, role: 'admin', scopeUnitCode: null });
  tokens.admin = (
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'quan-tri', password: 'mat-khau-du-dai', tokens: 'body' } })
  ).json().accessToken;
  const granted = await app.inject({
    method: 'POST',
    url: '/api/v1/role-grants',
    payload: { login: 'giao-vien', role: 'teacher', scopeUnitCode: null },
    headers: { authorization: `Bearer ${tokens.admin}` },
  });
  expect(granted.statusCode).toBe(201);
  tokens.teacher = (
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'giao-vien', password: 'mat-khau-du-dai', tokens: 'body' } })
  ).json().accessToken;
  void teacher;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('access rules', () => {
  it('every route declares a rule, and the rules are the ones written here', () => {
    const actual = Object.fromEntries(routes().map((r) => [`${r.method} ${r.url}`, r.access]));
    expect(actual).toEqual(RULES);
  });

  it('refuses a caller without an account on every route that needs one (401)', async () => {
    for (const r of routes().filter((r) => r.access !== 'public' && r.access !== 'learner')) {
      const res = await app.inject({ method: r.method as InjectOptions['method'], url: concrete(r.url), payload: r.method === 'GET' ? undefined : {} });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe('unauthenticated');
    }
  });

  it('refuses a signed-in learner on every route that needs a role (403)', async () => {
    for (const r of routes().filter((r) => !['public', 'learner', 'user'].includes(r.access))) {
      for (const who of ['learner', 'teacher'] as const) {
        if (r.access === who) continue;
        const res = await app.inject({
          method: r.method as InjectOptions['method'],
          url: concrete(r.url),
          payload: r.method === 'GET' ? undefined : {},
          headers: { authorization: `Bearer ${tokens[who]}` },
        });
        expect(res.statusCode, `${who}: ${r.method} ${r.url}`).toBe(403);
        expect(res.json().code).toBe('forbidden');
      }
    }
  });

  it("lets the administrator through, and hides one learner's attempts from another", async () => {
    const list = await app.inject({ url: '/api/v1/role-grants?login=giao-vien', headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(list.statusCode).toBe(200);
    expect(list.json().grants).toEqual([expect.objectContaining({ role: 'teacher', scopeUnitCode: null })]);

    const id = randomUUID();
    const quiz = (await app.inject({ url: `/api/v1/lessons/demo-bai-thu/quiz?attemptId=${id}` })).json();
    const mine = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: { id, lessonId: 'demo-bai-thu', quizVersion: quiz.version, answers: {} },
      headers: { authorization: `Bearer ${tokens.learner}` },
    });
    expect(mine.statusCode).toBe(201);
    const theirs = await app.inject({ url: `/api/v1/attempts/${id}`, headers: { authorization: `Bearer ${tokens.other}` } });
    expect(theirs.statusCode).toBe(404);
    const asGuest = await app.inject({ url: `/api/v1/attempts/${id}`, headers: { cookie: `hvs_device=${randomUUID()}` } });
    expect(asGuest.statusCode).toBe(404);
    const own = await app.inject({ url: `/api/v1/attempts/${id}`, headers: { authorization: `Bearer ${tokens.learner}` } });
    expect(own.statusCode).toBe(200);
    // Another learner's record is reachable only through /me, which is always the caller's own.
    const record = await app.inject({ url: '/api/v1/me/record', headers: { authorization: `Bearer ${tokens.other}` } });
    expect(record.json().modules[0].lessons[0].attempts).toBe(0);
  });
});

describe('bad input on every route', () => {
  const bodies: [string, InjectOptions][] = [
    ['malformed JSON', { payload: '{"login": ', headers: { 'content-type': 'application/json' } }],
    ['an array', { payload: [] as unknown as object }],
    ['wrong types', { payload: { id: 5, login: [], password: {}, answers: 'x', lessonId: null, role: 7, refreshToken: 3 } }],
    ['an oversized body', { payload: { login: 'x'.repeat(300 * 1024) } }],
    ['a form where JSON is expected', { payload: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
    ['plain text', { payload: 'hello', headers: { 'content-type': 'text/plain' } }],
  ];

  it.each(bodies)('answers %s with 4xx and { code, message }, never 5xx', async (_name, options) => {
    for (const r of routes().filter((r) => r.method !== 'GET')) {
      for (const who of ['none', 'learner', 'admin'] as const) {
        const res = await app.inject({
          ...options,
          method: r.method as InjectOptions['method'],
          url: concrete(r.url),
          headers: { ...(options.headers ?? {}), ...(who === 'none' ? {} : { authorization: `Bearer ${tokens[who]}` }) },
        } as InjectOptions);
        const where = `${who}: ${r.method} ${r.url}`;
        expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, where).toBeLessThan(500);
        expect(res.json(), where).toEqual({ code: expect.any(String), message: expect.any(String) });
      }
    }
  });

  it('answers garbage in paths and query strings with 4xx, never 5xx', async () => {
    for (const r of routes()) {
      for (const junk of ['%00', 'x'.repeat(600), "'; drop table attempt; --", '..%2F..%2Fetc']) {
        const url = r.url.replace(':lessonId', junk).replace(':id', junk).replace(':userId', junk) + `?q=${junk}&attemptId=${junk}&login=${junk}&limit=-1`;
        const res = await app.inject({ method: r.method as InjectOptions['method'], url, headers: { authorization: `Bearer ${tokens.admin}` } });
        expect(res.statusCode, `${r.method} ${url}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.json()).toEqual({ code: expect.any(String), message: expect.any(String) });
      }
    }
  });
});
