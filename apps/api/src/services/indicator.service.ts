import { sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { PopulationEntrySchema, type IndicatorReport, type PopulationEntry } from '@hvs/contracts';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import {
  INDICATORS,
  TREND_WEEKS,
  cumulativeTrend,
  lastWeeks,
  resolveTargets,
  shapeIndicators,
  suppress,
  suppressCount,
  type IndicatorValue,
  type Metric,
  type PopulationGroup,
  type Target,
} from '../domain/indicators.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../plugins/learner.ts';
import { NATION } from './indicator-rollup.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;
type Unit = {
  code: string;
  name: string;
  level: 'nation' | 'province' | 'commune';
  parentCode: string | null;
  parentName: string | null;
};
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
const NATION_NAME = 'Cả nước';

/**
 * The indicator dashboards: reads only roll-ups, population figures and targets (never attempts or
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

  private async unit(code: string): Promise<Unit> {
    if (code === NATION)
      return { code: NATION, name: NATION_NAME, level: 'nation', parentCode: null, parentName: null };
    const [row] = rowsOf<{
      code: string;
      name: string;
      kind: string;
      parent_code: string | null;
      parent_name: string | null;
    }>(
      await this.db.execute(sql`
        select a.code, a.name, a.kind, a.parent_code, p.name as parent_name
        from admin_unit a left join admin_unit p on p.code = a.parent_code where a.code = ${code}`),
    );
    if (!row) throw new AppError(404, 'unknown_unit', `No unit ${code}`);
    return {
      code: row.code,
      name: row.name,
      level: row.parent_code ? 'commune' : 'province',
      parentCode: row.parent_code ?? NATION,
      parentName: row.parent_name ?? NATION_NAME,
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
    const children = rowsOf<{ code: string; name: string }>(
      unit.level === 'nation'
        ? await this.db.execute(sql`select code, name from admin_unit where parent_code is null order by code`)
        : unit.level === 'province'
          ? await this.db.execute(sql`select code, name from admin_unit where parent_code = ${unit.code} order by code`)
          : { rows: [] },
    );
    const codes = [unit.code, ...children.map((c) => c.code)];
    const codeList = sql.join(
      codes.map((c) => sql`${c}`),
      sql`, `,
    );
    const weeks = lastWeeks(now, TREND_WEEKS);
    const chain =
      unit.level === 'commune'
        ? [unit.code, unit.parentCode, null]
        : unit.level === 'province'
          ? [unit.code, null]
          : [null];
    const chainCodes = chain.filter((c): c is string => c !== null);
    const [totalRows, popRows, targetRows, weekRows] = await Promise.all([
      this.db.execute(sql`select unit_code, metric, n from indicator_total where unit_code in (${codeList})`),
      this.db.execute(sql`
        select distinct on (unit_code, "group") unit_code, "group", count from population
        where unit_code in (${codeList}) order by unit_code, "group", year desc`),
      this.db.execute(sql`
        select unit_code, year, indicator, percent::float8 as percent, plan from plan_target
        where unit_code is null ${
          chainCodes.length
            ? sql`or unit_code in (${sql.join(
                chainCodes.map((c) => sql`${c}`),
                sql`, `,
              )})`
            : sql``
        }`),
      this.db.execute(sql`
        select metric, to_char(week, 'YYYY-MM-DD') as week, n from indicator_week where unit_code = ${unit.code} and week >= ${weeks[0]}::date`),
    ]);

    const totals = new Map<string, Partial<Record<Metric, number>>>();
    for (const r of rowsOf<{ unit_code: string; metric: Metric; n: number }>(totalRows)) {
      const t = totals.get(r.unit_code) ?? {};
      t[r.metric] = Number(r.n);
      totals.set(r.unit_code, t);
    }
    const population = new Map<string, Partial<Record<PopulationGroup, number>>>();
    for (const r of rowsOf<{ unit_code: string; group: PopulationGroup; count: number }>(popRows)) {
      const p = population.get(r.unit_code) ?? {};
      p[r.group] = Number(r.count);
      population.set(r.unit_code, p);
    }
    // No figure of its own: the sum of the units below, if every one of them has it.
    const own = { ...(population.get(unit.code) ?? {}) };
    if (children.length > 0) {
      for (const def of INDICATORS) {
        if (def.denominator.kind !== 'population' || own[def.denominator.group] !== undefined) continue;
        const group = def.denominator.group;
        const figures = children.map((c) => population.get(c.code)?.[group]);
        if (figures.every((f) => f !== undefined)) own[group] = figures.reduce<number>((a, b) => a + (b ?? 0), 0);
      }
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
    let indicators: IndicatorValue[] = shapeIndicators(totals.get(unit.code) ?? {}, own, targets);

    const changes = new Map<Metric, Map<string, number>>();
    for (const r of rowsOf<{ metric: Metric; week: string; n: number }>(weekRows)) {
      const m = changes.get(r.metric) ?? new Map<string, number>();
      m.set(r.week, Number(r.n));
      changes.set(r.metric, m);
    }
    const unitTotals = totals.get(unit.code) ?? {};
    const series = INDICATORS.map((def) => {
      const values: (number | null)[] = cumulativeTrend(
        unitTotals[def.metric] ?? 0,
        changes.get(def.metric) ?? new Map(),
        weeks,
      ).map((p) => p.value);
      return { id: def.id, values: isPublic ? values.map((v) => (v === null ? null : suppressCount(v))) : values };
    });

    let ranked = children.map((c) => {
      let values = shapeIndicators(totals.get(c.code) ?? {}, population.get(c.code) ?? {}, {});
      if (isPublic) values = suppress(values);
      return {
        code: c.code,
        name: c.name,
        indicators: values.map(({ id, value, suppressed, denominator, percent }) => ({
          id,
          value,
          suppressed,
          denominator,
          percent,
        })),
      };
    });
    const adults = (r: (typeof ranked)[number]) => r.indicators[0]!;
    ranked = ranked.sort(
      (a, b) =>
        (adults(b).percent ?? -1) - (adults(a).percent ?? -1) ||
        (adults(b).value ?? -1) - (adults(a).value ?? -1) ||
        a.code.localeCompare(b.code),
    );
    if (isPublic) indicators = suppress(indicators);
    return {
      unit,
      public: isPublic,
      generatedAt: now.toISOString(),
      indicators,
      trend: { weeks, series },
      children: ranked.map((r, i) => ({ ...r, rank: i + 1 })),
    };
  }

  /** One table of a report as CSV, UTF-8 with a BOM so that Excel reads the Vietnamese right. */
  toCsv(report: IndicatorReport, table: 'indicators' | 'trend' | 'ranking'): string {
    const n = (v: number | null) => (v === null ? '' : v);
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
          'percent',
          'target_2025',
          'target_2026',
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
          n(i.percent),
          n(i.targets.find((t) => t.year === 2025)?.percent ?? null),
          n(i.targets.find((t) => t.year === 2026)?.percent ?? null),
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

  private async checkEntries(actor: UserActor, unitCodes: string[]): Promise<void> {
    const scopes = await this.scopes(actor);
    for (const code of new Set(unitCodes)) {
      const unit = await this.unit(code);
      if (!this.covers(scopes, unit)) throw new AppError(403, 'forbidden', `Unit ${code} is outside your scope`);
    }
  }

  async savePopulation(actor: UserActor, entries: PopulationEntry[]): Promise<{ saved: number }> {
    await this.checkEntries(
      actor,
      entries.map((e) => e.unitCode),
    );
    await this.db.transaction(async (tx) => {
      for (const e of entries) {
        await tx.execute(sql`
          insert into population (unit_code, year, "group", count, entered_by, entered_at)
          values (${e.unitCode}, ${e.year}, ${e.group}, ${e.count}, ${actor.userId}, now())
          on conflict (unit_code, "group", year) do update set count = excluded.count, entered_by = excluded.entered_by, entered_at = now()`);
      }
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
      entries: rows.map((r) => ({
        unitCode: r.unit_code,
        unitName: r.unit_name,
        year: Number(r.year),
        group: r.group,
        count: Number(r.count),
      })),
    };
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
    await this.checkEntries(
      actor,
      entries.flatMap((e) => (e.unitCode ? [e.unitCode] : [])),
    );
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
