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
  'POST /api/v1/classes/:id/unarchive': 'teacher',
  'POST /api/v1/classes/:id/students': 'teacher',
  'DELETE /api/v1/classes/:id/students/:userId': 'teacher',
  'POST /api/v1/classes/:id/assignments': 'teacher',
  'GET /api/v1/classes/:id/board': 'teacher',
  'GET /api/v1/classes/:id/board.csv': 'teacher',
  'POST /api/v1/classes/join': 'user',
  'POST /api/v1/classes/:id/leave': 'user',
  'GET /api/v1/me/classes': 'user',
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
  'POST /api/v1/me/password': 'user',
  'POST /api/v1/me/recovery-code': 'user',
  'POST /api/v1/auth/recover': 'public',
  'POST /api/v1/password-resets': 'user',
  'GET /api/v1/audit-events': 'user',
  'GET /api/v1/audit-events/export.csv': 'user',
  'GET /api/v1/population/changes': 'official',
  'POST /api/v1/population/changes/:id/:decision': 'official',
  'GET /api/v1/me/certificate': 'user',
  'GET /api/v1/me/certificate.pdf': 'user',
  'GET /api/v1/me/certificate/credential.json': 'user',
  'GET /api/v1/verifications/:code': 'public',
  'GET /api/v1/issuer': 'public',
  'GET /api/v1/issuer/jwks.json': 'public',
  'GET /api/v1/credentials/status/1': 'public',
  // an administrator or an official of the learner's province: the service reads the grants
  'POST /api/v1/certificates/:code/revocation': 'user',
};

let database: TestDatabase;
let app: FastifyInstance;
let commune = '';
let province = '';
let otherCommune = '';
let otherProvince = '';

/** Every kind of caller: each role, and an official at each level. */
const CALLERS = [
  'learner',
  'other',
  'teacher',
  'teacherB',
  'ambassador',
  'officialCommune',
  'officialProvince',
  'admin',
] as const;
type Caller = (typeof CALLERS)[number];
const tokens = {} as Record<Caller, string>;
const rolesOf: Record<Caller, Access[]> = {
  learner: [],
  other: [],
  teacher: ['teacher'],
  teacherB: ['teacher'],
  ambassador: ['ambassador'],
  officialCommune: ['official'],
  officialProvince: ['official'],
  admin: ['admin'],
};
const bearer = (who: Caller) => ({ authorization: `Bearer ${tokens[who]}` });

const routes = () => app.accessTable.filter((r) => r.method !== 'HEAD' && !r.url.startsWith('/api/docs'));
const concrete = (url: string) =>
  url
    .replace(':lessonId', 'demo-bai-thu')
    .replace(':id', randomUUID())
    .replace(':userId', randomUUID())
    .replace(':code', 'HVS-0000-0000-00');

async function signup(login: string): Promise<{ token: string; id: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: {
      login,
      password: 'mat-khau-du-dai',
      displayName: login,
      birthYear: 1980,
      communeCode: commune,
      consentVersion: CONSENT_VERSION,
      tokens: 'body',
    },
  });
  return { token: res.json().accessToken, id: res.json().user.id };
}
const signIn = async (login: string) =>
  (
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login, password: 'mat-khau-du-dai', tokens: 'body' },
    })
  ).json().accessToken as string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { AUTH_RATE_LIMIT: '1000', AUTH_IP_RATE_LIMIT: '1000' });
  const communes = (await app.inject({ url: '/api/v1/communes?q=xa&limit=50' })).json() as {
    code: string;
    provinceCode: string;
  }[];
  commune = communes[0]!.code;
  province = communes[0]!.provinceCode;
  otherProvince = communes.find((c) => c.provinceCode !== province)!.provinceCode;
  // a sibling: another commune of the same province
  const siblings = (await app.inject({ url: `/api/v1/communes?q=a&province=${province}&limit=50` })).json() as {
    code: string;
  }[];
  otherCommune = siblings.find((c) => c.code !== commune)!.code;
  const { roleGrant } = await import('../src/db/schema/index.ts');
  // The first administrator is made in the database (as the seed does); roles then come through the API.
  const admin = await signup('quan-tri');
  await app.db.insert(roleGrant).values({ userId: admin.id, role: 'admin', scopeUnitCode: null });
  tokens.admin = await signIn('quan-tri');
  const grants: [Caller, string, Access, string | null][] = [
    ['teacher', 'giao-vien', 'teacher', null],
    ['teacherB', 'giao-vien-b', 'teacher', null],
    ['ambassador', 'dai-su-so', 'ambassador', commune],
    ['officialCommune', 'can-bo-xa', 'official', commune],
    ['officialProvince', 'can-bo-tinh', 'official', province],
  ];
  for (const who of ['learner', 'other'] as const) tokens[who] = (await signup(`hoc-vien-${who}`)).token;
  for (const [who, login, role, scope] of grants) {
    await signup(login);
    const granted = await app.inject({
      method: 'POST',
      url: '/api/v1/role-grants',
      payload: { login, role, scopeUnitCode: scope },
      headers: bearer('admin'),
    });
    expect(granted.statusCode).toBe(201);
    tokens[who] = await signIn(login);
  }
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
      const res = await app.inject({
        method: r.method as InjectOptions['method'],
        url: concrete(r.url),
        payload: r.method === 'GET' ? undefined : {},
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe('unauthenticated');
    }
  });

  it('refuses every signed-in caller without the role, on every route that needs one (403): learner, teacher, ambassador, officials, admin', async () => {
    let checked = 0;
    for (const r of routes().filter((r) => !['public', 'learner', 'user'].includes(r.access))) {
      for (const who of CALLERS) {
        if (rolesOf[who].includes(r.access)) continue;
        const res = await app.inject({
          method: r.method as InjectOptions['method'],
          url: concrete(r.url),
          payload: r.method === 'GET' ? undefined : {},
          headers: bearer(who),
        });
        expect(res.statusCode, `${who}: ${r.method} ${r.url}`).toBe(403);
        expect(res.json().code).toBe('forbidden');
        checked++;
      }
    }
    // every role-only route was walked by the callers that lack its role
    expect(checked).toBeGreaterThan(
      routes().filter((r) => !['public', 'learner', 'user'].includes(r.access)).length * 5,
    );
  });

  it("lets the administrator through, and hides one learner's attempts from another", async () => {
    const list = await app.inject({ url: '/api/v1/role-grants?login=giao-vien', headers: bearer('admin') });
    expect(list.statusCode).toBe(200);
    expect(list.json().grants).toEqual([expect.objectContaining({ role: 'teacher', scopeUnitCode: null })]);

    const id = randomUUID();
    const quiz = (await app.inject({ url: `/api/v1/lessons/demo-bai-thu/quiz?attemptId=${id}` })).json();
    const mine = await app.inject({
      method: 'POST',
      url: '/api/v1/attempts',
      payload: { id, lessonId: 'demo-bai-thu', quizVersion: quiz.version, answers: {} },
      headers: bearer('learner'),
    });
    expect(mine.statusCode).toBe(201);
    const theirs = await app.inject({ url: `/api/v1/attempts/${id}`, headers: bearer('other') });
    expect(theirs.statusCode).toBe(404);
    const asGuest = await app.inject({
      url: `/api/v1/attempts/${id}`,
      headers: { cookie: `hvs_device=${randomUUID()}` },
    });
    expect(asGuest.statusCode).toBe(404);
    const own = await app.inject({ url: `/api/v1/attempts/${id}`, headers: bearer('learner') });
    expect(own.statusCode).toBe(200);
    // Another learner's record is reachable only through /me, which is always the caller's own.
    const record = await app.inject({ url: '/api/v1/me/record', headers: bearer('other') });
    expect(record.json().modules[0].lessons[0].attempts).toBe(0);
  });

  it('keeps officials to their unit and below: a commune official reads neither another commune nor the province', async () => {
    const read = (who: Caller, url: string) => app.inject({ url, headers: bearer(who) });
    expect((await read('officialCommune', `/api/v1/indicators?unit=${commune}`)).statusCode).toBe(200);
    for (const url of [
      `/api/v1/indicators?unit=${otherCommune}`,
      `/api/v1/indicators?unit=${province}`,
      `/api/v1/population?unit=${otherCommune}`,
      `/api/v1/indicators/export.csv?unit=${otherCommune}&table=indicators`,
    ]) {
      const res = await read('officialCommune', url);
      expect(res.statusCode, url).toBe(403);
    }
    // the province official sees both communes of the province, and not another province
    expect((await read('officialProvince', `/api/v1/indicators?unit=${otherCommune}`)).statusCode).toBe(200);
    expect((await read('officialProvince', `/api/v1/indicators?unit=${otherProvince}`)).statusCode).toBe(403);
    const write = await app.inject({
      method: 'PUT',
      url: '/api/v1/population',
      payload: { entries: [{ unitCode: otherProvince, year: 2026, group: 'adults', count: 1000 }] },
      headers: bearer('officialProvince'),
    });
    expect(write.statusCode).toBe(403);
  });

  it("keeps a teacher out of every route of another teacher's class (404, as if it did not exist)", async () => {
    const cls = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/classes',
        payload: { name: 'Lớp của cô A' },
        headers: bearer('teacher'),
      })
    ).json();
    const pupil = (
      await app.inject({
        method: 'POST',
        url: `/api/v1/classes/${cls.id}/students`,
        payload: { names: ['Trò Một'], birthYear: 2014, studentLevel: 'primary', consent: true },
        headers: bearer('teacher'),
      })
    ).json().accounts[0];
    await app.inject({
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/assignments`,
      payload: { moduleId: 'demo', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
      headers: bearer('teacher'),
    });
    const before = (await app.inject({ url: `/api/v1/classes/${cls.id}`, headers: bearer('teacher') })).json();
    // A valid request for each class route, so that only the scope check can refuse it.
    const valid: Record<string, object | undefined> = {
      'GET /api/v1/classes/:id': undefined,
      'POST /api/v1/classes/:id/join-code': undefined,
      'DELETE /api/v1/classes/:id/join-code': undefined,
      'GET /api/v1/classes/:id/join-qr.svg': undefined,
      'POST /api/v1/classes/:id/archive': undefined,
      'POST /api/v1/classes/:id/unarchive': undefined,
      'POST /api/v1/classes/:id/students': {
        names: ['Kẻ Lạ'],
        birthYear: 2014,
        studentLevel: 'primary',
        consent: true,
      },
      'DELETE /api/v1/classes/:id/students/:userId': undefined,
      'POST /api/v1/classes/:id/assignments': { moduleId: 'demo', dueAt: new Date().toISOString() },
      'GET /api/v1/classes/:id/board': undefined,
      'GET /api/v1/classes/:id/board.csv': undefined,
      'POST /api/v1/classes/:id/leave': undefined,
    };
    const classRoutes = routes().filter((r) => r.url.startsWith('/api/v1/classes/:id'));
    expect(
      classRoutes.map((r) => `${r.method} ${r.url}`).sort(),
      'a new class route needs a valid request here',
    ).toEqual(Object.keys(valid).sort());
    for (const r of classRoutes) {
      const key = `${r.method} ${r.url}`;
      const res = await app.inject({
        method: r.method as InjectOptions['method'],
        url: r.url.replace(':id', cls.id).replace(':userId', pupil.userId),
        ...(valid[key] ? { payload: valid[key] } : {}),
        headers: bearer('teacherB'),
      });
      expect(res.statusCode, key).toBe(404);
      expect(res.json().code, key).toBe('class_not_found');
    }
    // Nothing changed in the class.
    expect((await app.inject({ url: `/api/v1/classes/${cls.id}`, headers: bearer('teacher') })).json()).toEqual(before);
    expect((await app.inject({ url: '/api/v1/classes', headers: bearer('teacherB') })).json()).toEqual([]);
  });
});

describe('bad input on every route', () => {
  const bodies: [string, InjectOptions][] = [
    ['malformed JSON', { payload: '{"login": ', headers: { 'content-type': 'application/json' } }],
    ['an array', { payload: [] as unknown as object }],
    [
      'wrong types',
      { payload: { id: 5, login: [], password: {}, answers: 'x', lessonId: null, role: 7, refreshToken: 3 } },
    ],
    ['an oversized body', { payload: { login: 'x'.repeat(300 * 1024) } }],
    [
      'a form where JSON is expected',
      { payload: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    ],
    ['plain text', { payload: 'hello', headers: { 'content-type': 'text/plain' } }],
  ];

  it.each(bodies)('answers %s with 4xx and { code, message }, never 5xx', async (_name, options) => {
    for (const r of routes().filter((r) => r.method !== 'GET')) {
      // Each role's own routes get the malformed body too (an admin lacks the teacher and official roles).
      for (const who of [
        'none',
        'learner',
        'teacher',
        'ambassador',
        'officialCommune',
        'officialProvince',
        'admin',
      ] as const) {
        const res = await app.inject({
          ...options,
          method: r.method as InjectOptions['method'],
          url: concrete(r.url),
          headers: { ...(options.headers ?? {}), ...(who === 'none' ? {} : bearer(who)) },
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
        const url =
          r.url.replace(':lessonId', junk).replace(':id', junk).replace(':userId', junk).replace(':code', junk) +
          `?q=${junk}&attemptId=${junk}&login=${junk}&unit=${junk}&province=${junk}&table=${junk}&limit=-1`;
        for (const who of ['teacher', 'officialProvince', 'admin'] as const) {
          const res = await app.inject({ method: r.method as InjectOptions['method'], url, headers: bearer(who) });
          expect(res.statusCode, `${who}: ${r.method} ${url}`).toBeLessThan(500);
          if (res.statusCode >= 400)
            expect(res.json()).toEqual({ code: expect.any(String), message: expect.any(String) });
        }
      }
    }
  });
});
