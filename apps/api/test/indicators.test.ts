import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { CONSENT_VERSION, type IndicatorReport } from '@hvs/contracts';
import { roleGrant } from '../src/db/schema/index.ts';
import { applyDifference, checkRollups, type Contribution } from '../src/services/indicator-rollup.ts';
import { checkPopulationRollup } from '../src/services/indicator-population.ts';
import { parsePopulationFile } from '../src/domain/population-input.ts';

const parsePopulationCsv = (csv: string) => parsePopulationFile(csv, 2100);
import { answersFromAuthored, buildTestApp, openTestDatabase, type TestDatabase } from './helper.ts';

/**
 * A small hand-made dataset whose right answers are written here. Units: W = Phường Hoàn Kiếm (a ward,
 * urban) and K = a rural commune, both in Hà Nội (01); X = a commune of another province (XP).
 */
const Y = new Date(Date.now() + 7 * 3600_000).getUTCFullYear(); // this year in Việt Nam
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
  // 17 this year: certified now, an adult from next year on (only the birth year is kept)
  j: { commune: () => K, birthYear: Y - 17, certified: true, hasSmartphone: true },
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

let MP = 0; // communes of P
let MX = 0; // communes of XP
let ALL = 0; // communes of the country
const asOfficial = (login: string) => ({
  kind: 'user' as const,
  userId: ids[login]!,
  learnerId: ids[login]!,
  roles: [],
});

describe('indicators on a hand-made dataset', () => {
  it('enters and imports denominators within scope, and refuses them outside', async () => {
    ({ n: MP } = await one<{ n: number }>(`select count(*)::int as n from admin_unit where parent_code = '${P}'`));
    ({ n: MX } = await one<{ n: number }>(`select count(*)::int as n from admin_unit where parent_code = '${XP}'`));
    ({ n: ALL } = await one<{ n: number }>(`select count(*)::int as n from admin_unit where parent_code is not null`));
    const entries = [
      { unitCode: W, year: 2025, group: 'adults', count: 90 },
      { unitCode: W, year: 2026, group: 'adults', count: 100 },
      { unitCode: W, year: 2026, group: 'households', count: 50 },
      { unitCode: W, year: 2026, group: 'public_servants', count: 10 },
      { unitCode: K, year: 2026, group: 'adults', count: 40 },
      { unitCode: K, year: 2025, group: 'public_servants', count: 7 },
    ];
    expect((await put('/api/v1/population', 'canbotinh', { entries })).json()).toEqual({ saved: 6, pending: 0 });
    // The ward official enters for the ward, never for a neighbour.
    const own = await put('/api/v1/population', 'canboxa', {
      entries: [{ unitCode: W, year: 2026, group: 'students_upper_secondary', count: 20 }],
    });
    expect(own.json()).toEqual({ saved: 0, pending: 1 }); // the ward's own figure waits for the province
    const neighbour = await put('/api/v1/population', 'canboxa', {
      entries: [{ unitCode: K, year: 2026, group: 'adults', count: 1 }],
    });
    expect(neighbour.statusCode).toBe(403);
    // Next year's figure is accepted (plans are made ahead); a year after that is a typo and refused.
    const nextYear = await put('/api/v1/population', 'canboxa', {
      entries: [{ unitCode: W, year: Y + 1, group: 'students_primary', count: 30 }],
    });
    expect(nextYear.statusCode).toBe(200);
    const typo = await put('/api/v1/population', 'canboxa', {
      entries: [{ unitCode: W, year: Y + 2, group: 'adults', count: 1 }],
    });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().problems).toEqual([expect.objectContaining({ line: 1, column: 'year' })]);
    // The province approves the ward's two figures.
    const waiting = (await get(`/api/v1/population/changes?unit=${W}&status=pending`, 'canbotinh')).json() as {
      id: string;
    }[];
    expect(waiting).toHaveLength(2);
    for (const c of waiting) {
      const approved = await app.inject({
        method: 'POST',
        url: `/api/v1/population/changes/${c.id}/approve`,
        headers: auth('canbotinh'),
      });
      expect(approved.statusCode).toBe(200);
    }
    // Excel in Vietnamese saves with ';' and a dot between thousands.
    const imported = await app.inject({
      method: 'POST',
      url: '/api/v1/population/import',
      payload: { csv: '\ufeffunit_code;year;group;count\r\n01;2026;adults;1.000\r\n' },
      headers: auth('canbotinh'),
    });
    expect(imported.json()).toEqual({ saved: 1, pending: 0 });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/population/import',
      payload: { csv: 'unit_code,year,group,count\n01,2026,cats,3\n' },
      headers: auth('canbotinh'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().problems).toEqual([expect.objectContaining({ line: 2, column: 'group' })]);
    const list = (await get(`/api/v1/population?unit=${P}`, 'canbotinh')).json();
    expect(list.unit).toEqual({ code: P, name: 'Thành phố Hà Nội', level: 'province', parentCode: 'VN' });
    expect(list.entries).toHaveLength(9);
    // The nation enters a figure for every commune of XP, and its own figure of households.
    const communes = (
      (await app.db.execute(sql`select code from admin_unit where parent_code = ${XP}`)) as unknown as {
        rows: { code: string }[];
      }
    ).rows;
    const all = await put('/api/v1/population', 'canbotw', {
      entries: [
        ...communes.map((c) => ({ unitCode: c.code, year: 2026, group: 'workers', count: 10 })),
        { unitCode: 'VN', year: 2026, group: 'households', count: 1_000_000 },
      ],
    });
    expect(all.json()).toEqual({ saved: MX + 1, pending: 0 });
    expect(await checkPopulationRollup(app.db)).toEqual([]);
  });

  it('exports the population figures as CSV in the columns the import reads', async () => {
    const res = await get(`/api/v1/population/export.csv?unit=${P}`, 'canbotinh');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe('unit_code,unit_name,year,group,count');
    expect(lines).toHaveLength(10);
    expect(lines).toContain(`${P},Thành phố Hà Nội,2026,adults,1000`);
    expect(lines).toContain(`${W},Phường Hoàn Kiếm,2025,adults,90`);
    // what the export gives, the import takes back
    expect(parsePopulationCsv(res.body)).toHaveLength(9);
    expect((await get(`/api/v1/population/export.csv?unit=${K}`, 'canboxa')).statusCode).toBe(403);
  });

  it('lets the province or the nation set targets, not the commune itself', async () => {
    const target = (unitCode: string | null, indicator: string, percent: number, plan: string) => ({
      entries: [{ unitCode, year: 2026, indicator, percent, plan }],
    });
    expect((await put('/api/v1/plan-targets', 'canboxa', target(W, 'adults', 10, 'x'))).statusCode).toBe(403);
    expect(
      (await put('/api/v1/plan-targets', 'canbotinh', target(W, 'adults', 90, 'Kế hoạch phường'))).statusCode,
    ).toBe(200);
    expect(
      (await put('/api/v1/plan-targets', 'canbotinh', target(P, 'public_servants', 95, 'KH tỉnh'))).statusCode,
    ).toBe(200);
    expect((await put('/api/v1/plan-targets', 'canbotinh', target(XP, 'adults', 50, 'x'))).statusCode).toBe(403);
    expect((await put('/api/v1/plan-targets', 'canbotinh', target(null, 'adults', 50, 'x'))).statusCode).toBe(403);
    // national defaults, from the national official only
    expect(
      (await put('/api/v1/plan-targets', 'canbotw', target(null, 'households', 60, 'Mặc định toàn quốc'))).statusCode,
    ).toBe(200);
  });

  it('computes every indicator of the ward', async () => {
    const res = await get(`/api/v1/indicators?unit=${W}`, 'canboxa');
    expect(res.statusCode).toBe(200);
    const r: IndicatorReport = res.json();
    expect(r.unit).toMatchObject({ code: W, level: 'commune', kind: 'ward', parentCode: P });
    const i = byId(r);
    // adults certified: a, b, c (e is 16) / 100 (the 2026 figure, not 2025's 90)
    expect(i.adults).toMatchObject({ value: 3, denominator: 100, denominatorYear: 2026, coverage: null, percent: 3 });
    expect(i.adults!.targets).toEqual([
      { year: 2025, percent: 80, plan: expect.stringContaining('Trà Vinh'), unitCode: null },
      { year: 2026, percent: 90, plan: 'Kế hoạch phường', unitCode: W },
    ]);
    expect(i.public_servants).toMatchObject({ value: 1, denominator: 10, percent: 10 });
    expect(i.public_servants!.targets.map((t) => [t.percent, t.unitCode])).toEqual([
      [80, null],
      [95, P], // the city's target, since the ward has none of its own
    ]);
    expect(i.workers).toMatchObject({ value: 0, denominator: null, percent: null }); // d is not certified; no figure
    expect(i.workers!.targets.map((t) => t.percent)).toEqual([80, 100]);
    expect(i.students_upper_secondary).toMatchObject({ value: 1, denominator: 20, percent: 5 });
    expect(i.students_primary).toMatchObject({ value: 0, denominator: 30, denominatorYear: Y + 1, percent: 0 });
    expect(i.households).toMatchObject({ value: 2, denominator: 50, percent: 4 }); // h1 (a, b) once, h2
    expect(i.households!.targets.map((t) => t.percent)).toEqual([60]);
    // adult learners who answered the smartphone question: a, b, c, d (f and the officials left it blank); yes: a, b, d
    expect(i.smartphone).toMatchObject({ value: 3, denominatorKind: 'learners', denominator: 4, percent: 75 });
    expect(i.smartphone!.targets.map((t) => t.percent)).toEqual([85, 85]);
    expect(i.smartphone!.targets[0]!.plan).toContain('chưa đối chiếu');
    // e-payment in the ward: answered a, b, c (d left it blank); yes: a, c
    expect(i.epayment).toMatchObject({ value: 2, denominator: 3, percent: 66.7, applies: true });
    expect(i.certificates).toMatchObject({ value: 4, denominatorKind: 'none', denominator: null, percent: null });
    expect(r.children).toEqual([]);
    // the trend ends at today's totals
    const certs = r.trend.series.find((s) => s.id === 'certificates')!;
    expect(certs.values.at(-1)).toBe(4);
    expect(r.trend.weeks).toHaveLength(26);
  });

  it('rolls the province up from its communes, one year at a time, and ranks them', async () => {
    const r: IndicatorReport = (await get(`/api/v1/indicators?unit=${P}`, 'canbotinh')).json();
    const i = byId(r);
    expect(i.adults).toMatchObject({ value: 5, denominator: 1000, coverage: null, percent: 0.5 }); // its own figure
    expect(i.workers).toMatchObject({ value: 1, denominator: null, percent: null });
    expect(i.students_higher).toMatchObject({ value: 1 });
    // only W gave households: the sum so far, and how many communes it covers, but no percent
    expect(i.households).toMatchObject({ value: 3, denominator: 50, coverage: { reported: 1, of: MP }, percent: null });
    // W gave 2026, K gave 2025: never added together; the latest year is shown
    expect(i.public_servants).toMatchObject({
      value: 1,
      denominator: 10,
      denominatorYear: 2026,
      coverage: { reported: 1, of: MP },
      percent: null,
    });
    // answered: a, b, c, d in W, g, h in K (j is 17); yes: a, b, d, g
    expect(i.smartphone).toMatchObject({ value: 4, denominator: 6, percent: 66.7 });
    expect(i.epayment).toMatchObject({ value: 2, denominator: 3, percent: 66.7 }); // K is rural
    expect(i.certificates).toMatchObject({ value: 7 });
    expect(r.children).toHaveLength(MP);
    expect(r.children.slice(0, 2).map((c) => [c.code, c.rank, c.indicators[0]!.percent])).toEqual([
      [K, 1, 5],
      [W, 2, 3],
    ]);
    // and drills into a commune of the province: e-payment is asked in wards only
    const k = byId((await get(`/api/v1/indicators?unit=${K}`, 'canbotinh')).json());
    expect(k.epayment).toMatchObject({ value: 0, denominator: 0, percent: null, applies: false, targets: [] });
    expect(k.adults).toMatchObject({ value: 2, denominator: 40, percent: 5 });
    expect(k.adults!.targets.map((t) => t.percent)).toEqual([80, 100]);
  });

  it('counts a learner certified at 17 as an adult from the year they turn 18', async () => {
    const march = new Date(`${Y + 1}-03-01T03:00:00Z`);
    const later = byId(await app.services.indicators.officialReport(asOfficial('canbotinh'), K, march));
    expect(later.adults).toMatchObject({ value: 3, denominator: 40, percent: 7.5 }); // g, h and now j
    expect(later.smartphone).toMatchObject({ value: 2, denominator: 3 }); // j answered yes at sign-up
    const report = await app.services.indicators.officialReport(asOfficial('canbotinh'), K, march);
    const adults = report.trend.series.find((s) => s.id === 'adults')!.values;
    // each point counts the cohorts adult at the end of that week (its Sunday)
    const firstOfNewYear = report.trend.weeks.findIndex(
      (w) => new Date(Date.parse(w) + 6 * 86400_000).getUTCFullYear() === Y + 1,
    );
    expect(adults[firstOfNewYear - 1]).toBe(2);
    expect(adults.slice(firstOfNewYear)).toEqual(adults.slice(firstOfNewYear).map(() => 3));
    // the same people today: j is not an adult yet
    expect(byId(await app.services.indicators.officialReport(asOfficial('canbotinh'), K)).adults!.value).toBe(2);
  });

  it('shows the nation its provinces, with denominators summed up two levels', async () => {
    const r: IndicatorReport = (await get('/api/v1/indicators', 'canbotw')).json();
    expect(r.unit.level).toBe('nation');
    expect(r.children).toHaveLength(34);
    expect(r.children[0]).toMatchObject({ code: P, rank: 1 });
    const i = byId(r);
    expect(i.certificates!.value).toBe(8);
    // only Hà Nội has adults: a sum covering its communes, no percent
    expect(i.adults).toMatchObject({ value: 6, denominator: 1000, coverage: { reported: MP, of: ALL }, percent: null });
    expect(i.households).toMatchObject({ value: 3, denominator: 1_000_000, coverage: null, percent: 0 }); // its own
    expect(i.workers).toMatchObject({
      value: 1,
      denominator: 10 * MX,
      coverage: { reported: MX, of: ALL },
      percent: null,
    });
    // XP has no figure of its own: every commune gave one, so its ranking row has a percent
    const xp = r.children.find((c) => c.code === XP)!;
    expect(xp.indicators.find((c) => c.id === 'workers')).toMatchObject({
      value: 0,
      denominator: 10 * MX,
      coverage: null,
      percent: 0,
    });
    expect(r.children.find((c) => c.code === P)!.indicators.find((c) => c.id === 'households')).toMatchObject({
      denominator: 50,
      coverage: { reported: 1, of: MP },
      percent: null,
    });
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

  it('hides counts below 5 on the public page, with what would reveal them, and rounds the rest', async () => {
    const w = byId((await get(`/api/v1/public/indicators?unit=${W}`)).json());
    expect(w.certificates).toMatchObject({ value: null, suppressed: true });
    expect(w.adults).toMatchObject({ value: null, denominator: 100, percent: null, suppressed: true });
    expect(w.smartphone).toMatchObject({ value: null, denominator: null, percent: null, suppressed: true });
    const n = (await get('/api/v1/public/indicators')).json() as IndicatorReport;
    expect(n.unit.code).toBe('VN');
    expect(byId(n).certificates).toMatchObject({ value: 10, suppressed: false }); // 8, rounded
    expect(byId(n).adults).toMatchObject({ value: 5, suppressed: false }); // 6, rounded
    // Hà Nội has 5 adults, XP 1: showing Hà Nội would give XP's 1 as the nation minus Hà Nội
    const p = (await get(`/api/v1/public/indicators?unit=${P}`)).json() as IndicatorReport;
    expect(byId(p).adults).toMatchObject({ value: null, suppressed: true });
    expect(n.children.find((c) => c.code === P)!.indicators[0]).toMatchObject({ value: null, suppressed: true });
    expect(p.trend.series.find((s) => s.id === 'adults')!.values.every((v) => v === null)).toBe(true);
    expect(n.trend.series.find((s) => s.id === 'certificates')!.values.at(-1)).toBe(10);
    expect(p.children.find((c) => c.code === W)!.indicators[0]).toMatchObject({
      value: null,
      percent: null,
      suppressed: true,
    });
  });

  it('exports every table as CSV, UTF-8 with a BOM', async () => {
    const res = await get(`/api/v1/indicators/export.csv?unit=${P}&table=ranking`, 'canbotinh');
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.startsWith('\ufeffrank,unit_code,unit_name,adults_value,adults_percent')).toBe(true);
    expect(res.body.split('\n')[1]).toMatch(new RegExp(`^1,${K},`));
    const table = await get(`/api/v1/indicators/export.csv?unit=${W}&table=indicators`, 'canboxa');
    expect(table.body.split('\n')[0]).toContain('denominator_year,communes_reported,percent');
    expect(table.body).toContain(`${W},Phường Hoàn Kiếm,1,adults,3,population,100,2026,,3,80,90,yes,no`);
    expect(table.body).toContain('certificates,4,none,,,,,,,yes,no');
    const province = await get(`/api/v1/indicators/export.csv?unit=${P}&table=indicators`, 'canbotinh');
    expect(province.body).toContain(`,households,3,population,50,2026,1/${MP},,,60,yes,no`);
    const trend = await get(`/api/v1/public/indicators/export.csv?unit=${W}&table=trend`);
    expect(trend.body.trim().split(/\r?\n/)).toHaveLength(27);
  });

  it('moves the old numbers off the old units and the new ones onto the new units', async () => {
    const totals = async () =>
      Object.fromEntries(
        (
          (await app.db.execute(
            sql`select unit_code, n from indicator_total where metric = 'certificates' and unit_code in (${W}, ${P}, ${X}, ${XP}, 'VN')`,
          )) as unknown as { rows: { unit_code: string; n: number }[] }
        ).rows.map((r) => [r.unit_code, Number(r.n)]),
      );
    const was = await totals();
    const week = '2026-11-30';
    const inW: Contribution = { communeCode: W, provinceCode: P, counts: new Map([[`certificates|${week}|0`, 1]]) };
    const inX: Contribution = { communeCode: X, provinceCode: XP, counts: new Map([[`certificates|${week}|0`, 1]]) };
    // an account moving from W to X takes its certificate along
    await app.db.transaction(async (tx) => applyDifference(tx, inW, inX));
    expect(await totals()).toEqual({
      ...was,
      [W]: was[W]! - 1,
      [P]: was[P]! - 1,
      [X]: was[X]! + 1,
      [XP]: was[XP]! + 1,
    });
    await app.db.transaction(async (tx) => applyDifference(tx, inX, inW));
    expect(await totals()).toEqual(was);
    expect(await checkRollups(app.db)).toEqual([]);
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
    expect(i.smartphone).toMatchObject({ value: 2, denominator: 3 });
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
        cohort: 0,
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
    expect(() => parsePopulationCsv('unit_code,year,group,count\n01,2026,adults,-3\n')).toThrow(/dòng 2/);
    expect(() => parsePopulationCsv('unit_code,year,group,count\n01,"2026,adults\n')).toThrow(/CSV/);
  });
});
