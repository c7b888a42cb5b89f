import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { PopulationEntrySchema, type IndicatorReport, type PopulationEntry } from '@hvs/contracts';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import {
  INDICATORS,
  TREND_WEEKS,
  adultCohortIn,
  cumulativeTrend,
  lastWeeks,
  localYear,
  publicTrend,
  resolveTargets,
  shapeIndicators,
  suppressionPattern,
  toPublic,
  weekCutoff,
  type Hidden,
  type IndicatorValue,
  type Metric,
  type PopulationFigure,
  type PopulationGroup,
  type Target,
} from '../domain/indicators.ts';
import { AppError } from '../errors.ts';
import type { UserActor } from '../domain/actor.ts';
import { refreshPopulationRollup } from './indicator-population.ts';
import { NATION } from './indicator-rollup.ts';

type Unit = {
  code: string;
  name: string;
  level: 'nation' | 'province' | 'commune';
  kind: string;
  parentCode: string | null;
  parentName: string | null;
};
type UnitRow = { code: string; name: string; kind: string; parent_code: string | null };
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
const NATION_NAME = 'Cả nước';
const codeList = (codes: string[]) =>
  sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  );
/** Units that read e-payment (indicator 7, asked in wards): a ward, or a level that has wards. */
const hasWards = (level: Unit['level'], kind: string) => level !== 'commune' || kind === 'ward';

/**
 * The indicator dashboards: reads only roll-ups, population roll-ups and targets (never attempts or
 * users), and checks the official's scope first: a commune official sees their commune; a province
 * official the province and its communes; a national official everything.
 */
export class IndicatorService {
  constructor(private readonly db: Db) {}

  /** The units an official's grants cover: null = the nation. */
  private async scopes(actor: UserActor): Promise<(string | null)[]> {
    const rows = rowsOf<{ scope_unit_code: string | null }>(
      await this.db.execute(
        sql`select scope_unit_code from role_grant where user_id = ${actor.userId} and role = 'official'`,
      ),
    );
    return rows.map((r) => r.scope_unit_code);
  }

  private covers(scopes: (string | null)[], unit: Unit): boolean {
    if (scopes.includes(null)) return true;
    if (unit.level === 'nation') return false;
    return (
      scopes.includes(unit.code) ||
      (unit.level === 'commune' && unit.parentCode !== null && scopes.includes(unit.parentCode))
    );
  }

  /**
   * Who sets a unit's targets: the level whose plan binds it. Provincial plans (KH of the provincial
   * People's Committee) bind the province and its communes, so a province official sets targets for
   * the province and for each of its communes; national officials for any unit and the defaults. A
   * commune official cannot change their own commune's target: it comes from the plan above them.
   */
  private maySetTarget(scopes: (string | null)[], unit: Unit): boolean {
    if (scopes.includes(null)) return true;
    if (unit.level === 'province') return scopes.includes(unit.code);
    return unit.level === 'commune' && unit.parentCode !== null && scopes.includes(unit.parentCode);
  }

  /**
   * The administrative units, read once: they change only when the seed loads a new version at start.
   * A dashboard then names the rows it reads by code, which the roll-ups' primary keys find directly.
   */
  private tree: Promise<{ byCode: Map<string, UnitRow>; below: Map<string, UnitRow[]> }> | null = null;
  private units_(): Promise<{ byCode: Map<string, UnitRow>; below: Map<string, UnitRow[]> }> {
    this.tree ??= (async () => {
      const rows = rowsOf<UnitRow>(
        await this.db.execute(sql`select code, name, kind, parent_code from admin_unit order by code`),
      );
      const below = new Map<string, UnitRow[]>();
      for (const r of rows) {
        const parent = r.parent_code ?? NATION;
        below.set(parent, [...(below.get(parent) ?? []), r]);
      }
      return { byCode: new Map(rows.map((r) => [r.code, r])), below };
    })().catch((err) => {
      this.tree = null;
      throw err;
    });
    return this.tree;
  }

  private async unit(code: string): Promise<Unit> {
    if (code === NATION)
      return { code: NATION, name: NATION_NAME, level: 'nation', kind: 'nation', parentCode: null, parentName: null };
    const { byCode } = await this.units_();
    const row = byCode.get(code);
    if (!row) throw new AppError(404, 'unknown_unit', `No unit ${code}`);
    return {
      code: row.code,
      name: row.name,
      kind: row.kind,
      level: row.parent_code ? 'commune' : 'province',
      parentCode: row.parent_code ?? NATION,
      parentName: row.parent_code ? (byCode.get(row.parent_code)?.name ?? null) : NATION_NAME,
    };
  }

  /** The unit an official may read, defaulting to the widest one they cover. */
  private async officialUnit(actor: UserActor, code: string | undefined): Promise<Unit> {
    const scopes = await this.scopes(actor);
    if (scopes.length === 0) throw new AppError(403, 'forbidden', 'No official role for any unit');
    const wanted = code ?? (scopes.includes(null) ? NATION : (scopes.find((s) => s && s.length === 2) ?? scopes[0]!));
    const unit = await this.unit(wanted);
    if (!this.covers(scopes, unit)) throw new AppError(403, 'forbidden', `Unit ${wanted} is outside your scope`);
    return unit;
  }

  async officialReport(actor: UserActor, code: string | undefined, now = new Date()): Promise<IndicatorReport> {
    return this.report(await this.officialUnit(actor, code), false, now);
  }

  async publicReport(code: string | undefined, now = new Date()): Promise<IndicatorReport> {
    return this.report(await this.unit(code ?? NATION), true, now);
  }

  private async report(unit: Unit, isPublic: boolean, now: Date): Promise<IndicatorReport> {
    const weeks = lastWeeks(now, TREND_WEEKS);
    // Adults are the cohorts born up to (year − 18): now for totals, at each week's end for the trend.
    const cNow = adultCohortIn(localYear(now));
    const cFirst = weekCutoff(weeks[0]!, now);
    const { below } = await this.units_();
    const children = unit.level === 'commune' ? [] : (below.get(unit.code) ?? []);
    // The public view hides a unit's counts by comparing it with its siblings (see suppressionPattern).
    const siblings = isPublic && unit.level !== 'nation' ? (below.get(unit.parentCode!) ?? []) : [];
    const chain =
      unit.level === 'commune'
        ? [unit.code, unit.parentCode, null]
        : unit.level === 'province'
          ? [unit.code, null]
          : [null];
    const chainCodes = chain.filter((c): c is string => c !== null);
    const others = [...new Set([...children, ...siblings].map((u) => u.code))];
    const [totalRows, ownRows, weekRows, popRows, targetRows] = await Promise.all([
      others.length
        ? this.db.execute(sql`
            select unit_code, metric, sum(n)::int as n from indicator_total
            where unit_code in (${codeList(others)}) and cohort <= ${cNow} group by 1, 2`)
        : { rows: [] },
      // cohorts adult at every week shown collapse into one key (cFirst); at most one more follows a new year
      this.db.execute(sql`
        select metric, greatest(cohort, ${cFirst})::int as cohort, sum(n)::int as n from indicator_total
        where unit_code = ${unit.code} and cohort <= ${cNow} group by 1, 2`),
      this.db.execute(sql`
        select metric, to_char(week, 'YYYY-MM-DD') as week, greatest(cohort, ${cFirst})::int as cohort, sum(n)::int as n
        from indicator_week where unit_code = ${unit.code} and week >= ${weeks[0]}::date and cohort <= ${cNow}
        group by 1, 2, 3`),
      // per unit and group: the latest year covering every commune below, else the latest year
      this.db.execute(sql`
        select distinct on (unit_code, "group") unit_code, "group", year, count, reported, communes
        from population_rollup where unit_code in (${codeList([unit.code, ...children.map((c) => c.code)])})
        order by unit_code, "group", (reported = communes) desc, year desc`),
      this.db.execute(sql`
        select unit_code, year, indicator, percent::float8 as percent, plan from plan_target
        where unit_code is null ${chainCodes.length ? sql`or unit_code in (${codeList(chainCodes)})` : sql``}`),
    ]);

    const totals = new Map<string, Partial<Record<Metric, number>>>();
    for (const r of rowsOf<{ unit_code: string; metric: Metric; n: number }>(totalRows)) {
      const t = totals.get(r.unit_code) ?? {};
      t[r.metric] = Number(r.n);
      totals.set(r.unit_code, t);
    }
    const population = new Map<string, Partial<Record<PopulationGroup, PopulationFigure>>>();
    for (const r of rowsOf<{
      unit_code: string;
      group: PopulationGroup;
      year: number;
      count: number | string;
      reported: number;
      communes: number;
    }>(popRows)) {
      const p = population.get(r.unit_code) ?? {};
      p[r.group] = {
        count: Number(r.count),
        year: Number(r.year),
        reported: Number(r.reported),
        communes: Number(r.communes),
      };
      population.set(r.unit_code, p);
    }
    const targets = resolveTargets(
      rowsOf<{ unit_code: string | null; year: number; indicator: string; percent: number; plan: string }>(
        targetRows,
      ).map((r): Target & { indicator: string } => ({
        unitCode: r.unit_code,
        year: Number(r.year),
        indicator: r.indicator,
        percent: Number(r.percent),
        plan: r.plan,
      })),
      chain,
    );

    // The unit's own totals, per cohort key (for the trend) and summed (for the figures).
    const ownByCohort = new Map<Metric, Map<number, number>>();
    const unitTotals: Partial<Record<Metric, number>> = {};
    for (const r of rowsOf<{ metric: Metric; cohort: number; n: number }>(ownRows)) {
      const m = ownByCohort.get(r.metric) ?? new Map<number, number>();
      m.set(Number(r.cohort), Number(r.n));
      ownByCohort.set(r.metric, m);
      unitTotals[r.metric] = (unitTotals[r.metric] ?? 0) + Number(r.n);
    }
    const changes = new Map<Metric, Map<number, Map<string, number>>>();
    for (const r of rowsOf<{ metric: Metric; week: string; cohort: number; n: number }>(weekRows)) {
      const byCohort = changes.get(r.metric) ?? new Map<number, Map<string, number>>();
      const m = byCohort.get(Number(r.cohort)) ?? new Map<string, number>();
      m.set(r.week, Number(r.n));
      byCohort.set(Number(r.cohort), m);
      changes.set(r.metric, byCohort);
    }

    const exact = shapeIndicators(unitTotals, population.get(unit.code) ?? {}, targets, {
      hasWards: hasWards(unit.level, unit.kind),
    });
    const childLevel = unit.level === 'nation' ? 'province' : 'commune';
    const exactChildren = children.map((c) => ({
      code: c.code,
      name: c.name,
      indicators: shapeIndicators(
        totals.get(c.code) ?? {},
        population.get(c.code) ?? {},
        {},
        {
          hasWards: hasWards(childLevel, c.kind),
        },
      ),
    }));

    let indicators: IndicatorValue[] = exact;
    let hiddenOwn: Map<string, Hidden> | null = null;
    let rankedChildren = exactChildren;
    if (isPublic) {
      // the unit's own counts: hidden when its siblings' pattern hides them (the parent page shows the same)
      const peers =
        unit.level === 'nation'
          ? [{ code: unit.code, indicators: exact }]
          : siblings.map((s) => ({
              code: s.code,
              indicators: s.code === unit.code ? exact : shapeIndicators(totals.get(s.code) ?? {}, {}, {}),
            }));
      hiddenOwn = suppressionPattern(peers).get(unit.code)!;
      indicators = exact.map((v) => toPublic(v, hiddenOwn!.get(v.id)!));
      const pattern = suppressionPattern(exactChildren);
      rankedChildren = exactChildren.map((c) => ({
        ...c,
        indicators: c.indicators.map((v) => toPublic(v, pattern.get(c.code)!.get(v.id)!)),
      }));
    }

    const series = INDICATORS.map((def) => {
      const values = cumulativeTrend(
        ownByCohort.get(def.metric) ?? new Map(),
        changes.get(def.metric) ?? new Map(),
        weeks,
        (w) => weekCutoff(w, now),
      ).map((p) => p.value);
      return { id: def.id, values: hiddenOwn ? publicTrend(values, !hiddenOwn.get(def.id)!.value) : values };
    });

    // Best first by indicator 1: percent, then count. The public ranking sorts by what it shows only,
    // else a hidden unit's place would tell its size.
    const adults = (r: (typeof rankedChildren)[number]) => r.indicators[0]!;
    const ranked = [...rankedChildren].sort(
      (a, b) =>
        (adults(b).percent ?? -1) - (adults(a).percent ?? -1) ||
        (adults(b).value ?? -1) - (adults(a).value ?? -1) ||
        a.code.localeCompare(b.code),
    );
    return {
      unit: {
        code: unit.code,
        name: unit.name,
        level: unit.level,
        kind: unit.kind,
        parentCode: unit.parentCode,
        parentName: unit.parentName,
      },
      public: isPublic,
      generatedAt: now.toISOString(),
      indicators,
      trend: { weeks, series },
      children: ranked.map((r, i) => ({
        code: r.code,
        name: r.name,
        rank: i + 1,
        indicators: r.indicators.map(({ id, value, suppressed, denominator, coverage, percent, applies }) => ({
          id,
          value,
          suppressed,
          denominator,
          coverage,
          percent,
          applies,
        })),
      })),
    };
  }

  /** One table of a report as CSV, UTF-8 with a BOM so that Excel reads the Vietnamese right. */
  toCsv(report: IndicatorReport, table: 'indicators' | 'trend' | 'ranking'): string {
    const n = (v: number | null) => (v === null ? '' : v);
    const cover = (c: { reported: number; of: number } | null) => (c ? `${c.reported}/${c.of}` : '');
    let rows: (string | number)[][];
    if (table === 'indicators') {
      rows = [
        [
          'unit_code',
          'unit_name',
          'number',
          'indicator',
          'value',
          'denominator_kind',
          'denominator',
          'denominator_year',
          'communes_reported',
          'percent',
          'target_2025',
          'target_2026',
          'applies',
          'suppressed',
        ],
        ...report.indicators.map((i) => [
          report.unit.code,
          report.unit.name,
          i.number,
          i.id,
          n(i.value),
          i.denominatorKind,
          n(i.denominator),
          n(i.denominatorYear),
          cover(i.coverage),
          n(i.percent),
          n(i.targets.find((t) => t.year === 2025)?.percent ?? null),
          n(i.targets.find((t) => t.year === 2026)?.percent ?? null),
          i.applies ? 'yes' : 'no',
          i.suppressed ? 'yes' : 'no',
        ]),
      ];
    } else if (table === 'trend') {
      rows = [
        ['week', ...report.trend.series.map((s) => s.id)],
        ...report.trend.weeks.map((w, k) => [w, ...report.trend.series.map((s) => n(s.values[k] ?? null))]),
      ];
    } else {
      const ids = INDICATORS.map((d) => d.id);
      rows = [
        ['rank', 'unit_code', 'unit_name', ...ids.flatMap((id) => [`${id}_value`, `${id}_percent`])],
        ...report.children.map((c) => [
          c.rank,
          c.code,
          c.name,
          ...c.indicators.flatMap((i) => [n(i.value), n(i.percent)]),
        ]),
      ];
    }
    return '\ufeff' + stringify(rows, { escape_formulas: true }); // unit names and plans as text, never formulas
  }

  // ---- population (denominators) ----

  private async units(codes: string[]): Promise<Unit[]> {
    return Promise.all([...new Set(codes)].map((c) => this.unit(c)));
  }

  private async checkEntries(actor: UserActor, unitCodes: string[]): Promise<void> {
    const scopes = await this.scopes(actor);
    for (const unit of await this.units(unitCodes)) {
      if (!this.covers(scopes, unit)) throw new AppError(403, 'forbidden', `Unit ${unit.code} is outside your scope`);
    }
  }

  async savePopulation(actor: UserActor, entries: PopulationEntry[], now = new Date()): Promise<{ saved: number }> {
    // A figure for a later year would win as "the latest" everywhere: a typo (2062 for 2026) is refused.
    const latest = localYear(now) + 1;
    const future = entries.find((e) => e.year > latest);
    if (future) {
      throw new AppError(
        400,
        'population_year_invalid',
        `Year ${future.year} is after ${latest} (unit ${future.unitCode})`,
      );
    }
    await this.checkEntries(
      actor,
      entries.map((e) => e.unitCode),
    );
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < entries.length; i += 500) {
        const rows = entries
          .slice(i, i + 500)
          .map((e) => sql`(${e.unitCode}, ${e.year}, ${e.group}, ${e.count}, ${actor.userId}::uuid, now())`);
        await tx.execute(sql`
          insert into population (unit_code, year, "group", count, entered_by, entered_at) values ${sql.join(rows, sql`, `)}
          on conflict (unit_code, "group", year) do update set count = excluded.count, entered_by = excluded.entered_by, entered_at = now()`);
      }
      await refreshPopulationRollup(
        tx,
        entries.map((e) => e.unitCode),
      );
    });
    return { saved: entries.length };
  }

  /** CSV with a header row: unit_code, year, group, count (any order; other columns ignored). */
  async importPopulation(actor: UserActor, csv: string): Promise<{ saved: number }> {
    return this.savePopulation(actor, parsePopulationCsv(csv));
  }

  async listPopulation(actor: UserActor, code: string | undefined) {
    const unit = await this.officialUnit(actor, code);
    const rows = rowsOf<{
      unit_code: string;
      unit_name: string;
      year: number;
      group: PopulationEntry['group'];
      count: number;
    }>(
      await this.db.execute(sql`
        select p.unit_code, coalesce(a.name, ${NATION_NAME}) as unit_name, p.year, p."group", p.count
        from population p left join admin_unit a on a.code = p.unit_code
        where p.unit_code = ${unit.code} or a.parent_code = ${unit.code} ${unit.level === 'nation' ? sql`or a.parent_code is null` : sql``}
        order by p.unit_code, p."group", p.year`),
    );
    return {
      unit: { code: unit.code, name: unit.name, level: unit.level, parentCode: unit.parentCode },
      entries: rows.map((r) => ({
        unitCode: r.unit_code,
        unitName: r.unit_name,
        year: Number(r.year),
        group: r.group,
        count: Number(r.count),
      })),
    };
  }

  /** The figures the population page lists, as CSV in the import's own columns (re-importable). */
  async populationCsv(actor: UserActor, code: string | undefined): Promise<{ unitCode: string; csv: string }> {
    const { unit, entries } = await this.listPopulation(actor, code);
    const rows = [
      ['unit_code', 'unit_name', 'year', 'group', 'count'],
      ...entries.map((e) => [e.unitCode, e.unitName, e.year, e.group, e.count]),
    ];
    return { unitCode: unit.code, csv: '\ufeff' + stringify(rows, { escape_formulas: true }) };
  }

  // ---- plan targets ----

  async saveTargets(
    actor: UserActor,
    entries: { unitCode: string | null; year: number; indicator: string; percent: number; plan: string }[],
  ): Promise<{ saved: number }> {
    const scopes = await this.scopes(actor);
    if (entries.some((e) => e.unitCode === null) && !scopes.includes(null)) {
      throw new AppError(403, 'forbidden', 'Only a national official sets the default targets');
    }
    for (const unit of await this.units(entries.flatMap((e) => (e.unitCode ? [e.unitCode] : [])))) {
      if (!this.maySetTarget(scopes, unit)) {
        throw new AppError(403, 'forbidden', `Targets of ${unit.code} are set by the province or the nation`);
      }
    }
    await this.db.transaction(async (tx) => {
      for (const e of entries) {
        await tx.execute(sql`
          insert into plan_target (unit_code, year, indicator, percent, plan, entered_by)
          values (${e.unitCode}, ${e.year}, ${e.indicator}, ${e.percent}, ${e.plan}, ${actor.userId})
          on conflict on constraint plan_target_unique do update set percent = excluded.percent, plan = excluded.plan, entered_by = excluded.entered_by`);
      }
    });
    return { saved: entries.length };
  }
}

/**
 * Parses a population CSV with csv-parse (quoted fields, BOM, CRLF, ';' from Excel in Vietnamese
 * locale are all real in files officials export). Errors name the line.
 */
export function parsePopulationCsv(csv: string): PopulationEntry[] {
  const firstLine = csv.replace(/^\ufeff/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      bom: true,
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      delimiter,
    });
  } catch (err) {
    throw new AppError(400, 'invalid_request', `CSV: ${(err as Error).message}`);
  }
  if (records.length === 0) throw new AppError(400, 'invalid_request', 'CSV: no rows');
  if (records.length > 5000) throw new AppError(400, 'invalid_request', 'CSV: at most 5000 rows');
  return records.map((r, i) => {
    const parsed = PopulationEntrySchema.safeParse({
      unitCode: r.unit_code,
      year: Number(r.year),
      group: r.group,
      count: Number(String(r.count ?? '').replace(/[.\s]/g, '')),
    });
    if (!parsed.success) {
      throw new AppError(
        400,
        'invalid_request',
        `CSV line ${i + 2}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`,
      );
    }
    return parsed.data;
  });
}
