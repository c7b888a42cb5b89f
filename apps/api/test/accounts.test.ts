import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { CONSENT_VERSION } from '@hvs/contracts';
import { roleGrant } from '../src/db/schema/index.ts';
import { checkRollups } from '../src/services/indicator-rollup.ts';
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
      if (
        c.value === '' ||
        (c.maxAge !== undefined && c.maxAge <= 0) ||
        (c.expires && c.expires.getTime() < Date.now())
      )
        jar.delete(c.name);
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

/** PostgreSQL: until `n` transactions of this database wait on a lock (held by `holder`). */
async function lockWaiters(holder: pg.Client, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await holder.query(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (r.rows[0].n >= n) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never saw ${n} waiting transactions`);
}

async function pass(b: Browser, lessonId: string, right = true) {
  const id = randomUUID();
  const quiz = (await b.get(`/api/v1/lessons/${lessonId}/quiz?attemptId=${id}`)).json();
  const answers = answersFromAuthored(
    quiz,
    right ? KEY : { otp: 'co', 'mat-khau': 'ngan', link: 'bam', 'cap-nhat': 'cong-an' },
  );
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
    const res = await b.post(
      '/api/v1/auth/signup',
      signupBody(login, { worker: true, hasSmartphone: true, householdKey: ' Nha Ba Lan ' }),
    );
    expect(res.statusCode).toBe(201);
    const access = res.cookies.find((c) => c.name === 'hvs_access')!;
    expect(access.httpOnly).toBe(true);
    expect(access.sameSite).toBe('Lax');
    expect(res.json().accessToken).toBeUndefined();
    const me = (await b.get('/api/v1/me')).json();
    expect(me).toMatchObject({
      login,
      displayName: 'Cô Lan',
      birthYear: 1970,
      householdKey: 'nhabalan',
      groups: { worker: true, publicServant: false },
    });
    expect(me.commune.code).toBe(commune);
    expect(me.commune.provinceName).toBeTruthy();
    expect(me.consentVersion).toBe(CONSENT_VERSION);
  });

  it('accepts a phone number in any usual form and signs in with another form of it', async () => {
    const digits = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const b = browser();
    expect(
      (await b.post('/api/v1/auth/signup', signupBody(`+84 ${digits.slice(1, 4)} ${digits.slice(4)}`))).statusCode,
    ).toBe(201);
    const again = browser();
    const res = await again.post('/api/v1/auth/login', {
      login: `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`,
      password: 'mat-khau-du-dai',
    });
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
    const consent = await browser().post(
      '/api/v1/auth/signup',
      signupBody(newLogin(), { consentVersion: '2020-01-01' }),
    );
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
      (await import('drizzle-orm')).sql.raw(
        `update refresh_token set used_at = now() - interval '1 minute' where used_at is not null`,
      ),
    );
    const thief = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: `hvs_refresh=${first}` },
    });
    expect(thief.statusCode).toBe(401);
    expect(thief.json().code).toBe('refresh_reused');
    // The rightful owner's newer token is now revoked too.
    const owner = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: `hvs_refresh=${second}` },
    });
    expect(owner.statusCode).toBe(401);
    expect(owner.json().code).toBe('refresh_invalid');
  });

  it('treats two tabs refreshing with the same token at once as one refresh, not as theft', async () => {
    const b = browser();
    await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    const token = b.jar.get('hvs_refresh')!;
    const both = await Promise.all(
      [1, 2].map(() =>
        app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: { cookie: `hvs_refresh=${token}` } }),
      ),
    );
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
  });

  it('keeps the grace for parallel tabs to a few seconds: a token replayed 6 s after its use closes the session', async () => {
    const b = browser();
    await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    const first = b.jar.get('hvs_refresh')!;
    expect((await b.post('/api/v1/auth/refresh')).statusCode).toBe(200);
    const hash = createHash('sha256').update(first).digest('hex');
    await (app.db as unknown as { execute: (q: unknown) => Promise<unknown> }).execute(
      (await import('drizzle-orm')).sql.raw(
        `update refresh_token set used_at = now() - interval '6 seconds' where token_hash = '${hash}'`,
      ),
    );
    const late = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: `hvs_refresh=${first}` },
    });
    expect(late.json().code).toBe('refresh_reused');
  });

  it('renews an expired session by itself for a file opened as a link (the JSON export), and only there', async () => {
    const b = browser();
    const signed = await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    const expired = app.jwt.sign({ sub: signed.json().user.id, roles: [] }, { expiresIn: -60 });
    b.jar.set('hvs_access', expired);
    const page = await b.get('/api/v1/me');
    expect(page.json().code).toBe('token_expired'); // a page's fetch refreshes first, as before
    const file = await b.get('/api/v1/me/export');
    expect(file.statusCode).toBe(200);
    expect(file.json().account.id).toBe(signed.json().user.id);
    expect(b.jar.get('hvs_access')).not.toBe(expired);
    expect((await b.get('/api/v1/me')).statusCode).toBe(200);
    // With no session left to renew, the file is refused like any expired request.
    const stranger = await app.inject({ url: '/api/v1/me/export', headers: { cookie: `hvs_access=${expired}` } });
    expect(stranger.json().code).toBe('token_expired');
  });

  it('records a quiz posted without JavaScript after the access token expired (a slow learner), as theirs', async () => {
    const b = browser();
    const signed = await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    const attemptId = randomUUID();
    const quiz = (await b.get(`/api/v1/lessons/demo-bai-thu/quiz?attemptId=${attemptId}`)).json();
    b.jar.set('hvs_access', app.jwt.sign({ sub: signed.json().user.id, roles: [] }, { expiresIn: -60 }));
    const answers = answersFromAuthored(quiz, KEY);
    const fields: [string, string][] = [
      ['attemptId', attemptId],
      ['lessonId', 'demo-bai-thu'],
      ['quizVersion', quiz.version],
      ...Object.entries(answers).map(([item, v]): [string, string] => [`q.${item}`, String(v)]),
    ];
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts/form',
      payload: new URLSearchParams(fields).toString(),
      headers: {
        cookie: [...b.jar].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/bai-hoc/demo-bai-thu/ket-qua/${attemptId}`);
    expect(await count('attempt', `id = '${attemptId}' and learner_id = '${signed.json().user.id}'`)).toBe(1);
  });

  it('logs out: the refresh token stops working and the cookies are cleared', async () => {
    const b = browser();
    await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    const token = b.jar.get('hvs_refresh')!;
    const out = await b.post('/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(b.jar.has('hvs_access')).toBe(false);
    expect((await b.get('/api/v1/me')).statusCode).toBe(401);
    const replay = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: `hvs_refresh=${token}` },
    });
    expect(replay.statusCode).toBe(401);
  });

  it('answers an expired or forged access token with 401, never as a guest', async () => {
    const forged = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: {},
      headers: { cookie: 'hvs_access=abc.def.ghi' },
    });
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
    expect(lessons.find((l: { id: string }) => l.id === 'demo-bai-thu')).toMatchObject({
      attempts: 2,
      bestScore: 1,
      passed: true,
    });
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
    const sends = await Promise.all([
      b.post('/api/v1/attempts', body),
      b.post('/api/v1/attempts', body),
      b.post('/api/v1/attempts', body),
    ]);
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

describe('my data as a teacher or a pupil', () => {
  const teacherSession = async () => {
    const b = browser();
    const login = newLogin();
    const signed = await b.post('/api/v1/auth/signup', signupBody(login));
    await app.db.insert(roleGrant).values({ userId: signed.json().user.id, role: 'teacher', scopeUnitCode: null });
    await b.post('/api/v1/auth/login', { login, password: 'mat-khau-du-dai' });
    return { b, id: signed.json().user.id as string };
  };

  it('exports the classes I joined and left, the classes I teach with their assignments, and the pupils I created', async () => {
    const { b: teacher, id: teacherId } = await teacherSession();
    const cls = (await teacher.post('/api/v1/classes', { name: 'Lớp 6A', school: 'THCS Bến Thành' })).json();
    await teacher.post(`/api/v1/classes/${cls.id}/assignments`, {
      moduleId: 'demo',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const cards = (
      await teacher.post(`/api/v1/classes/${cls.id}/students`, {
        names: ['Lê An'],
        birthYear: 2014,
        studentLevel: 'primary',
        consent: true,
      })
    ).json();
    const pupil = browser();
    await pupil.post('/api/v1/auth/signup', signupBody(newLogin()));
    await pupil.post('/api/v1/classes/join', { code: cls.joinCode });
    await pupil.post(`/api/v1/classes/${cls.id}/leave`);

    const mine = (await teacher.get('/api/v1/me/export')).json();
    expect(mine.classesTaught).toEqual([
      expect.objectContaining({
        id: cls.id,
        name: 'Lớp 6A',
        school: 'THCS Bến Thành',
        archivedAt: null,
        assignments: [expect.objectContaining({ moduleId: 'demo', lessonIds: ['demo-bai-thu', 'demo-bai-hai'] })],
      }),
    ]);
    expect(mine.pupilAccountsCreated).toEqual([
      expect.objectContaining({
        userId: cards.accounts[0].userId,
        login: cards.accounts[0].login,
        displayName: 'Lê An',
      }),
    ]);
    expect(mine.sessions.length).toBeGreaterThan(0);
    expect(JSON.stringify(mine.sessions)).not.toMatch(/token_?hash/i);
    const theirs = (await pupil.get('/api/v1/me/export')).json();
    expect(theirs.classMemberships).toEqual([
      {
        classId: cls.id,
        className: 'Lớp 6A',
        school: 'THCS Bến Thành',
        joinedAt: expect.any(String),
        leftAt: expect.any(String),
      },
    ]);
    expect(theirs.classesTaught).toEqual([]);
    void teacherId;
  });

  it("refuses to delete a teacher who still has an active class; once archived, the teacher goes and the pupils' records stay", async () => {
    const { b: teacher, id: teacherId } = await teacherSession();
    const cls = (await teacher.post('/api/v1/classes', { name: 'Lớp 7B' })).json();
    const cards = (
      await teacher.post(`/api/v1/classes/${cls.id}/students`, {
        names: ['Phạm Bình'],
        birthYear: 2013,
        studentLevel: 'lower_secondary',
        consent: true,
      })
    ).json();
    const pupilId = cards.accounts[0].userId as string;
    const pupil = browser();
    await pupil.post('/api/v1/auth/login', { login: cards.accounts[0].login, password: cards.accounts[0].password });
    await pass(pupil, 'demo-bai-thu');

    const refused = await teacher.del('/api/v1/me', { password: 'mat-khau-du-dai' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('teacher_has_classes');
    expect(await count('app_user', `id = '${teacherId}'`)).toBe(1);
    expect(await count('class_member', `class_id = '${cls.id}'`)).toBe(1);

    expect((await teacher.post(`/api/v1/classes/${cls.id}/archive`)).statusCode).toBe(204);
    expect((await teacher.del('/api/v1/me', { password: 'mat-khau-du-dai' })).statusCode).toBe(204);
    expect(await count('app_user', `id = '${teacherId}'`)).toBe(0);
    expect(await count('class', `id = '${cls.id}'`)).toBe(0);
    // The pupil keeps the account, the attempt and the progress; nothing points at the teacher any more.
    expect(await count('app_user', `id = '${pupilId}' and created_by is null`)).toBe(1);
    expect(await count('attempt', `learner_id = '${pupilId}'`)).toBe(1);
    expect((await pupil.get('/api/v1/me/record')).json().modules[0].lessons[0]).toMatchObject({ passed: true });
  });

  it('certifies learners of two provinces and two households who finish at the same moment, each counted once', async () => {
    // Attempts arriving together share a transaction (attempt-writer.ts): its roll-up changes are
    // written once, in one order, and two members of one household count it once.
    const total = async (metric: string) =>
      Number(
        (
          (await app.db.execute(
            sql`select coalesce(sum(n), 0)::int as n from indicator_total where unit_code = 'VN' and metric = ${metric}`,
          )) as unknown as { rows: { n: number }[] }
        ).rows[0]!.n,
      );
    const other = (
      (await app.db.execute(
        sql`select c.code from admin_unit c join admin_unit p on p.code = c.parent_code
            where c.parent_code <> (select parent_code from admin_unit where code = ${commune}) limit 1`,
      )) as unknown as { rows: { code: string }[] }
    ).rows[0]!.code;
    const house = `nha-${randomUUID().slice(0, 6)}`;
    const who = [
      { communeCode: other },
      { communeCode: commune },
      { communeCode: commune, householdKey: house },
      { communeCode: commune, householdKey: house },
      { communeCode: other, householdKey: house },
      { communeCode: other, householdKey: `${house}-2` },
    ];
    const learners = await Promise.all(
      who.map(async (extra) => {
        const b = browser();
        await b.post('/api/v1/auth/signup', signupBody(newLogin(), extra));
        await pass(b, 'demo-bai-thu');
        return b;
      }),
    );
    const [certificates, households] = [await total('certificates'), await total('certified_households')];
    let done: Awaited<ReturnType<typeof pass>>[];
    if (database.url) {
      // PostgreSQL: hold the first two learners' rows, so the two transactions in flight wait on
      // them and the other four queue up for one shared transaction; then let go.
      const holder = new pg.Client({ connectionString: database.url });
      await holder.connect();
      await holder.query('begin');
      const ids = await Promise.all(
        learners.slice(0, 2).map(async (b) => (await b.get('/api/v1/me')).json().id as string),
      );
      await holder.query('select id from app_user where id = any($1::uuid[]) for update', [ids]);
      const waiting = (n: number) => lockWaiters(holder, n);
      const first = pass(learners[0]!, 'demo-bai-hai');
      await waiting(1);
      const second = pass(learners[1]!, 'demo-bai-hai');
      await waiting(2);
      const rest = Promise.all(learners.slice(2).map((b) => pass(b, 'demo-bai-hai')));
      await new Promise((r) => setTimeout(r, 300)); // the four are graded and queued
      await holder.query('commit');
      await holder.end();
      done = [await first, await second, ...(await rest)];
    } else {
      done = await Promise.all(learners.map((b) => pass(b, 'demo-bai-hai')));
    }
    expect(done.map((d) => d.res.statusCode)).toEqual(who.map(() => 201));
    for (const b of learners) expect((await b.get('/api/v1/me/record')).json().certification).not.toBeNull();
    expect(await total('certificates')).toBe(certificates + 6);
    // (commune, house), (other, house), (other, house-2): the same key in another commune is another household
    expect(await total('certified_households')).toBe(households + 3);
    expect(await checkRollups(app.db)).toEqual([]);
  });

  it('deletes an account while its completing attempt is being written, and the indicator roll-ups still agree', async () => {
    const b = browser();
    const signed = await b.post('/api/v1/auth/signup', signupBody(newLogin()));
    const id = signed.json().user.id as string;
    await pass(b, 'demo-bai-thu');
    const attemptId = randomUUID();
    const quiz = (await b.get(`/api/v1/lessons/demo-bai-hai/quiz?attemptId=${attemptId}`)).json();
    const body = {
      id: attemptId,
      lessonId: 'demo-bai-hai',
      quizVersion: quiz.version,
      answers: answersFromAuthored(quiz, KEY),
    };

    let completing: Promise<Awaited<ReturnType<Browser['post']>>>;
    let deleting: Promise<Awaited<ReturnType<Browser['del']>>>;
    if (database.url) {
      // PostgreSQL: hold the nation's certificate counter so the completing attempt stops inside its
      // transaction (user row locked, certificate written, roll-up pending), send the deletion, and
      // let go once both wait. Without the deletion's row lock it would count the account before the
      // certificate and leave the certificate's +1 behind.
      const holder = new pg.Client({ connectionString: database.url });
      await holder.connect();
      await holder.query('begin');
      await holder.query(`insert into indicator_total (unit_code, metric, cohort, n) values ('VN', 'certificates', 0, 0)
        on conflict (unit_code, metric, cohort) do update set n = indicator_total.n`);
      const waiting = (n: number) => lockWaiters(holder, n);
      completing = b.post('/api/v1/attempts', body);
      await waiting(1);
      deleting = b.del('/api/v1/me', { password: 'mat-khau-du-dai' });
      await waiting(2);
      await holder.query('commit');
      await holder.end();
    } else {
      // PGlite runs one transaction at a time: the two still arrive together.
      completing = b.post('/api/v1/attempts', body);
      deleting = b.del('/api/v1/me', { password: 'mat-khau-du-dai' });
    }
    const [attemptRes, deleteRes] = await Promise.all([completing, deleting]);
    expect([201, 401]).toContain(attemptRes.statusCode);
    expect(deleteRes.statusCode).toBe(204);
    expect(await count('app_user', `id = '${id}'`)).toBe(0);
    expect(await count('attempt', `learner_id = '${id}'`)).toBe(0);
    expect(await count('lesson_progress', `learner_id = '${id}'`)).toBe(0);
    expect(await count('certification', `user_id = '${id}'`)).toBe(0);
    expect(await checkRollups(app.db)).toEqual([]);
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
  const login = (app: FastifyInstance, body: object, ip = '203.0.113.7') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body, remoteAddress: ip });

  it('lets a classroom behind one address sign in, but stops guessing one login after 10 tries', async () => {
    // The defaults a school gets: 10 tries a minute per login, 200 requests a minute per address.
    const limited = await buildTestApp(database);
    const logins = Array.from({ length: 12 }, () => newLogin());
    for (const l of logins) {
      const res = await limited.inject({
        method: 'POST',
        url: '/api/v1/auth/signup',
        payload: signupBody(l),
        remoteAddress: '203.0.113.7',
      });
      expect(res.statusCode, `sign-up ${l}`).toBe(201);
    }
    // Eleven pupils, one school address, each with their own login: all get in.
    for (const l of logins.slice(0, 11)) {
      const res = await login(limited, { login: l, password: 'mat-khau-du-dai' });
      expect(res.statusCode, `sign-in ${l}`).toBe(200);
    }
    // Eleven guesses at one pupil's password: the 11th is refused, also with the right password.
    const target = logins[11]!;
    for (let i = 0; i < 10; i++)
      expect((await login(limited, { login: target, password: `doan-${i}-sai-roi` })).statusCode).toBe(401);
    const eleventh = await login(limited, { login: ` ${target.toUpperCase()} `, password: 'mat-khau-du-dai' });
    expect(eleventh.statusCode).toBe(429);
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0);
    expect(eleventh.json()).toEqual({ code: 'rate_limited', message: expect.any(String) });
    // Another address is not held back by it.
    expect((await login(limited, { login: target, password: 'mat-khau-du-dai' }, '198.51.100.9')).statusCode).toBe(200);
    await limited.close();
  });

  it('limits sign-in and sign-up per address too, with 429 and Retry-After', async () => {
    const limited = await buildTestApp(database, { AUTH_IP_RATE_LIMIT: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await login(limited, { login: newLogin(), password: 'x' }, '192.0.2.1')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const signups: Awaited<ReturnType<FastifyInstance['inject']>>[] = [];
    for (let i = 0; i < 6; i++) {
      signups.push(
        await limited.inject({
          method: 'POST',
          url: '/api/v1/auth/signup',
          payload: signupBody(newLogin()),
          remoteAddress: '192.0.2.2',
        }),
      );
    }
    expect(signups.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 429]);
    expect(Number(signups[5]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(signups[5]!.json()).toEqual({ code: 'rate_limited', message: expect.any(String) });
    await limited.close();
  });
});
