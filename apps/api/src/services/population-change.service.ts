import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { PopulationEntry } from '@hvs/contracts';
import type { Db, Tx } from '../db/client.ts';
import { adminUnit, population, populationChange, roleGrant } from '../db/schema/index.ts';
import { localYear } from '../domain/indicators.ts';
import { checkPopulationEntries, parsePopulationFile, PopulationInputError } from '../domain/population-input.ts';
import { AppError } from '../errors.ts';
import { audit, type AuditContext } from './audit.service.ts';
import { refreshPopulationRollup } from './indicator-population.ts';
import { NATION } from './indicator-rollup.ts';

type UserActor = { userId: string };
type Unit = { code: string; parentCode: string | null };

/**
 * Denominators with a second pair of eyes. A commune official's figures for their own commune wait
 * for the province (a commune that sets its own adult population can reach 100% in one request);
 * a province official's figures (for the province or its communes), a national official's, and an
 * import by either take effect at once. Every figure keeps who entered it, when, the old and the
 * new count (`population_change`), and each submission or decision is one audit row.
 */
export class PopulationChangeService {
  constructor(private readonly db: Db) {}

  private async officialScopes(actor: UserActor): Promise<(string | null)[]> {
    const rows = await this.db
      .select({ scope: roleGrant.scopeUnitCode })
      .from(roleGrant)
      .where(and(eq(roleGrant.userId, actor.userId), eq(roleGrant.role, 'official')));
    if (rows.length === 0) throw new AppError(403, 'forbidden', 'No official role for any unit');
    return rows.map((r) => r.scope);
  }

  private async units(codes: string[]): Promise<Map<string, Unit>> {
    const wanted = [...new Set(codes)].filter((c) => c !== NATION);
    const rows = wanted.length
      ? await this.db
          .select({ code: adminUnit.code, parentCode: adminUnit.parentCode })
          .from(adminUnit)
          .where(inArray(adminUnit.code, wanted))
      : [];
    const map = new Map(rows.map((r) => [r.code, r]));
    map.set(NATION, { code: NATION, parentCode: null });
    return map;
  }

  /** PUT /population: checks every entry first; nothing changes unless all are valid and in scope. */
  async save(actor: UserActor, raw: PopulationEntry[], ctx: AuditContext, now = new Date()) {
    const { entries, problems } = checkPopulationEntries(
      raw.map((e, i) => ({ line: i + 1, ...e })),
      localYear(now) + 1,
    );
    if (problems.length) throw new PopulationInputError(problems);
    return this.submit(actor, entries, 'entered', ctx);
  }

  /** POST /population/import: the file is checked as a whole, every bad row reported. */
  async import(actor: UserActor, csv: string, ctx: AuditContext, now = new Date()) {
    return this.submit(actor, parsePopulationFile(csv, localYear(now) + 1), 'imported', ctx);
  }

  private async submit(
    actor: UserActor,
    entries: PopulationEntry[],
    source: 'entered' | 'imported',
    ctx: AuditContext,
  ) {
    const scopes = await this.officialScopes(actor);
    const units = await this.units(entries.map((e) => e.unitCode));
    const direct: PopulationEntry[] = [];
    const pending: PopulationEntry[] = [];
    for (const e of entries) {
      const unit = units.get(e.unitCode);
      if (!unit) throw new AppError(404, 'unknown_unit', `No unit ${e.unitCode}`);
      // From above (the nation, or the province for itself and its communes): at once.
      const fromAbove =
        scopes.includes(null) ||
        (unit.parentCode !== null && scopes.includes(unit.parentCode)) ||
        (unit.code.length === 2 && scopes.includes(unit.code));
      if (fromAbove) direct.push(e);
      else if (scopes.includes(unit.code)) pending.push(e);
      else throw new AppError(403, 'forbidden', `Unit ${e.unitCode} is outside your scope`);
    }
    const unitOfBatch = commonUnit(entries.map((e) => units.get(e.unitCode)!));
    await this.db.transaction(async (tx) => {
      const old = await currentCounts(tx, entries);
      if (direct.length) {
        await applyFigures(tx, direct, actor.userId);
        await tx.insert(populationChange).values(
          direct.map((e) => ({
            id: randomUUID(),
            ...e,
            oldCount: old.get(key(e)) ?? null,
            newCount: e.count,
            source,
            status: 'applied' as const,
            proposedBy: actor.userId,
            decidedBy: actor.userId,
            decidedAt: new Date(),
          })),
        );
        await audit(tx, ctx, {
          action: 'population.applied',
          unitCode: unitOfBatch,
          detail: { source, figures: direct.length, changes: summary(direct, old) },
        });
      }
      if (pending.length) {
        // A newer proposal for the same figure replaces the one still waiting.
        for (const e of pending)
          await tx
            .update(populationChange)
            .set({ status: 'withdrawn', decidedBy: actor.userId, decidedAt: new Date() })
            .where(
              and(
                eq(populationChange.unitCode, e.unitCode),
                eq(populationChange.year, e.year),
                eq(populationChange.group, e.group),
                eq(populationChange.status, 'pending'),
              ),
            );
        await tx.insert(populationChange).values(
          pending.map((e) => ({
            id: randomUUID(),
            ...e,
            oldCount: old.get(key(e)) ?? null,
            newCount: e.count,
            source,
            status: 'pending' as const,
            proposedBy: actor.userId,
          })),
        );
        await audit(tx, ctx, {
          action: 'population.proposed',
          unitCode: unitOfBatch,
          detail: { source, figures: pending.length, changes: summary(pending, old) },
        });
      }
    });
    return { saved: direct.length, pending: pending.length };
  }

  /** Changes waiting for (or decided by) the province: for the official's unit and the units below. */
  async list(actor: UserActor, query: { unit?: string | undefined; status?: string | undefined }) {
    const scopes = await this.officialScopes(actor);
    const national = scopes.includes(null);
    const own = scopes.filter((s): s is string => s !== null);
    if (query.unit && !national) {
      const unit = (await this.units([query.unit])).get(query.unit);
      if (!unit || !(own.includes(unit.code) || (unit.parentCode && own.includes(unit.parentCode))))
        throw new AppError(403, 'forbidden', `Unit ${query.unit} is outside your scope`);
    }
    const rows = await this.db
      .select({
        change: populationChange,
        unitName: adminUnit.name,
        parentCode: adminUnit.parentCode,
        proposedByLogin: sql<string | null>`(select login from app_user where id = ${populationChange.proposedBy})`,
        decidedByLogin: sql<string | null>`(select login from app_user where id = ${populationChange.decidedBy})`,
      })
      .from(populationChange)
      .leftJoin(adminUnit, eq(adminUnit.code, populationChange.unitCode))
      .where(
        and(
          query.status ? eq(populationChange.status, query.status as 'pending') : undefined,
          query.unit
            ? sql`(${populationChange.unitCode} = ${query.unit} or ${adminUnit.parentCode} = ${query.unit})`
            : national
              ? undefined
              : sql`(${populationChange.unitCode} in ${own} or ${adminUnit.parentCode} in ${own})`,
        ),
      )
      .orderBy(desc(populationChange.proposedAt))
      .limit(500);
    return rows.map((r) => ({
      id: r.change.id,
      unitCode: r.change.unitCode,
      unitName: r.unitName ?? r.change.unitCode,
      year: r.change.year,
      group: r.change.group,
      oldCount: r.change.oldCount,
      newCount: r.change.newCount,
      source: r.change.source,
      status: r.change.status,
      proposedBy: r.proposedByLogin,
      proposedAt: r.change.proposedAt.toISOString(),
      decidedBy: r.decidedByLogin,
      decidedAt: r.change.decidedAt?.toISOString() ?? null,
    }));
  }

  /** The province (or the nation) approves or rejects a commune's figure; approval applies it. */
  async decide(actor: UserActor, id: string, decision: 'approved' | 'rejected', ctx: AuditContext) {
    const scopes = await this.officialScopes(actor);
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ change: populationChange, parentCode: adminUnit.parentCode })
        .from(populationChange)
        .leftJoin(adminUnit, eq(adminUnit.code, populationChange.unitCode))
        .where(eq(populationChange.id, id))
        .for('update', { of: populationChange })
        .limit(1);
      const maySee =
        row &&
        (scopes.includes(null) ||
          scopes.includes(row.change.unitCode) ||
          (row.parentCode !== null && scopes.includes(row.parentCode)));
      if (!row || !maySee) throw new AppError(404, 'population_change_not_found', `No population change ${id}`);
      const mayDecide = scopes.includes(null) || (row.parentCode !== null && scopes.includes(row.parentCode));
      if (!mayDecide) throw new AppError(403, 'forbidden', 'The province approves the figures of its communes');
      if (row.change.status !== 'pending')
        throw new AppError(409, 'population_change_not_found', `This change is already ${row.change.status}`);
      const c = row.change;
      const entry = {
        unitCode: c.unitCode,
        year: c.year,
        group: c.group as PopulationEntry['group'],
        count: c.newCount,
      };
      const old = await currentCounts(tx, [entry]);
      if (decision === 'approved') await applyFigures(tx, [entry], c.proposedBy);
      await tx
        .update(populationChange)
        .set({
          status: decision,
          decidedBy: actor.userId,
          decidedAt: new Date(),
          oldCount: old.get(key(entry)) ?? null,
        })
        .where(eq(populationChange.id, id));
      await audit(tx, ctx, {
        action: decision === 'approved' ? 'population.approved' : 'population.rejected',
        unitCode: c.unitCode,
        targetId: c.id,
        detail: { year: c.year, group: c.group, old: old.get(key(entry)) ?? null, new: c.newCount },
      });
      return { id, status: decision };
    });
  }
}

const key = (e: { unitCode: string; year: number; group: string }) => `${e.unitCode}|${e.year}|${e.group}`;

async function currentCounts(tx: Tx, entries: PopulationEntry[]): Promise<Map<string, number>> {
  const codes = [...new Set(entries.map((e) => e.unitCode))];
  if (codes.length === 0) return new Map();
  const rows = await tx
    .select({ unitCode: population.unitCode, year: population.year, group: population.group, count: population.count })
    .from(population)
    .where(inArray(population.unitCode, codes));
  return new Map(rows.map((r) => [key(r), r.count]));
}

async function applyFigures(tx: Tx, entries: PopulationEntry[], enteredBy: string | null) {
  for (let i = 0; i < entries.length; i += 500) {
    const rows = entries
      .slice(i, i + 500)
      .map((e) => sql`(${e.unitCode}, ${e.year}, ${e.group}, ${e.count}, ${enteredBy}::uuid, now())`);
    await tx.execute(sql`
      insert into population (unit_code, year, "group", count, entered_by, entered_at) values ${sql.join(rows, sql`, `)}
      on conflict (unit_code, "group", year) do update set count = excluded.count, entered_by = excluded.entered_by, entered_at = now()`);
  }
  await refreshPopulationRollup(
    tx,
    entries.map((e) => e.unitCode),
  );
}

/** The unit a batch concerns, for the audit row: the one unit, else their common province. */
function commonUnit(units: Unit[]): string | null {
  const codes = new Set(units.map((u) => u.code));
  if (codes.size === 1) return [...codes][0]!;
  const provinces = new Set(units.map((u) => u.parentCode ?? u.code));
  return provinces.size === 1 ? [...provinces][0]! : null;
}

/** At most 50 changes in the audit row's detail (an import of 3,000 communes is one row, not 3,000). */
const summary = (entries: PopulationEntry[], old: Map<string, number>) =>
  entries
    .slice(0, 50)
    .map((e) => ({ unit: e.unitCode, year: e.year, group: e.group, old: old.get(key(e)) ?? null, new: e.count }));
