import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { CONSENT_VERSION } from '@hvs/contracts';
import { answersFromAuthored, buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

const KEY: Record<string, string> = { otp: 'khong', 'mat-khau': 'dai', link: 'xoa', 'cap-nhat': 'lua' };
// Phường Bến Thành is not assumed: any ward of the seeded units will do; found by search below.
let commune = '';

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { AUTH_RATE_LIMIT: '1000' });
  const res = await app.inject({ url: '/api/v1/communes?q=ben%20thanh' });
  commune = res.json()[0].code;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** A browser: keeps cookies the API sets, sends them back. */
function browser() {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Awaited<ReturnType<FastifyInstance['inject']>>) => {
    for (const c of res.cookies) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0) || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    return res;
  };
  return {
    jar,
    get: async (url: string) => keep(await app.inject({ url, headers: { cookie: cookie() } })),
    post: async (url: string, payload?: object) =>
      keep(await app.inject({ method: 'POST', url, payload: payload ?? {}, headers: { cookie: cookie() } })),
    del: async (url: string, payload?: object) =>
      keep(await app.inject({ method: 'DELETE', url, payload: payload ?? {}, headers: { cookie: cookie() } })),
  };
}
type Browser = ReturnType<typeof browser>;

const newLogin = () => `hv${randomUUID().slice(0, 8)}`;
const signupBody = (login: string, extra: object = {}) => ({
  login,
  password: 'mat-khau-du-dai',
  displayName: 'Cô Lan',
  birthYear: 1970,
  communeCode: commune,
  consentVersion: CONSENT_VERSION,
  ...extra,
});

async function pass(b: Browser, lessonId: string, right = true) {
  const id = randomUUID();
  const quiz = (await b.get(`/api/v1/lessons/${lessonId}/quiz?attemptId=${id}`)).json();
  const answers = answersFromAuthored(quiz, right ? KEY : { otp: 'co', 'mat-khau': 'ngan', link: 'bam', 'cap-nhat': 'cong-an' });
  const body = { id, lessonId, quizVersion: quiz.version, answers };
  return { body, res: await b.post('/api/v1/attempts', body) };
}

async function count(table: string, where: string): Promise<number> {
  const { sql } = await import('drizzle-orm');
  const r = await (app.db as unknown as { execute: (q: unknown) => Promise<{ rows: { n: number }[] }> }).execute(
    sql.raw(`select count(*)::int as n from ${table} where ${where}`),
  );
  return Number(r.rows[0]!.n);
}

describe('sign up and sign in', () => {
  it('signs up with a username, sets httpOnly cookies, and /me shows the profile with the commune', async () => {
    const b = browser();
    const login = newLogin();
    const res = await b.post('/api/v1/auth/signup', signupBody(login, { worker: true, hasSmartphone: true, householdKey: ' Nha Ba Lan ' }));
    expect(res.statusCode).toBe(201);
    const access = res.cookies.find((c) => c.name === 'hvs_access')!;
    expect(access.httpOnly).toBe(true);
    expect(access.sameSite).toBe('Lax');
    expect(res.json().accessToken).toBeUndefined();
    const me = (await b.get('/api/v1/me')).json();
    expect(me).toMatchObject({ login, displayName: 'Cô Lan', birthYear: 1970, householdKey: 'nhabalan', groups: { worker: true, publicServant: false } });
    expect(me.commune.code).toBe(commune);
    expect(me.commune.provinceName).toBeTruthy();
    expect(me.consentVersion).toBe(CONSENT_VERSION);
  });

  it('accepts a phone number in any usual form and signs in with another form of it', async () => {
    const digits = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const b = browser();
    expect((await b.post('/api/v1/auth/signup', signupBody(`+84 ${digits.slice(1, 4)} ${digits.slice(4)}`))).statusCode).toBe(201);
    const again = browser();
    const res = await again.post('/api/v1/auth/login', { login: `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`, password: 'mat-khau-du-dai' });
    expect(res.statusCode).toBe(200);
    expect((await again.get('/api/v1/me')).json().login).toBe(digits);
  });

  it('refuses a login taken, an unknown commune, an old consent text', async () => {
    const login = newLogin();
    await browser().post('/api/v1/auth/signup', signupBody(login));
    const taken = await browser().post('/api/v1/auth/signup', signupBody(login.toUpperCase()));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('login_taken');
    const place = await browser().post('/api/v1/auth/signup', signupBody(newLogin(), { communeCode: '99999' }));
    expect(place.json()).toEqual({ code: 'unknown_commune', message: expect.any(String) });
    const consent = await browser().post('/api/v1/auth/signup', signupBody(newLogin(), { consentVersion: '2020-01-01' }));
    expect(consent.json().code).toBe('consent_outdated');
  });

  it('answers a wrong login and a wrong password the same way', async () => {
    const login = newLogin();
    await browser().post('/api/v1/auth/signup', signupBody(login));
    const wrongPassword = await browser().post('/api/v1/auth/login', { login, password: 'sai-mat-khau' });
    const wrongLogin = await browser().post('/api/v1/auth/login', { login: newLogin(), password: 'sai-mat-khau' });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongLogin.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual(wrongLogin.json());
  });

  it('gives API clients Bearer tokens in the body on request', async () => {
    const login = newLogin();
    const res = await browser().post('/api/v1/auth/signup', signupBody(login, { tokens: 'body' }));
    const { accessToken, refreshToken } = res.json();
    expect(res.cookies).toEqual(expect.not.arrayContaining([expect.objectContaining({ name: 'hvs_access' })]));
    const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.json().login).toBe(login);
    const next = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
    expect(next.statusCode).toBe(200);
    expect(next.json().refreshToken).not.toBe(refreshToken);
  });
});

describe('sessions', () => {
  it('rotates the refresh token, and a stolen (reused) token closes the whole session', async () => {
    const b = browser();
    await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    const first = b.jar.get('hvs_refresh')!;
    expect((await b.post('/api/v1/auth/refresh')).statusCode).toBe(200);
    const second = b.jar.get('hvs_refresh')!;
    expect(second).not.toBe(first);
    // Someone replays the first token later (outside the grace for parallel tabs).
    await (app.db as unknown as { execute: (q: unknown) => Promise<unknown> }).execute(
      (await import('drizzle-orm')).sql.raw(`update refresh_token set used_at = now() - interval '1 minute' where used_at is not null`),
    );
    const thief = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: `hvs_refresh=${first}` } });
    expect(thief.statusCode).toBe(401);
    expect(thief.json().code).toBe('refresh_reused');
    // The rightful owner's newer token is now revoked too.
    const owner = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: `hvs_refresh=${second}` } });
    expect(owner.statusCode).toBe(401);
    expect(owner.json().code).toBe('refresh_invalid');
  });

  it('treats two tabs refreshing with the same token at once as one refresh, not as theft', async () => {
    const b = browser();
    await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    const token = b.jar.get('hvs_refresh')!;
    const both = await Promise.all(
      [1, 2].map(() => app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: `hvs_refresh=${token}` } })),
    );
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
  });

  it('logs out: the refresh token stops working and the cookies are cleared', async () => {
    const b = browser();
    await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    const token = b.jar.get('hvs_refresh')!;
    const out = await b.post('/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(b.jar.has('hvs_access')).toBe(false);
    expect((await b.get('/api/v1/me')).statusCode).toBe(401);
    const replay = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: `hvs_refresh=${token}` } });
    expect(replay.statusCode).toBe(401);
  });

  it('answers an expired or forged access token with 401, never as a guest', async () => {
    const forged = await app.inject({ method: 'POST', url: '/api/v1/attempts', payload: {}, headers: { cookie: 'hvs_access=abc.def.ghi' } });
    expect(forged.statusCode).toBe(401); // the caller is refused before the body is even read
    const quizId = randomUUID();
    const quiz = (await app.inject({ url: `/api/v1/lessons/demo-bai-thu/quiz?attemptId=${quizId}` })).json();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: { id: quizId, lessonId: 'demo-bai-thu', quizVersion: quiz.version, answers: {} },
      headers: { cookie: 'hvs_access=abc.def.ghi; hvs_device=' + randomUUID() },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('token_invalid');
    const expired = app.jwt.sign({ sub: randomUUID(), roles: [] }, { expiresIn: -10 });
    const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${expired}` } });
    expect(me.json().code).toBe('token_expired');
  });
});

describe('guest progress and certification', () => {
  it('keeps what a guest passed on this device when they sign up', async () => {
    const b = browser();
    expect((await pass(b, 'demo-bai-thu')).res.statusCode).toBe(201);
    await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    const record = (await b.get('/api/v1/me/record')).json();
    const lesson = record.modules[0].lessons.find((l: { id: string }) => l.id === 'demo-bai-thu');
    expect(lesson).toMatchObject({ passed: true, attempts: 1, bestScore: 1, core: true });
    expect(record.core).toEqual({ total: 2, passed: 1, remaining: ['demo-bai-hai'] });
    expect(record.certification).toBeNull();
  });

  it('adds a guest’s progress on this device to an existing account at sign-in', async () => {
    const login = newLogin();
    const owner = browser();
    await owner.post('/api/v1/auth/signup', signupBody(login));
    await pass(owner, 'demo-bai-thu', false);
    await owner.post('/api/v1/auth/logout');
    const device = browser();
    await pass(device, 'demo-bai-thu');
    await pass(device, 'demo-bai-hai');
    await device.post('/api/v1/auth/login', { login, password: 'mat-khau-du-dai' });
    const record = (await device.get('/api/v1/me/record')).json();
    const lessons = record.modules[0].lessons;
    expect(lessons.find((l: { id: string }) => l.id === 'demo-bai-thu')).toMatchObject({ attempts: 2, bestScore: 1, passed: true });
    expect(record.core.remaining).toEqual([]);
    expect(record.certification).toMatchObject({ curriculumVersion: '2026.11', group: 'adult', revoked: false });
    expect(record.certification.code).toMatch(/^HVS-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
  });

  it('writes the certification exactly once when the completing attempt is sent twice at the same moment', async () => {
    const b = browser();
    await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    await pass(b, 'demo-bai-thu');
    const id = randomUUID();
    const quiz = (await b.get(`/api/v1/lessons/demo-bai-hai/quiz?attemptId=${id}`)).json();
    const body = { id, lessonId: 'demo-bai-hai', quizVersion: quiz.version, answers: answersFromAuthored(quiz, KEY) };
    const sends = await Promise.all([b.post('/api/v1/attempts', body), b.post('/api/v1/attempts', body), b.post('/api/v1/attempts', body)]);
    expect(sends.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    const me = (await b.get('/api/v1/me')).json();
    expect(await count('certification', `user_id = '${me.id}'`)).toBe(1);
    expect(await count('attempt', `id = '${id}'`)).toBe(1);
  });

  it('writes one certification when two different completing attempts race', async () => {
    const b = browser();
    await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    await Promise.all([pass(b, 'demo-bai-thu'), pass(b, 'demo-bai-hai')]);
    const me = (await b.get('/api/v1/me')).json();
    expect(await count('certification', `user_id = '${me.id}'`)).toBe(1);
  });
});

describe('my data', () => {
  it('exports everything held about me, then deletes it all when I confirm with my password', async () => {
    const b = browser();
    const login = newLogin();
    await b.post('/api/v1/auth/signup', signupBody(login));
    await pass(b, 'demo-bai-thu');
    const exported = await b.get('/api/v1/me/export');
    expect(exported.headers['content-disposition']).toMatch(/attachment/);
    const data = exported.json();
    expect(data.account.login).toBe(login);
    expect(data.attempts).toHaveLength(1);
    expect(data.attempts[0]).toMatchObject({ lessonId: 'demo-bai-thu', passed: true });
    expect(data.lessonProgress).toHaveLength(1);
    const id = data.account.id;

    const wrong = await b.del('/api/v1/me', { password: 'khong-dung' });
    expect(wrong.statusCode).toBe(401);
    const gone = await b.del('/api/v1/me', { password: 'mat-khau-du-dai' });
    expect(gone.statusCode).toBe(204);
    expect(await count('app_user', `id = '${id}'`)).toBe(0);
    expect(await count('attempt', `learner_id = '${id}'`)).toBe(0);
    expect(await count('lesson_progress', `learner_id = '${id}'`)).toBe(0);
    expect(await count('refresh_token', `user_id = '${id}'`)).toBe(0);
    expect((await browser().post('/api/v1/auth/login', { login, password: 'mat-khau-du-dai' })).statusCode).toBe(401);
  });
});

describe('communes', () => {
  it('finds a commune by part of its name, with or without diacritics, with its province', async () => {
    const plain = (await app.inject({ url: '/api/v1/communes?q=ben%20thanh' })).json();
    const marked = (await app.inject({ url: `/api/v1/communes?q=${encodeURIComponent('Bến Thành')}` })).json();
    expect(plain.length).toBeGreaterThan(0);
    expect(marked).toEqual(plain);
    expect(plain[0]).toMatchObject({ name: expect.stringMatching(/Bến Thành/), provinceName: expect.any(String) });
    const provinces = (await app.inject({ url: '/api/v1/provinces' })).json();
    expect(provinces).toHaveLength(34);
  });
});

describe('rate limits', () => {
  it('answers the 11th sign-in in a minute with 429 and Retry-After', async () => {
    const limited = await buildTestApp(database, { AUTH_RATE_LIMIT: '10' });
    let last;
    for (let i = 0; i < 11; i++) {
      last = await limited.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'ai-do', password: 'x' } });
    }
    expect(last!.statusCode).toBe(429);
    expect(last!.headers['retry-after']).toBeDefined();
    expect(last!.json()).toEqual({ code: 'rate_limited', message: expect.any(String) });
    await limited.close();
  });
});
