import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, lte, or, sql, type SQL } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { AuditAction, AuditEvent } from '@hvs/contracts';
import type { Db, Tx } from '../db/client.ts';
import { adminUnit, appUser, auditEvent, roleGrant } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';

type UserActor = { userId: string; roles: string[] };

/** Who acted and from where: filled in by the route from the request. */
export type AuditContext = { actorId: string | null; ip: string | null };

export type AuditEntry = {
  action: AuditAction;
  /** the commune, province or null (national) the act concerns */
  unitCode: string | null;
  targetId?: string | null;
  detail?: Record<string, unknown>;
  /** leave out the actor's login (the account deleting itself: its login is personal data that goes) */
  withoutLogin?: boolean;
};

/**
 * Writes one row of the append-only audit log, inside the caller's transaction so that the act and
 * its record commit together. The actor's login is copied: the row still says who after a deletion.
 */
export async function audit(q: Db | Tx, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await q.execute(sql`
    insert into ${auditEvent} (id, actor_id, actor_login, action, unit_code, province_code, target_id, detail, ip)
    values (
      ${randomUUID()}, ${ctx.actorId},
      ${entry.withoutLogin ? null : sql`(select login from ${appUser} where id = ${ctx.actorId})`},
      ${entry.action}, ${entry.unitCode},
      (select case when parent_code is null then code else parent_code end from ${adminUnit} where code = ${entry.unitCode}),
      ${entry.targetId ?? null}, ${JSON.stringify(entry.detail ?? {})}::jsonb, ${ctx.ip})`);
}

/** The audit log for administrators (everything) and officials (their province or commune). */
export class AuditService {
  constructor(private readonly db: Db) {}

  private async scopeFilter(actor: UserActor, unit: string | undefined): Promise<SQL | undefined> {
    // Scope first: administrators see every row; an official their unit (a province: its communes too).
    const grants = await this.db
      .select({ role: roleGrant.role, scope: roleGrant.scopeUnitCode })
      .from(roleGrant)
      .where(eq(roleGrant.userId, actor.userId));
    const national = grants.some((g) => g.role === 'admin' || (g.role === 'official' && g.scope === null));
    const officialScopes = grants.filter((g) => g.role === 'official' && g.scope).map((g) => g.scope!);
    if (!national && officialScopes.length === 0)
      throw new AppError(403, 'forbidden', 'The audit log is for administrators and officials');
    const byUnit = (code: string) =>
      code.length === 2 ? eq(auditEvent.provinceCode, code) : eq(auditEvent.unitCode, code);
    if (unit) {
      const allowed = national || officialScopes.includes(unit);
      const inProvince =
        !allowed && unit.length === 5
          ? (
              await this.db
                .select({ parent: adminUnit.parentCode })
                .from(adminUnit)
                .where(eq(adminUnit.code, unit))
                .limit(1)
            )[0]?.parent
          : null;
      if (!allowed && !(inProvince && officialScopes.includes(inProvince)))
        throw new AppError(403, 'forbidden', `Unit ${unit} is outside your scope`);
      return byUnit(unit);
    }
    if (national) return undefined;
    return or(...officialScopes.map(byUnit));
  }

  async list(
    actor: UserActor,
    query: {
      unit?: string | undefined;
      action?: AuditAction | undefined;
      from?: string | undefined;
      to?: string | undefined;
      limit: number;
    },
  ): Promise<AuditEvent[]> {
    const scope = await this.scopeFilter(actor, query.unit);
    const rows = await this.db
      .select()
      .from(auditEvent)
      .where(
        and(
          scope,
          query.action ? eq(auditEvent.action, query.action) : undefined,
          query.from ? gte(auditEvent.at, new Date(query.from)) : undefined,
          query.to ? lte(auditEvent.at, new Date(query.to)) : undefined,
        ),
      )
      .orderBy(desc(auditEvent.at), desc(auditEvent.id))
      .limit(query.limit);
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorLogin: r.actorLogin,
      action: r.action,
      unitCode: r.unitCode,
      targetId: r.targetId,
      detail: (r.detail ?? {}) as Record<string, unknown>,
      ip: r.ip,
    }));
  }

  /** The same rows as CSV (UTF-8 with BOM for Excel), never with formulas. */
  async csv(actor: UserActor, query: Parameters<AuditService['list']>[1]): Promise<string> {
    const events = await this.list(actor, query);
    const rows = [
      ['at', 'actor_login', 'actor_id', 'action', 'unit_code', 'target_id', 'detail', 'ip'],
      ...events.map((e) => [
        e.at,
        e.actorLogin ?? '',
        e.actorId ?? '',
        e.action,
        e.unitCode ?? '',
        e.targetId ?? '',
        JSON.stringify(e.detail),
        e.ip ?? '',
      ]),
    ];
    return '\ufeff' + stringify(rows, { escape_formulas: true });
  }
}
