import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { parse } from 'csv-parse/sync';
import { CONSENT_VERSION } from '@hvs/contracts';
import { roleGrant } from '../src/db/schema/index.ts';
import { answersFromAuthored, buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

const KEY: Record<string, string> = { otp: 'khong', 'mat-khau': 'dai', link: 'xoa', 'cap-nhat': 'lua' };
const WRONG: Record<string, string> = { otp: 'co', 'mat-khau': 'ngan', link: 'bam', 'cap-nhat': 'cong-an' };

let database: TestDatabase;
let app: FastifyInstance;
let commune = '';

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { AUTH_RATE_LIMIT: '10000' });
  commune = (await app.inject({ url: '/api/v1/communes?q=ba%20dinh' })).json()[0].code;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function account(login: string, teacher = false): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: { login, password: 'mat-khau-du-dai', displayName: login, birthYear: 1985, communeCode: commune, consentVersion: CONSENT_VERSION, tokens: 'body' },
  });
  if (!teacher) return res.json().accessToken;
  await app.db.insert(roleGrant).values({ userId: res.json().user.id, role: 'teacher', scopeUnitCode: null });
  return signIn(login, 'mat-khau-du-dai');
}
async function signIn(login: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password, tokens: 'body' } });
  expect(res.statusCode, `sign in ${login}`).toBe(200);
  return res.json().accessToken;
}
const as = (token: string, options: InjectOptions) => app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
const uid = () => randomUUID().slice(0, 6);

async function answer(token: string, lessonId: string, key: Record<string, string>) {
  const id = randomUUID();
  const quiz = (await app.inject({ url: `/api/v1/lessons/${lessonId}/quiz?attemptId=${id}` })).json();
  const answers = answersFromAuthored(quiz, key);
  const res = await as(token, { method: 'POST', url: '/api/v1/attempts', payload: { id, lessonId, quizVersion: quiz.version, answers } });
  expect(res.statusCode).toBe(201);
}

describe('classes', () => {
  it('a teacher creates a class; a student joins with its code (typed loosely) and sees the assignment', async () => {
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 8A', school: 'THCS Ba Đình' } })).json();
    expect(cls.joinCode).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    const student = await account(`hs-${uid()}`);
    const joined = await as(student, { method: 'POST', url: '/api/v1/classes/join', payload: { code: ` ${cls.joinCode.toLowerCase().slice(0, 3)}-${cls.joinCode.slice(3)} ` } });
    expect(joined.json()).toEqual({ classId: cls.id, name: 'Lớp 8A' });
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const assigned = await as(teacher, { method: 'POST', url: `/api/v1/classes/${cls.id}/assignments`, payload: { moduleId: 'demo', dueAt: due } });
    expect(assigned.statusCode).toBe(201);
    expect(assigned.json().lessonIds).toEqual(['demo-bai-thu', 'demo-bai-hai']);
    const mine = (await as(student, { url: '/api/v1/me/assignments' })).json();
    expect(mine).toEqual([expect.objectContaining({ className: 'Lớp 8A', dueAt: new Date(due).toISOString(), lessons: [expect.objectContaining({ passed: false }), expect.anything()] })]);
  });

  it("keeps each teacher to their own classes, and students off the board", async () => {
    const a = await account(`gv-${uid()}`, true);
    const b = await account(`gv-${uid()}`, true);
    const cls = (await as(a, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp của cô A' } })).json();
    for (const url of [`/api/v1/classes/${cls.id}`, `/api/v1/classes/${cls.id}/board`, `/api/v1/classes/${cls.id}/board.csv`, `/api/v1/classes/${cls.id}/join-qr.svg`]) {
      const res = await as(b, { url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('class_not_found');
    }
    expect((await as(b, { url: '/api/v1/classes' })).json()).toEqual([]);
    const renamed = await as(b, { method: 'POST', url: `/api/v1/classes/${cls.id}/assignments`, payload: { moduleId: 'demo', dueAt: new Date().toISOString() } });
    expect(renamed.statusCode).toBe(404);
    const student = await account(`hs-${uid()}`);
    await as(student, { method: 'POST', url: '/api/v1/classes/join', payload: { code: cls.joinCode } });
    const board = await as(student, { url: `/api/v1/classes/${cls.id}/board` });
    expect(board.statusCode).toBe(403);
  });

  it('stops a revoked code from working; a new code works', async () => {
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 9B' } })).json();
    expect((await as(teacher, { method: 'DELETE', url: `/api/v1/classes/${cls.id}/join-code` })).statusCode).toBe(204);
    const student = await account(`hs-${uid()}`);
    const old = await as(student, { method: 'POST', url: '/api/v1/classes/join', payload: { code: cls.joinCode } });
    expect(old.statusCode).toBe(404);
    expect(old.json().code).toBe('join_code_invalid');
    const fresh = (await as(teacher, { method: 'POST', url: `/api/v1/classes/${cls.id}/join-code` })).json();
    expect(fresh.joinCode).not.toBe(cls.joinCode);
    expect((await as(student, { method: 'POST', url: '/api/v1/classes/join', payload: { code: fresh.joinCode } })).statusCode).toBe(200);
    const qr = await as(teacher, { url: `/api/v1/classes/${cls.id}/join-qr.svg` });
    expect(qr.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(qr.body).toMatch(/^<svg/);
  });

  it('creates 40 pupil accounts at once, each able to sign in with its login card', async () => {
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 6C' } })).json();
    const names = Array.from({ length: 40 }, (_, i) => `Nguyễn Văn Đức ${i + 1}`);
    const res = await as(teacher, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/students`,
      payload: { names, birthYear: 2014, studentLevel: 'lower_secondary', consent: true },
    });
    expect(res.statusCode).toBe(201);
    const cards = res.json().accounts as { login: string; password: string; displayName: string }[];
    expect(cards).toHaveLength(40);
    expect(new Set(cards.map((c) => c.login)).size).toBe(40);
    for (const c of cards) expect(c.login).toMatch(/^[a-z][a-z0-9]{2,31}$/);
    for (const c of cards.slice(0, 5)) await signIn(c.login, c.password);
    const detail = (await as(teacher, { url: `/api/v1/classes/${cls.id}` })).json();
    expect(detail.students).toHaveLength(40);
    const noConsent = await as(teacher, { method: 'POST', url: `/api/v1/classes/${cls.id}/students`, payload: { names: ['An'], birthYear: 2014, studentLevel: 'primary' } });
    expect(noConsent.statusCode).toBe(400);
  });

  it('shows who did what, marks late work, finds the hardest questions, and the CSV says what the board says', async () => {
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 7D' } })).json();
    const [ontime, late, idle] = await Promise.all([account(`hs-${uid()}`), account(`hs-${uid()}`), account(`hs-${uid()}`)]);
    for (const s of [ontime!, late!, idle!]) await as(s, { method: 'POST', url: '/api/v1/classes/join', payload: { code: cls.joinCode } });
    await as(teacher, { method: 'POST', url: `/api/v1/classes/${cls.id}/assignments`, payload: { lessonIds: ['demo-bai-thu'], dueAt: new Date(Date.now() + 86_400_000).toISOString() } });
    await as(teacher, { method: 'POST', url: `/api/v1/classes/${cls.id}/assignments`, payload: { lessonIds: ['demo-bai-hai'], dueAt: new Date(Date.now() - 86_400_000).toISOString() } });
    await answer(ontime!, 'demo-bai-thu', KEY);
    await answer(ontime!, 'demo-bai-hai', WRONG);
    await answer(late!, 'demo-bai-hai', KEY); // after the due date: recorded, marked late
    await answer(late!, 'demo-bai-thu', WRONG);
    const boardRes = await as(teacher, { url: `/api/v1/classes/${cls.id}/board` });
    expect(boardRes.statusCode).toBe(200);
    const board = boardRes.json();
    const cell = (login: string, lesson: string) =>
      board.rows.find((r: { login: string }) => r.login === login).cells.find((c: { lessonId: string }) => c.lessonId === lesson);
    const login = async (token: string) => (await as(token, { url: '/api/v1/me' })).json().login;
    const [l1, l2, l3] = [await login(ontime!), await login(late!), await login(idle!)];
    expect(cell(l1, 'demo-bai-thu')).toMatchObject({ status: 'passed', bestScore: 1, attempts: 1 });
    expect(cell(l1, 'demo-bai-hai')).toMatchObject({ status: 'overdue', bestScore: 0 });
    expect(cell(l2, 'demo-bai-hai')).toMatchObject({ status: 'passed_late', bestScore: 1 });
    expect(cell(l2, 'demo-bai-thu')).toMatchObject({ status: 'tried', bestScore: 0 });
    expect(cell(l3, 'demo-bai-thu')).toMatchObject({ status: 'not_started', bestScore: null, attempts: 0 });
    expect(board.lessons.map((l: { passed: number }) => l.passed)).toEqual([1, 1]);
    // Every question answered wrong once and right once: each is 50 % right, with the wrong pick named.
    expect(board.hardest.length).toBeGreaterThan(0);
    for (const h of board.hardest) expect(h.correctShare).toBeLessThanOrEqual(1);
    const worst = board.hardest[0];
    expect(worst.wrongAnswers[0]).toEqual({ answer: expect.any(String), count: expect.any(Number) });

    const csv = await as(teacher, { url: `/api/v1/classes/${cls.id}/board.csv` });
    expect(csv.headers['content-type']).toMatch(/text\/csv; charset=utf-8/);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const table = parse(csv.body.replace(/^\uFEFF/, '')) as string[][];
    expect(table.length).toBe(board.rows.length + 1);
    const status: Record<string, string> = { passed: 'Đạt', passed_late: 'Đạt (muộn)', tried: 'Chưa đạt', not_started: 'Chưa làm', overdue: 'Quá hạn' };
    board.rows.forEach((r: { displayName: string; login: string; passed: number; late: number; cells: { status: string; bestScore: number | null; attempts: number }[] }, i: number) => {
      const line = table[i + 1]!;
      expect(line.slice(0, 4)).toEqual([r.displayName, r.login, String(r.passed), String(r.late)]);
      r.cells.forEach((c, j) => {
        expect(line.slice(4 + j * 3, 7 + j * 3)).toEqual([status[c.status], c.bestScore === null ? '' : String(Math.round(c.bestScore * 100)), String(c.attempts)]);
      });
    });
  });

  it('lets a student leave and a teacher remove one; archiving keeps the history and closes the door', async () => {
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 5A' } })).json();
    const [s1, s2] = [await account(`hs-${uid()}`), await account(`hs-${uid()}`)];
    for (const s of [s1, s2]) await as(s, { method: 'POST', url: '/api/v1/classes/join', payload: { code: cls.joinCode } });
    expect((await as(s1, { method: 'POST', url: `/api/v1/classes/${cls.id}/leave` })).statusCode).toBe(204);
    const s2id = (await as(s2, { url: '/api/v1/me' })).json().id;
    expect((await as(teacher, { method: 'DELETE', url: `/api/v1/classes/${cls.id}/students/${s2id}` })).statusCode).toBe(204);
    expect((await as(teacher, { url: `/api/v1/classes/${cls.id}` })).json().students).toEqual([]);
    // Back in with the code, then the class is archived.
    await as(s1, { method: 'POST', url: '/api/v1/classes/join', payload: { code: cls.joinCode } });
    await as(teacher, { method: 'POST', url: `/api/v1/classes/${cls.id}/assignments`, payload: { moduleId: 'demo', dueAt: new Date().toISOString() } });
    expect((await as(teacher, { method: 'POST', url: `/api/v1/classes/${cls.id}/archive` })).statusCode).toBe(204);
    const after = (await as(teacher, { url: `/api/v1/classes/${cls.id}` })).json();
    expect(after).toMatchObject({ archivedAt: expect.any(String), joinCode: null, students: [expect.anything()], assignments: [expect.anything()] });
    expect((await as(teacher, { url: `/api/v1/classes/${cls.id}/board` })).statusCode).toBe(200);
    const again = await as(teacher, { method: 'POST', url: `/api/v1/classes/${cls.id}/assignments`, payload: { moduleId: 'demo', dueAt: new Date().toISOString() } });
    expect(again.json().code).toBe('class_archived');
  });
});
