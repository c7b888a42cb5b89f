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
