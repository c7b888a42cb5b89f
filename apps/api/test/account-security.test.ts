import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { CONSENT_VERSION } from '@hvs/contracts';
import { roleGrant } from '../src/db/schema/index.ts';
import { buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

/**
 * Issue 22: each weakness as the attacker's attempt on the real app, then closed. Tokens are Bearer
 * (API clients), so every request says whose it is.
 */
const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
let database: TestDatabase;
let app: FastifyInstance;
let commune = '';

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { AUTH_RATE_LIMIT: '1000', AUTH_IP_RATE_LIMIT: '1000', JWT_SECRET: SECRET });
  commune = (await app.inject({ url: '/api/v1/communes?q=xa&limit=1' })).json()[0].code;
}, 180_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const PASSWORD = 'mat-khau-du-dai';
export const newLogin = () => `u${randomUUID().slice(0, 8)}`;

async function signup(login = newLogin(), password = PASSWORD) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: {
      login,
      password,
      displayName: login,
      birthYear: 1980,
      communeCode: commune,
      consentVersion: CONSENT_VERSION,
      tokens: 'body',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  return { login, id: body.user.id as string, token: body.accessToken as string, body };
}
async function signIn(login: string, password = PASSWORD) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login, password, tokens: 'body' },
  });
  return res;
}
const call = (token: string, options: InjectOptions) =>
  app.inject({ ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${token}` } });

/** An HS256 token signed with the app's secret, with exactly these claims. */
function forge(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
}

/** A new account holding this role, granted in the database; its token is issued after the grant. */
async function grantedUser(role: 'teacher' | 'ambassador' | 'official' | 'admin', scopeUnitCode: string | null = null) {
  const user = await signup();
  await app.db.insert(roleGrant).values({ userId: user.id, role, scopeUnitCode });
  return { ...user, token: (await signIn(user.login)).json().accessToken as string };
}

describe('roles are read from current grants, not from the token', () => {
  it("a revoked administrator's token in hand cannot grant the role back (403)", async () => {
    const root = await signup();
    await app.db.insert(roleGrant).values({ userId: root.id, role: 'admin', scopeUnitCode: null });
    const rootToken = (await signIn(root.login)).json().accessToken;
    const rogue = await signup();
    const granted = await call(rootToken, {
      method: 'POST',
      url: '/api/v1/role-grants',
      payload: { login: rogue.login, role: 'admin' },
    });
    expect(granted.statusCode).toBe(201);
    const rogueToken = (await signIn(rogue.login)).json().accessToken;
    const revoked = await call(rootToken, { method: 'DELETE', url: `/api/v1/role-grants/${granted.json().id}` });
    expect(revoked.statusCode).toBe(204);

    const again = await call(rogueToken, {
      method: 'POST',
      url: '/api/v1/role-grants',
      payload: { login: rogue.login, role: 'admin' },
    });
    expect(again.statusCode).toBe(403);
    expect(again.json().code).toBe('forbidden');
  });

  it('a revoked teacher cannot create classes with the token already in hand', async () => {
    const root = await signup();
    await app.db.insert(roleGrant).values({ userId: root.id, role: 'admin', scopeUnitCode: null });
    const rootToken = (await signIn(root.login)).json().accessToken;
    const teacher = await signup();
    const grant = await call(rootToken, {
      method: 'POST',
      url: '/api/v1/role-grants',
      payload: { login: teacher.login, role: 'teacher' },
    });
    const token = (await signIn(teacher.login)).json().accessToken;
    const create = () => call(token, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 5A' } });
    expect((await create()).statusCode).toBe(201);
    await call(rootToken, { method: 'DELETE', url: `/api/v1/role-grants/${grant.json().id}` });
    const after = await create();
    expect(after.statusCode).toBe(403);
  });

  it('a role granted after sign-in works at once, without a new token', async () => {
    const root = await signup();
    await app.db.insert(roleGrant).values({ userId: root.id, role: 'admin', scopeUnitCode: null });
    const rootToken = (await signIn(root.login)).json().accessToken;
    const teacher = await signup();
    await call(rootToken, {
      method: 'POST',
      url: '/api/v1/role-grants',
      payload: { login: teacher.login, role: 'teacher' },
    });
    const res = await call(teacher.token, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 5B' } });
    expect(res.statusCode).toBe(201);
  });
});

describe('tokens', () => {
  it('refuses a correctly signed token without exp (401)', async () => {
    const user = await signup();
    const noExp = forge({ sub: user.id, roles: [], iat: Math.floor(Date.now() / 1000) });
    const res = await call(noExp, { url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    const withExp = forge({ sub: user.id, roles: [], iat: Math.floor(Date.now() / 1000), exp: Date.now() / 1000 + 60 });
    expect((await call(withExp, { url: '/api/v1/me' })).statusCode).toBe(200);
  });

  it("a deleted account's still valid token gets 401 (not 500) when joining a class", async () => {
    const teacher = await grantedUser('teacher');
    const cls = (
      await call(teacher.token, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 6A' } })
    ).json();
    const user = await signup();
    const del = await call(user.token, { method: 'DELETE', url: '/api/v1/me', payload: { password: PASSWORD } });
    expect(del.statusCode).toBe(204);
    const join = await call(user.token, {
      method: 'POST',
      url: '/api/v1/classes/join',
      payload: { code: cls.joinCode },
    });
    expect(join.statusCode).toBe(401);
    expect(join.json().code).toBe('unauthenticated');
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const auditRows = async (action: string, targetId: string) => {
  const { auditEvent } = await import('../src/db/schema/index.ts');
  const { and, eq } = await import('drizzle-orm');
  return app.db
    .select()
    .from(auditEvent)
    .where(and(eq(auditEvent.action, action), eq(auditEvent.targetId, targetId)));
};

describe('passwords', () => {
  it.each([
    ['12345678', 'common'],
    ['password1', 'common'],
    ['matkhau123', 'common'],
    ['aaaaaaaa', 'repetitive'],
  ])('refuses "%s" at sign-up with a Vietnamese message (%s)', async (password) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: {
        login: newLogin(),
        password,
        displayName: 'Bà Tư',
        birthYear: 1960,
        communeCode: commune,
        consentVersion: CONSENT_VERSION,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('password_weak');
    expect(res.json().message).toMatch(/Mật khẩu/);
  });

  it('refuses a password equal to the login', async () => {
    const login = `ba${randomUUID().slice(0, 8)}`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: {
        login,
        password: login,
        displayName: 'Bà Tư',
        birthYear: 1960,
        communeCode: commune,
        consentVersion: CONSENT_VERSION,
      },
    });
    expect(res.json().code).toBe('password_weak');
  });

  it('changes the password knowing the old one; the old password and every other session stop working', async () => {
    const user = await signup();
    const other = await signIn(user.login);
    await sleep(1100); // tokens carry their issue time in whole seconds
    const wrong = await call(user.token, {
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: 'khong-dung-dau', newPassword: 'mot-mat-khau-moi', tokens: 'body' },
    });
    expect(wrong.statusCode).toBe(401);
    const weak = await call(user.token, {
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: PASSWORD, newPassword: '12345678', tokens: 'body' },
    });
    expect(weak.json().code).toBe('password_weak');
    const changed = await call(user.token, {
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: PASSWORD, newPassword: 'mot-mat-khau-moi', tokens: 'body' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await call(changed.json().accessToken, { url: '/api/v1/me' })).statusCode).toBe(200);
    expect((await call(user.token, { url: '/api/v1/me' })).statusCode).toBe(401);
    expect((await call(other.json().accessToken, { url: '/api/v1/me' })).statusCode).toBe(401);
    const refreshed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: other.json().refreshToken },
    });
    expect(refreshed.statusCode).toBe(401);
    expect((await signIn(user.login)).statusCode).toBe(401);
    expect((await signIn(user.login, 'mot-mat-khau-moi')).statusCode).toBe(200);
    expect(await auditRows('password.changed', user.id)).toHaveLength(1);
  });

  it('recovers an adult account with the code written down at sign-up, once', async () => {
    const user = await signup();
    const code = user.body.recoveryCode as string;
    expect(code).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/recover',
      payload: {
        login: user.login,
        recoveryCode: 'AAAA-BBBB-CCCC-DDDD',
        newPassword: 'mot-mat-khau-moi',
        tokens: 'body',
      },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('recovery_code_invalid');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/recover',
      payload: { login: user.login, recoveryCode: code.toLowerCase(), newPassword: 'mot-mat-khau-moi', tokens: 'body' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().recoveryCode).not.toBe(code);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/recover',
      payload: { login: user.login, recoveryCode: code, newPassword: 'mat-khau-thu-ba', tokens: 'body' },
    });
    expect(again.statusCode).toBe(401);
    expect((await signIn(user.login, 'mot-mat-khau-moi')).statusCode).toBe(200);
    expect(await auditRows('password.recovered', user.id)).toHaveLength(1);
  });

  it("a teacher resets a pupil's card: the old card stops working, sessions end, same names are flagged, one audit row", async () => {
    const teacher = await grantedUser('teacher');
    const cls = (
      await call(teacher.token, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 4C' } })
    ).json();
    const cards = (
      await call(teacher.token, {
        method: 'POST',
        url: `/api/v1/classes/${cls.id}/students`,
        payload: { names: ['Nguyễn An', 'Nguyễn An'], birthYear: 2016, studentLevel: 'primary', consent: true },
      })
    ).json().accounts as { userId: string; login: string; password: string }[];
    expect(cards[0]!.password).toMatch(/^[a-z]+-[a-z]+-[a-z]+-\d{3}$/);
    const pupil = (await signIn(cards[0]!.login, cards[0]!.password)).json();
    await sleep(1100);
    const reset = await call(teacher.token, {
      method: 'POST',
      url: '/api/v1/password-resets',
      payload: { userId: cards[0]!.userId },
    });
    expect(reset.statusCode, reset.body).toBe(201);
    expect(reset.json().sameName).toEqual([{ userId: cards[1]!.userId, login: cards[1]!.login }]);
    expect((await signIn(cards[0]!.login, cards[0]!.password)).statusCode).toBe(401);
    expect((await signIn(cards[0]!.login, reset.json().password)).statusCode).toBe(200);
    expect((await call(pupil.accessToken, { url: '/api/v1/me' })).statusCode).toBe(401);
    expect(await auditRows('password.reset', cards[0]!.userId)).toHaveLength(1);

    // another teacher, and a learner, cannot reset that pupil
    const stranger = await grantedUser('teacher');
    const refused = await call(stranger.token, {
      method: 'POST',
      url: '/api/v1/password-resets',
      payload: { userId: cards[0]!.userId },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('a commune official resets an adult of the commune in person, but not an account holding a role', async () => {
    const official = await grantedUser('official', commune);
    const adult = await signup();
    const res = await call(official.token, {
      method: 'POST',
      url: '/api/v1/password-resets',
      payload: { login: adult.login },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await signIn(adult.login, res.json().password)).statusCode).toBe(200);
    const teacher = await grantedUser('teacher');
    const refused = await call(official.token, {
      method: 'POST',
      url: '/api/v1/password-resets',
      payload: { login: teacher.login },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('reset_not_allowed');
  });

  it('limits sign-in guesses per account across addresses', async () => {
    const limited = await buildTestApp(database, {
      AUTH_ACCOUNT_RATE_LIMIT: '3',
      AUTH_IP_RATE_LIMIT: '1000',
      AUTH_RATE_LIMIT: '1000',
    });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: `10.0.0.${i + 1}`,
          payload: { login: 'nguoi-bi-doan', password: `doan-thu-${i}` },
        });
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('audit log', () => {
  it('has one row per role grant and revocation, visible to administrators, exportable as CSV', async () => {
    const admin = await grantedUser('admin');
    const target = await signup();
    const g = await call(admin.token, {
      method: 'POST',
      url: '/api/v1/role-grants',
      payload: { login: target.login, role: 'ambassador', scopeUnitCode: commune },
    });
    await call(admin.token, { method: 'DELETE', url: `/api/v1/role-grants/${g.json().id}` });
    const list = await call(admin.token, { url: `/api/v1/audit-events?unit=${commune}` });
    expect(list.statusCode).toBe(200);
    const mine = (list.json() as { action: string; targetId: string; actorLogin: string }[]).filter(
      (e) => e.targetId === target.id,
    );
    expect(mine.map((e) => e.action).sort()).toEqual(['role.granted', 'role.revoked']);
    expect(mine[0]!.actorLogin).toBe(admin.login);
    const csv = await call(admin.token, { url: `/api/v1/audit-events/export.csv?unit=${commune}` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('role.granted');
    // a learner sees nothing; an official of another province is refused that commune
    const learner = await signup();
    expect((await call(learner.token, { url: '/api/v1/audit-events' })).statusCode).toBe(403);
  });

  it("shows a province official the rows of the province's communes, and refuses other units", async () => {
    const communes = (await app.inject({ url: '/api/v1/communes?q=xa&limit=50' })).json() as {
      code: string;
      provinceCode: string;
    }[];
    const province = communes[0]!.provinceCode;
    const otherProvince = communes.find((c) => c.provinceCode !== province)!.provinceCode;
    const official = await grantedUser('official', province);
    const communeOfficial = await grantedUser('official', commune);
    const adult = await signup();
    await call(communeOfficial.token, {
      method: 'POST',
      url: '/api/v1/password-resets',
      payload: { login: adult.login },
    });
    const mine = await call(official.token, { url: '/api/v1/audit-events' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toContainEqual(expect.objectContaining({ action: 'password.reset', targetId: adult.id }));
    expect((await call(official.token, { url: `/api/v1/audit-events?unit=${commune}` })).statusCode).toBe(200);
    expect((await call(official.token, { url: `/api/v1/audit-events?unit=${otherProvince}` })).statusCode).toBe(403);
    expect((await call(communeOfficial.token, { url: `/api/v1/audit-events?unit=${province}` })).statusCode).toBe(403);
  });

  it('cannot be altered through SQL (append-only)', async () => {
    const { sql } = await import('drizzle-orm');
    await expect(app.db.execute(sql`update audit_event set action = 'x'`)).rejects.toThrow();
    await expect(app.db.execute(sql`delete from audit_event`)).rejects.toThrow();
  });
});

describe('denominators: a commune proposes, the province approves', () => {
  const year = new Date().getUTCFullYear();
  let province = '';
  let communeOfficial: Awaited<ReturnType<typeof grantedUser>>;
  let provinceOfficial: Awaited<ReturnType<typeof grantedUser>>;
  const adults = async () => {
    const { population } = await import('../src/db/schema/index.ts');
    const { and, eq } = await import('drizzle-orm');
    const [row] = await app.db
      .select({ count: population.count })
      .from(population)
      .where(and(eq(population.unitCode, commune), eq(population.year, year), eq(population.group, 'adults')));
    return row?.count ?? null;
  };
  beforeAll(async () => {
    province = (await app.inject({ url: '/api/v1/communes?q=xa&limit=1' })).json()[0].provinceCode;
    communeOfficial = await grantedUser('official', commune);
    provinceOfficial = await grantedUser('official', province);
  });

  it("a commune official's own adult population has no effect until the province approves it", async () => {
    const put = (token: string, count: number) =>
      call(token, {
        method: 'PUT',
        url: '/api/v1/population',
        payload: { entries: [{ unitCode: commune, year, group: 'adults', count }] },
      });
    expect((await put(provinceOfficial.token, 1000)).json()).toEqual({ saved: 1, pending: 0 });
    const proposed = await put(communeOfficial.token, 6);
    expect(proposed.json()).toEqual({ saved: 0, pending: 1 });
    expect(await adults()).toBe(1000);
    // the commune cannot approve its own figure
    const waiting = (
      await call(provinceOfficial.token, { url: `/api/v1/population/changes?unit=${commune}&status=pending` })
    ).json() as { id: string; oldCount: number; newCount: number; proposedBy: string }[];
    expect(waiting).toEqual([
      expect.objectContaining({ oldCount: 1000, newCount: 6, proposedBy: communeOfficial.login }),
    ]);
    const self = await call(communeOfficial.token, {
      method: 'POST',
      url: `/api/v1/population/changes/${waiting[0]!.id}/approve`,
    });
    expect(self.statusCode).toBe(403);
    expect(await adults()).toBe(1000);
    const approved = await call(provinceOfficial.token, {
      method: 'POST',
      url: `/api/v1/population/changes/${waiting[0]!.id}/approve`,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await adults()).toBe(6);
    const history = (
      await call(communeOfficial.token, { url: `/api/v1/population/changes?unit=${commune}` })
    ).json() as { status: string; decidedBy: string | null }[];
    expect(history.map((h) => h.status).sort()).toEqual(['applied', 'approved']);
    expect(await auditRows('population.approved', waiting[0]!.id)).toHaveLength(1);
  });

  it.each([
    ['the same unit/year/group twice', `unit_code,year,group,count\nC,Y,adults,5\nC,Y,adults,6\n`, 3, 'unit_code'],
    ['an empty count', `unit_code,year,group,count\nC,Y,adults,\n`, 2, 'count'],
    ['"101.5"', `unit_code,year,group,count\nC,Y,adults,101.5\n`, 2, 'count'],
    ['"0x10"', `unit_code,year,group,count\nC,Y,adults,0x10\n`, 2, 'count'],
    ['no count column', `unit_code,year,group\nC,Y,adults\n`, 1, 'count'],
  ])('refuses an import with %s, names the line and column, and changes nothing', async (_name, csv, line, column) => {
    const before = await adults();
    const res = await call(provinceOfficial.token, {
      method: 'POST',
      url: '/api/v1/population/import',
      payload: { csv: `${csv.replaceAll('C,', `${commune},`).replaceAll(',Y,', `,${year},`)}` },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('population_invalid');
    expect(res.json().problems).toContainEqual(expect.objectContaining({ line, column }));
    expect(await adults()).toBe(before);
  });

  it('refuses PUT /population with a duplicate and a good row alike: nothing saved, every bad entry listed', async () => {
    const before = await adults();
    const res = await call(provinceOfficial.token, {
      method: 'PUT',
      url: '/api/v1/population',
      payload: {
        entries: [
          { unitCode: commune, year, group: 'adults', count: 7 },
          { unitCode: commune, year, group: 'adults', count: 8 },
          { unitCode: commune, year: year + 5, group: 'households', count: 8 },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([
      expect.objectContaining({ line: 2, column: 'unit_code' }),
      expect.objectContaining({ line: 3, column: 'year' }),
    ]);
    expect(await adults()).toBe(before);
  });
});

describe('sign-up integrity', () => {
  it('stops a script signing up "adults" from one address, and lets a classroom with its join code through', async () => {
    const limited = await buildTestApp(database, { SIGNUP_IP_RATE_LIMIT: '3', AUTH_IP_RATE_LIMIT: '1000' });
    try {
      const teacher = await grantedUser('teacher');
      const cls = (
        await call(teacher.token, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 9A' } })
      ).json();
      const attempt = (joinCode?: string) =>
        limited.inject({
          method: 'POST',
          url: '/api/v1/auth/signup',
          remoteAddress: '10.9.9.9',
          payload: {
            login: newLogin(),
            password: PASSWORD,
            displayName: 'Người mới',
            birthYear: 1990,
            communeCode: commune,
            consentVersion: CONSENT_VERSION,
            ...(joinCode ? { joinCode } : {}),
          },
        });
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await attempt()).statusCode);
      expect(codes).toEqual([201, 201, 201, 429, 429]);
      expect((await attempt('ZZZZZZ')).json().code).toBe('signup_limited'); // a made-up code does not help
      expect((await attempt(cls.joinCode)).statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
