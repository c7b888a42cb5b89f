import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { adminUnit, appUser, roleGrant, type Role } from '../db/schema/index.ts';
import { normalizeLogin } from '../domain/login.ts';
import { AppError, notFound } from '../errors.ts';
import type { UserActor } from '../domain/actor.ts';

/** Roles are granted by administrators; an official's and a teacher's scope is a unit or none. */
export class RoleService {
  constructor(private readonly db: Db) {}

  private assertAdmin(actor: UserActor) {
    if (!actor.roles.includes('admin')) throw new AppError(403, 'forbidden', 'Only administrators manage roles');
  }

  async list(actor: UserActor, login: string) {
    this.assertAdmin(actor);
    const user = await this.userByLogin(login);
    const grants = await this.db.select().from(roleGrant).where(eq(roleGrant.userId, user.id));
    return { userId: user.id, login: user.login, displayName: user.displayName, grants: grants.map(toDto) };
  }

  async grant(actor: UserActor, input: { login: string; role: Role; scopeUnitCode: string | null }) {
    this.assertAdmin(actor);
    const user = await this.userByLogin(input.login);
    if (input.scopeUnitCode) {
      const [unit] = await this.db
        .select({ code: adminUnit.code })
        .from(adminUnit)
        .where(eq(adminUnit.code, input.scopeUnitCode))
        .limit(1);
      if (!unit) throw new AppError(400, 'unknown_unit', `No unit ${input.scopeUnitCode}`);
    }
    const [row] = await this.db
      .insert(roleGrant)
      .values({ userId: user.id, role: input.role, scopeUnitCode: input.scopeUnitCode, grantedBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    const grant =
      row ??
      (await this.db
        .select()
        .from(roleGrant)
        .where(and(eq(roleGrant.userId, user.id), eq(roleGrant.role, input.role)))
        .then((rows) => rows.find((r) => r.scopeUnitCode === input.scopeUnitCode)));
    return toDto(grant!);
  }

  async revoke(actor: UserActor, grantId: string) {
    this.assertAdmin(actor);
    const deleted = await this.db.delete(roleGrant).where(eq(roleGrant.id, grantId)).returning({ id: roleGrant.id });
    if (deleted.length === 0) throw notFound('not_found', `No role grant ${grantId}`);
  }

  private async userByLogin(raw: string) {
    const login = normalizeLogin(raw);
    const [user] = login ? await this.db.select().from(appUser).where(eq(appUser.login, login.value)).limit(1) : [];
    if (!user) throw notFound('user_not_found', `No account ${raw}`);
    return user;
  }
}

const toDto = (g: typeof roleGrant.$inferSelect) => ({
  id: g.id,
  role: g.role,
  scopeUnitCode: g.scopeUnitCode,
  grantedAt: g.grantedAt.toISOString(),
});
