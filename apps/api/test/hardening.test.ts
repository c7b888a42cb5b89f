import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { CONSENT_VERSION } from '@hvs/contracts';
import { attempt, roleGrant } from '../src/db/schema/index.ts';
import { safeError } from '../src/plugins/safe-error.ts';
import { buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

/** Issue 22, hardening: each crash or leak found by fuzzing, reproduced on the real app, then closed. */
let database: TestDatabase;
let app: FastifyInstance;
let commune = '';

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { AUTH_RATE_LIMIT: '1000', AUTH_IP_RATE_LIMIT: '1000' });
  commune = (await app.inject({ url: '/api/v1/communes?q=xa&limit=1' })).json()[0].code;
}, 180_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function signup(extra: object = {}) {
  const login = `h${randomUUID().slice(0, 8)}`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: {
      login,
      password: 'mat-khau-du-dai',
      displayName: 'Cô Ba',
      birthYear: 1975,
      communeCode: commune,
      consentVersion: CONSENT_VERSION,
      tokens: 'body',
      ...extra,
    },
  });
  return res;
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('text that PostgreSQL refuses', () => {
  it('cleans a NUL and a lone surrogate in stored text instead of failing with a 500', async () => {
    const res = await signup({ displayName: 'An\u0000 Bình\ud800', householdKey: 'nha\u0000-12' });
    expect(res.statusCode, res.body).toBe(201);
    const me = await app.inject({ url: '/api/v1/me', headers: bearer(res.json().accessToken) });
    expect(me.json().displayName).toBe('An Bình\ufffd');
    await app.db.insert(roleGrant).values({ userId: res.json().user.id, role: 'teacher', scopeUnitCode: null });
    const cls = await app.inject({
      method: 'POST',
      url: '/api/v1/classes',
      payload: { name: 'Lớp\u0000 1', school: 'Trường\udfff' },
      headers: bearer(res.json().accessToken),
    });
    expect(cls.statusCode, cls.body).toBe(201);
    const pupils = await app.inject({
      method: 'POST',
      url: `/api/v1/classes/${cls.json().id}/students`,
      payload: { names: ['Trò\u0000 Một'], birthYear: 2015, studentLevel: 'primary', consent: true },
      headers: bearer(res.json().accessToken),
    });
    expect(pupils.statusCode, pupils.body).toBe(201);
  });

  it('answers an attempt whose answers hold a NUL without a 500, and sends a no-JavaScript form back to the quiz', async () => {
    // (the fixture has only single-choice items: a cleaned answer is then an unknown option, a 400;
    // a free-text item stores the cleaned text, as the display name above)
    const id = randomUUID();
    const quiz = (await app.inject({ url: `/api/v1/lessons/demo-bai-thu/quiz?attemptId=${id}` })).json();
    const device = { cookie: `hvs_device=${randomUUID()}` };
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: {
        id,
        lessonId: 'demo-bai-thu',
        quizVersion: quiz.version,
        answers: Object.fromEntries(quiz.items.map((i: { id: string }) => [i.id, 'x\u0000\ud800'])),
      },
      headers: device,
    });
    expect(res.statusCode, res.body).toBeLessThan(500);
    expect(res.json()).toEqual({ code: expect.any(String), message: expect.any(String) });
    const formId = randomUUID();
    const formQuiz = (await app.inject({ url: `/api/v1/lessons/demo-bai-thu/quiz?attemptId=${formId}` })).json();
    const form = new URLSearchParams({ attemptId: formId, lessonId: 'demo-bai-thu', quizVersion: formQuiz.version });
    for (const item of formQuiz.items) form.append(`q.${item.id}`, 'a\u0000b');
    const posted = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts/form',
      payload: form.toString(),
      headers: { ...device, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.statusCode).toBe(303);
    const back = new URL(posted.headers.location as string, 'http://x');
    expect(back.pathname).toBe('/bai-hoc/demo-bai-thu/kiem-tra');
    expect(back.searchParams.get('tl')).toBeTruthy(); // the answers typed come back with the form
  });
});

describe('device times', () => {
  it.each([
    ['year 0000', '0000-01-01T00:00:00Z', undefined],
    ['far past', '2001-01-01T00:00:00Z', '2001-01-01T00:10:00Z'],
    ['far future', '2031-01-01T00:00:00Z', '2031-01-01T00:10:00Z'],
    ['start after submit', new Date(Date.now() - 60_000).toISOString(), new Date(Date.now() - 120_000).toISOString()],
  ])('%s: the attempt is kept, the implausible device time is not', async (_name, startedAt, submittedAt) => {
    const id = randomUUID();
    const quiz = (await app.inject({ url: `/api/v1/lessons/demo-bai-thu/quiz?attemptId=${id}` })).json();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: { id, lessonId: 'demo-bai-thu', quizVersion: quiz.version, answers: {}, startedAt, submittedAt },
      headers: { cookie: `hvs_device=${randomUUID()}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await app.db
      .select({ s: attempt.deviceStartedAt, t: attempt.deviceSubmittedAt })
      .from(attempt)
      .where(sql`${attempt.id} = ${id}`);
    expect(row!.s).toBeNull();
    if (row!.t) expect(row!.t.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe('hosts and the HTTP layer', () => {
  it('answers a very long Host header on the class QR with 400, not 500', async () => {
    const user = await signup();
    await app.db.insert(roleGrant).values({ userId: user.json().user.id, role: 'teacher', scopeUnitCode: null });
    const cls = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/classes',
        payload: { name: 'Lớp QR' },
        headers: bearer(user.json().accessToken),
      })
    ).json();
    const res = await app.inject({
      url: `/api/v1/classes/${cls.id}/join-qr.svg`,
      headers: { ...bearer(user.json().accessToken), host: `${'a.'.repeat(2500)}vn` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('host_invalid');
    const ok = await app.inject({
      url: `/api/v1/classes/${cls.id}/join-qr.svg`,
      headers: bearer(user.json().accessToken),
    });
    expect(ok.statusCode).toBe(200);
  });

  it('answers headers too large (431) and malformed HTTP (400) with { code, message }', async () => {
    const server = await buildTestApp(database);
    await server.listen({ port: 0, host: '127.0.0.1' });
    const port = (server.server.address() as { port: number }).port;
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        let data = '';
        socket.on('data', (d) => (data += d));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
    try {
      const big = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(big).toMatch(/^HTTP\/1.1 431/);
      expect(JSON.parse(big.split('\r\n\r\n')[1]!)).toEqual({ code: 'headers_too_large', message: expect.any(String) });
      const bad = await raw('NOT HTTP AT ALL\r\n\r\n');
      expect(bad).toMatch(/^HTTP\/1.1 400/);
      expect(JSON.parse(bad.split('\r\n\r\n')[1]!)).toEqual({ code: 'invalid_request', message: expect.any(String) });
    } finally {
      await server.close();
    }
  });
});

describe('logs', () => {
  it('never carry the parameters of a failed query (an argon2 hash, a login)', async () => {
    const secret = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0$aGFzaA';
    const error = await app.db
      .execute(sql`insert into app_user (id, login, password_hash) values (${randomUUID()}, ${'ba-tu'}, ${secret})`)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message) + String((error as Error).stack)).toContain(secret); // the leak
    const logged = JSON.stringify(safeError(error));
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain('ba-tu');
    expect(logged).toContain('insert into app_user');
  });
});
