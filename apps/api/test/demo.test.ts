import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DEMO_ACCOUNTS, DEMO_CLASSES, DEMO_PASSWORD } from '@hvs/seeds';
import { buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { SEED_DEMO: 'true', AUTH_RATE_LIMIT: '1000' });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const signIn = async (login: string) =>
  (
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login, password: DEMO_PASSWORD, tokens: 'body' },
    })
  ).json();

describe('demo data', () => {
  it('has an account for every role, each able to sign in with the published password', async () => {
    const roles = new Set<string>();
    for (const account of DEMO_ACCOUNTS) {
      const session = await signIn(account.login);
      expect(session.user, account.login).toBeDefined();
      for (const r of session.user.roles) roles.add(r);
      if (account.role !== 'learner') expect(session.user.roles).toContain(account.role);
    }
    expect([...roles].sort()).toEqual(['admin', 'ambassador', 'official', 'teacher']);
  });

  it('gives the demo learner real progress, graded by the server', async () => {
    const { accessToken } = await signIn('hocvien');
    const record = (
      await app.inject({ url: '/api/v1/me/record', headers: { authorization: `Bearer ${accessToken}` } })
    ).json();
    const lessons = record.modules.flatMap((m: { lessons: { passed: boolean; attempts: number }[] }) => m.lessons);
    expect(lessons.filter((l: { passed: boolean }) => l.passed).length).toBeGreaterThan(0);
  });

  it('gives the demo teacher two classes whose board is alive: passed, failed, late and not started, from graded attempts', async () => {
    const { accessToken } = await signIn('giaovien');
    const as = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${accessToken}` } });
    const classes = (await as('/api/v1/classes')).json() as {
      id: string;
      name: string;
      students: number;
      joinCode: string | null;
    }[];
    expect(classes.map((c) => c.name)).toEqual(DEMO_CLASSES.map((c) => c.name));
    expect(classes.map((c) => c.students)).toEqual(DEMO_CLASSES.map((c) => c.pupils.length));
    const statuses = new Set<string>();
    for (const c of classes) {
      expect(c.joinCode).toMatch(/^[A-Z2-9]{6}$/);
      const detail = (await as(`/api/v1/classes/${c.id}`)).json();
      expect(detail.assignments.length).toBeGreaterThan(0);
      const board = (await as(`/api/v1/classes/${c.id}/board`)).json();
      for (const row of board.rows) for (const cell of row.cells) statuses.add(cell.status);
      if (c.name === DEMO_CLASSES[0]!.name) expect(board.hardest.length).toBeGreaterThan(0);
    }
    expect([...statuses].sort()).toEqual(['not_started', 'overdue', 'passed', 'passed_late', 'tried']);
    // A pupil signs in with the published password and sees the work given.
    const pupil = await signIn('hocsinh');
    const mine = (
      await app.inject({ url: '/api/v1/me/assignments', headers: { authorization: `Bearer ${pupil.accessToken}` } })
    ).json();
    expect(mine.length).toBeGreaterThan(0);
  });

  it('is created once: building the app again on the same database adds nothing', async () => {
    const again = await buildTestApp(database, { SEED_DEMO: 'true' });
    const { sql } = await import('drizzle-orm');
    const rows = await (again.db as unknown as { execute: (q: unknown) => Promise<{ rows: { n: number }[] }> }).execute(
      // the dashboards' demo learners (consent_version 'demo', seed-indicators-demo.ts) cannot sign in: not counted
      sql.raw("select count(*)::int as n from app_user where consent_version <> 'demo'"),
    );
    expect(Number(rows.rows[0]!.n)).toBe(DEMO_ACCOUNTS.length + DEMO_CLASSES.flatMap((c) => c.pupils).length);
    const classes = await (
      again.db as unknown as { execute: (q: unknown) => Promise<{ rows: { n: number }[] }> }
    ).execute(sql.raw('select count(*)::int as n from class'));
    expect(Number(classes.rows[0]!.n)).toBe(DEMO_CLASSES.length);
    await again.close();
  });
});
