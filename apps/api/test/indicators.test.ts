import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { CONSENT_VERSION, type IndicatorReport } from '@hvs/contracts';
import { roleGrant } from '../src/db/schema/index.ts';
import { checkRollups } from '../src/services/indicator-rollup.ts';
import { parsePopulationCsv } from '../src/services/indicator.service.ts';
import { answersFromAuthored, buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

/**
 * A small hand-made dataset whose right answers are written here. Units: W = Phường Hoàn Kiếm (a ward,
 * urban) and K = a rural commune, both in Hà Nội (01); X = a commune of another province.
 */
const W = '00070';
const P = '01';
let K = '';
let X = '';
let XP = '';
const KEY: Record<string, string> = { otp: 'khong', 'mat-khau': 'dai', link: 'xoa', 'cap-nhat': 'lua' };

let database: TestDatabase;
let app: FastifyInstance;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

type Person = {
  commune: () => string;
  birthYear: number;
  certified: boolean;
  household?: string;
  publicServant?: boolean;
  worker?: boolean;
  studentLevel?: string;
  hasSmartphone?: boolean;
  hasEpayment?: boolean;
};
const PEOPLE: Record<string, Person> = {
  a: { commune: () => W, birthYear: 1980, certified: true, household: 'h1', hasSmartphone: true, hasEpayment: true },
  b: { commune: () => W, birthYear: 1985, certified: true, household: 'h1', hasSmartphone: true, hasEpayment: false },
  c: {
    commune: () => W,
    birthYear: 1990,
    certified: true,
    household: 'h2',
    publicServant: true,
    hasSmartphone: false,
    hasEpayment: true,
  },
  d: { commune: () => W, birthYear: 1975, certified: false, household: 'h3', worker: true, hasSmartphone: true },
  e: {
    commune: () => W,
    birthYear: 2010,
    certified: true,
    studentLevel: 'upper_secondary',
    hasSmartphone: true,
    hasEpayment: true,
  },
  f: { commune: () => W, birthYear: 1960, certified: false },
  g: { commune: () => K, birthYear: 1970, certified: true, household: 'h1', worker: true, hasSmartphone: true },
  h: { commune: () => K, birthYear: 2000, certified: true, studentLevel: 'higher', hasSmartphone: false },
  i: { commune: () => X, birthYear: 1988, certified: true },
};

const auth = (who: string) => ({ authorization: `Bearer ${token[who]}` });
const get = (url: string, who?: string) => app.inject({ url, headers: who ? auth(who) : {} });
const put = (url: string, who: string, payload: object) =>
  app.inject({ method: 'PUT', url, payload, headers: auth(who) });

async function signup(login: string, p: Partial<Person> & { commune: () => string; birthYear: number }) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/signup',
    payload: {
      login: login.length < 3 ? `hoc-vien-${login}` : login,
      password: 'mat-khau-du-dai',
      displayName: login,
      birthYear: p.birthYear,
      communeCode: p.commune(),
      consentVersion: CONSENT_VERSION,
      householdKey: p.household,
      publicServant: p.publicServant ?? false,
      worker: p.worker ?? false,
      studentLevel: p.studentLevel ?? null,
      hasSmartphone: p.hasSmartphone,
      hasEpayment: p.hasEpayment,
      tokens: 'body',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  token[login] = res.json().accessToken;
  ids[login] = res.json().user.id;
}

async function passLesson(who: string, lessonId: string) {
  const id = randomUUID();
  const quiz = (
    await app.inject({ url: `/api/v1/lessons/${lessonId}/quiz?attemptId=${id}`, headers: auth(who) })
  ).json();
  const answers = answersFromAuthored(quiz, KEY);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/attempts',
    payload: { id, lessonId, quizVersion: quiz.version, answers },
    headers: auth(who),
  });
  expect(res.statusCode).toBe(201);
}

async function official(login: string, scope: string | null) {
  await signup(login, { commune: () => W, birthYear: 1980, publicServant: true });
  await app.db.insert(roleGrant).values({ userId: ids[login]!, role: 'official', scopeUnitCode: scope });
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login, password: 'mat-khau-du-dai', tokens: 'body' },
  });
  token[login] = res.json().accessToken;
}

const one = async <T>(query: string): Promise<T> =>
  ((await app.db.execute(sql.raw(query))) as unknown as { rows: T[] }).rows[0]!;
const byId = (r: IndicatorReport) => Object.fromEntries(r.indicators.map((i) => [i.id, i]));

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildTestApp(database, { AUTH_RATE_LIMIT: '1000' });
  K = (
    await one<{ code: string }>(
      `select code from admin_unit where parent_code = '${P}' and kind = 'commune' order by code limit 1`,
    )
  ).code;
  ({ code: X, parent_code: XP } = await one<{ code: string; parent_code: string }>(
    `select code, parent_code from admin_unit where parent_code is not null and parent_code <> '${P}' order by code limit 1`,
  ));
  for (const [login, p] of Object.entries(PEOPLE)) {
    await signup(login, p);
    if (p.certified) {
      await passLesson(login, 'demo-bai-thu');
      await passLesson(login, 'demo-bai-hai');
    }
  }
  // The officials: the ward (like the demo `canboxa`), the city (`canbotinh`) and the nation.
  // They are adult learners of W too (in the numbers below): 3 more adult learners, no smartphone answer.
  await official('canboxa', W);
  await official('canbotinh', P);
  await official('canbotw', null);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('indicators on a hand-made dataset', () => {
  it('enters and imports denominators within scope, and refuses them outside', async () => {
    const entries = [
      { unitCode: W, year: 2025, group: 'adults', count: 90 },
      { unitCode: W, year: 2026, group: 'adults', count: 100 },
      { unitCode: W, year: 2026, group: 'households', count: 50 },
      { unitCode: W, year: 2026, group: 'public_servants', count: 10 },
      { unitCode: K, year: 2026, group: 'adults', count: 40 },
    ];
    expect((await put('/api/v1/population', 'canbotinh', { entries })).json()).toEqual({ saved: 5 });
    // The ward official enters for the ward, never for a neighbour.
    const own = await put('/api/v1/population', 'canboxa', {
      entries: [{ unitCode: W, year: 2026, group: 'students_upper_secondary', count: 20 }],
    });
    expect(own.statusCode).toBe(200);
    const neighbour = await put('/api/v1/population', 'canboxa', {
      entries: [{ unitCode: K, year: 2026, group: 'adults', count: 1 }],
    });
    expect(neighbour.statusCode).toBe(403);
    // Excel in Vietnamese saves with ';' and a dot between thousands.
    const imported = await app.inject({
      method: 'POST',
      url: '/api/v1/population/import',
      payload: { csv: '\ufeffunit_code;year;group;count\r\n01;2026;adults;1.000\r\n' },
      headers: auth('canbotinh'),
    });
    expect(imported.json()).toEqual({ saved: 1 });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/population/import',
      payload: { csv: 'unit_code,year,group,count\n01,2026,cats,3\n' },
      headers: auth('canbotinh'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('line 2');
    const list = (await get(`/api/v1/population?unit=${P}`, 'canbotinh')).json();
    expect(list.entries).toHaveLength(7);
  });

  it('sets a target for the ward; others keep the defaults of the plans', async () => {
    const res = await put('/api/v1/plan-targets', 'canboxa', {
      entries: [{ unitCode: W, year: 2026, indicator: 'adults', percent: 90, plan: 'Kế hoạch phường' }],
    });
    expect(res.statusCode).toBe(200);
    const national = await put('/api/v1/plan-targets', 'canbotinh', {
      entries: [{ unitCode: null, year: 2026, indicator: 'adults', percent: 50, plan: 'x' }],
    });
    expect(national.statusCode).toBe(403);
  });

  it('computes every indicator of the ward', async () => {
    const res = await get(`/api/v1/indicators?unit=${W}`, 'canboxa');
    expect(res.statusCode).toBe(200);
    const r: IndicatorReport = res.json();
    expect(r.unit).toMatchObject({ code: W, level: 'commune', parentCode: P });
    const i = byId(r);
    // adults certified: a, b, c (e is 16) / 100 (the 2026 figure, not 2025's 90)
    expect(i.adults).toMatchObject({ value: 3, denominator: 100, percent: 3 });
    expect(i.adults!.targets).toEqual([
      { year: 2025, percent: 80, plan: expect.stringContaining('Trà Vinh'), unitCode: null },
      { year: 2026, percent: 90, plan: 'Kế hoạch phường', unitCode: W },
    ]);
    expect(i.public_servants).toMatchObject({ value: 1, denominator: 10, percent: 10 });
    expect(i.workers).toMatchObject({ value: 0, denominator: null, percent: null }); // d is not certified; no figure
    expect(i.workers!.targets.map((t) => t.percent)).toEqual([80, 100]);
    expect(i.students_upper_secondary).toMatchObject({ value: 1, denominator: 20, percent: 5 });
    expect(i.students_primary).toMatchObject({ value: 0, denominator: null, percent: null });
    expect(i.households).toMatchObject({ value: 2, denominator: 50, percent: 4 }); // h1 (a, b) once, h2
    // adult learners: a, b, c, d, f + 3 officials = 8; smartphone a, b, d = 3
    expect(i.smartphone).toMatchObject({ value: 3, denominatorKind: 'learners', denominator: 8, percent: 37.5 });
    expect(i.smartphone!.targets.map((t) => t.percent)).toEqual([85, 85]);
    // urban (ward) adult learners 8; e-payment a, c = 2
    expect(i.epayment).toMatchObject({ value: 2, denominator: 8, percent: 25 });
    expect(i.certificates).toMatchObject({ value: 4, denominatorKind: 'none', denominator: null, percent: null });
    expect(r.children).toEqual([]);
    // the trend ends at today's totals
    const certs = r.trend.series.find((s) => s.id === 'certificates')!;
    expect(certs.values.at(-1)).toBe(4);
    expect(r.trend.weeks).toHaveLength(26);
  });

  it('rolls the province up from its communes and ranks them', async () => {
    const r: IndicatorReport = (await get(`/api/v1/indicators?unit=${P}`, 'canbotinh')).json();
    const i = byId(r);
    expect(i.adults).toMatchObject({ value: 5, denominator: 1000, percent: 0.5 }); // a, b, c, g, h
    expect(i.workers).toMatchObject({ value: 1, denominator: null, percent: null });
    expect(i.students_higher).toMatchObject({ value: 1 });
    expect(i.households).toMatchObject({ value: 3, denominator: null }); // h1 in W and h1 in K are two households
    expect(i.smartphone).toMatchObject({ value: 4, denominator: 10, percent: 40 });
    expect(i.epayment).toMatchObject({ value: 2, denominator: 8, percent: 25 }); // K is rural
    expect(i.certificates).toMatchObject({ value: 6 });
    expect(r.children.length).toBeGreaterThan(50);
    expect(r.children.slice(0, 2).map((c) => [c.code, c.rank, c.indicators[0]!.percent])).toEqual([
      [K, 1, 5],
      [W, 2, 3],
    ]);
    // and drills into a commune of the province
    expect((await get(`/api/v1/indicators?unit=${K}`, 'canbotinh')).statusCode).toBe(200);
    const k = byId((await get(`/api/v1/indicators?unit=${K}`, 'canbotinh')).json());
    expect(k.epayment).toMatchObject({ value: 0, denominator: 0, percent: null });
    expect(k.adults!.targets.map((t) => t.percent)).toEqual([80, 100]);
  });

  it('shows the nation its provinces', async () => {
    const r: IndicatorReport = (await get('/api/v1/indicators', 'canbotw')).json();
    expect(r.unit.level).toBe('nation');
    expect(r.children).toHaveLength(34);
    expect(r.children[0]).toMatchObject({ code: P, rank: 1 });
    expect(byId(r).certificates!.value).toBe(7);
    expect(byId(r).adults).toMatchObject({ value: 6, denominator: null, percent: null });
  });

  it('keeps each official to their scope', async () => {
    for (const unit of [K, P, 'VN', X])
      expect((await get(`/api/v1/indicators?unit=${unit}`, 'canboxa')).statusCode, unit).toBe(403);
    for (const unit of ['VN', X, XP])
      expect((await get(`/api/v1/indicators?unit=${unit}`, 'canbotinh')).statusCode, unit).toBe(403);
    expect((await get(`/api/v1/indicators/export.csv?unit=${K}`, 'canboxa')).statusCode).toBe(403);
    expect((await get(`/api/v1/population?unit=${K}`, 'canboxa')).statusCode).toBe(403);
    expect((await get('/api/v1/indicators?unit=99999', 'canbotw')).statusCode).toBe(404);
    // without a unit, the widest one covered
    expect((await get('/api/v1/indicators', 'canboxa')).json().unit.code).toBe(W);
    expect((await get('/api/v1/indicators', 'canbotinh')).json().unit.code).toBe(P);
    // a learner without the role
    expect((await get(`/api/v1/indicators?unit=${W}`, 'a')).statusCode).toBe(403);
  });

  it('hides counts below 5 on the public page, and percents that would reveal them', async () => {
    const w = byId((await get(`/api/v1/public/indicators?unit=${W}`)).json());
    expect(w.certificates).toMatchObject({ value: null, suppressed: true });
    expect(w.adults).toMatchObject({ value: null, denominator: 100, percent: null, suppressed: true });
    expect(w.smartphone).toMatchObject({ value: null, denominator: 8, percent: null, suppressed: true });
    const p = (await get(`/api/v1/public/indicators?unit=${P}`)).json() as IndicatorReport;
    expect(byId(p).adults).toMatchObject({ value: 5, percent: 0.5, suppressed: false });
    expect(byId(p).public_servants).toMatchObject({ value: null, suppressed: true });
    expect(p.trend.series.find((s) => s.id === 'certificates')!.values.at(-1)).toBe(6);
    expect(p.trend.series.find((s) => s.id === 'adults')!.values[0]).toBeNull(); // 0 < 5
    expect(p.children.find((c) => c.code === W)!.indicators[0]).toMatchObject({
      value: null,
      percent: null,
      suppressed: true,
    });
    expect((await get('/api/v1/public/indicators')).json().unit.code).toBe('VN');
  });

  it('exports every table as CSV, UTF-8 with a BOM', async () => {
    const res = await get(`/api/v1/indicators/export.csv?unit=${P}&table=ranking`, 'canbotinh');
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\ufeffrank,unit_code,unit_name,adults_value,adults_percent')).toBe(true);
    expect(res.body.split('\n')[1]).toMatch(new RegExp(`^1,${K},`));
    const table = await get(`/api/v1/indicators/export.csv?unit=${W}&table=indicators`, 'canboxa');
    expect(table.body).toContain(`${W},Phường Hoàn Kiếm,1,adults,3,population,100,3,80,90,no`);
    expect(table.body).toContain('certificates,4,none,,,,,no');
    const trend = await get(`/api/v1/public/indicators/export.csv?unit=${W}&table=trend`);
    expect(trend.body.split('\r\n').length + trend.body.split('\n').length).toBeGreaterThan(26);
  });

  it('keeps the roll-ups in step through deletions, and the check finds no difference', async () => {
    expect(await checkRollups(app.db)).toEqual([]);
    const del = await app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      payload: { password: 'mat-khau-du-dai' },
      headers: auth('b'),
    });
    expect(del.statusCode, del.body).toBeLessThan(300);
    let i = byId((await get(`/api/v1/indicators?unit=${W}`, 'canboxa')).json());
    expect(i.certificates!.value).toBe(3);
    expect(i.households!.value).toBe(2); // a still holds h1
    expect(i.smartphone).toMatchObject({ value: 2, denominator: 7 });
    await app.inject({
      method: 'DELETE',
      url: '/api/v1/me',
      payload: { password: 'mat-khau-du-dai' },
      headers: auth('a'),
    });
    i = byId((await get(`/api/v1/indicators?unit=${W}`, 'canboxa')).json());
    expect(i.households!.value).toBe(1);
    expect(await checkRollups(app.db)).toEqual([]);
    // a roll-up that drifted is found
    await app.db.execute(sql`update indicator_total set n = n + 1 where unit_code = ${W} and metric = 'certificates'`);
    expect(await checkRollups(app.db)).toEqual([
      expect.objectContaining({
        table: 'indicator_total',
        unitCode: W,
        metric: 'certificates',
        stored: 3,
        expected: 2,
      }),
    ]);
    await app.db.execute(sql`update indicator_total set n = n - 1 where unit_code = ${W} and metric = 'certificates'`);
  });
});

describe('population CSV parser', () => {
  it('reads commas, semicolons, quotes and a BOM, and names the bad line', () => {
    expect(parsePopulationCsv('unit_code,year,group,count\n"00070",2026,adults,"12 000"\n')).toEqual([
      { unitCode: '00070', year: 2026, group: 'adults', count: 12000 },
    ]);
    expect(parsePopulationCsv('\ufeffGroup;Count;Unit_Code;Year\r\nhouseholds;7;01;2025\r\n')).toEqual([
      { unitCode: '01', year: 2025, group: 'households', count: 7 },
    ]);
    expect(() => parsePopulationCsv('unit_code,year,group,count\n01,2026,adults,-3\n')).toThrow(/line 2/);
    expect(() => parsePopulationCsv('unit_code,year,group,count\n01,"2026,adults\n')).toThrow(/CSV/);
  });
});
