import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { hash, verify } from '@node-rs/argon2';
import type { Db, Tx } from '../db/client.ts';
import { accountSecurity, adminUnit, appUser, refreshToken, roleGrant } from '../db/schema/index.ts';
import { cardPassword } from '../domain/class-codes.ts';
import { normalizeLogin } from '../domain/login.ts';
import { assertPasswordAcceptable } from '../domain/password-policy.ts';
import { AppError } from '../errors.ts';
import { audit, type AuditContext } from './audit.service.ts';
import type { AuthService, Session } from './auth.service.ts';

type UserActor = { userId: string; roles: string[] };
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// No 0/O, 1/I/L: a code copied by hand onto paper must read back the same.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** "Mã khôi phục": 16 characters (31^16 ≈ 2^79), in four groups of four for writing down. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
const codeHash = (code: string) => createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest();

/**
 * Ends every session of an account: its refresh tokens are revoked, and access tokens issued before
 * now (to the second: a JWT's `iat`) are refused by the access check.
 */
export async function endSessions(tx: Db | Tx, userId: string, now = new Date()): Promise<void> {
  await tx
    .update(refreshToken)
    .set({ revokedAt: sql`coalesce(${refreshToken.revokedAt}, ${now})` })
    .where(eq(refreshToken.userId, userId));
  await tx
    .insert(accountSecurity)
    .values({ userId, sessionsEndedAt: now })
    .onConflictDoUpdate({ target: accountSecurity.userId, set: { sessionsEndedAt: now } });
}

/** Passwords: change (knowing the old one), recovery with the written-down code, resets for others. */
export class PasswordService {
  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
  ) {}

  /** A new one-time recovery code; the old one stops working. Returned once, stored as a hash. */
  async issueRecoveryCode(userId: string, q: Db | Tx = this.db): Promise<string> {
    const code = newRecoveryCode();
    const hex = codeHash(code).toString('hex');
    await q
      .insert(accountSecurity)
      .values({ userId, recoveryCodeHash: hex })
      .onConflictDoUpdate({ target: accountSecurity.userId, set: { recoveryCodeHash: hex } });
    return code;
  }

  /** A signed-in user asks for a new recovery code (lost the paper); needs the password. */
  async renewRecoveryCode(actor: UserActor, password: string, ctx: AuditContext): Promise<string> {
    await this.auth.verifyPassword(actor.userId, password);
    return this.db.transaction(async (tx) => {
      const code = await this.issueRecoveryCode(actor.userId, tx);
      await audit(tx, ctx, {
        action: 'recovery_code.renewed',
        unitCode: await communeOf(tx, actor.userId),
        targetId: actor.userId,
      });
      return code;
    });
  }

  /** Changes the caller's password; every other session ends, this device gets a new one. */
  async change(actor: UserActor, current: string, next: string, ctx: AuditContext): Promise<Session> {
    const [user] = await this.db
      .select({
        login: appUser.login,
        displayName: appUser.displayName,
        passwordHash: appUser.passwordHash,
        commune: appUser.communeCode,
      })
      .from(appUser)
      .where(eq(appUser.id, actor.userId))
      .limit(1);
    if (!user) throw new AppError(401, 'unauthenticated', 'The account no longer exists');
    const ok = await verify(user.passwordHash, current).catch(() => false);
    if (!ok) throw new AppError(401, 'invalid_credentials', 'Mật khẩu hiện tại không đúng.');
    assertPasswordAcceptable(next, user);
    const passwordHash = await hash(next, ARGON2);
    await this.db.transaction(async (tx) => {
      await tx.update(appUser).set({ passwordHash }).where(eq(appUser.id, actor.userId));
      await endSessions(tx, actor.userId);
      await markChanged(tx, actor.userId);
      await audit(tx, ctx, { action: 'password.changed', unitCode: user.commune, targetId: actor.userId });
    });
    return this.auth.startSession(actor.userId, await this.auth.roles(actor.userId));
  }

  /**
   * Sets a new password with the recovery code written down at sign-up. The code is spent: a new
   * one is returned to write down. Same answer for an unknown login and a wrong code.
   */
  async recover(
    rawLogin: string,
    code: string,
    next: string,
    ip: string | null,
  ): Promise<{ session: Session; recoveryCode: string }> {
    const login = normalizeLogin(rawLogin);
    const [row] = login
      ? await this.db
          .select({
            id: appUser.id,
            login: appUser.login,
            displayName: appUser.displayName,
            commune: appUser.communeCode,
            stored: accountSecurity.recoveryCodeHash,
          })
          .from(appUser)
          .leftJoin(accountSecurity, eq(accountSecurity.userId, appUser.id))
          .where(eq(appUser.login, login.value))
          .limit(1)
      : [];
    const given = codeHash(code);
    const stored = row?.stored ? Buffer.from(row.stored, 'hex') : Buffer.alloc(32);
    if (!row?.stored || !timingSafeEqual(given, stored))
      throw new AppError(401, 'recovery_code_invalid', 'Tên đăng nhập hoặc mã khôi phục không đúng.');
    assertPasswordAcceptable(next, row);
    const passwordHash = await hash(next, ARGON2);
    const recoveryCode = await this.db.transaction(async (tx) => {
      // Spent only if still the same code: two parallel uses of one code cannot both succeed.
      const spent = await tx
        .update(accountSecurity)
        .set({ recoveryCodeHash: null })
        .where(and(eq(accountSecurity.userId, row.id), eq(accountSecurity.recoveryCodeHash, row.stored!)))
        .returning({ id: accountSecurity.userId });
      if (spent.length === 0)
        throw new AppError(401, 'recovery_code_invalid', 'Tên đăng nhập hoặc mã khôi phục không đúng.');
      await tx.update(appUser).set({ passwordHash }).where(eq(appUser.id, row.id));
      await endSessions(tx, row.id);
      await markChanged(tx, row.id);
      const fresh = await this.issueRecoveryCode(row.id, tx);
      await audit(
        tx,
        { actorId: row.id, ip },
        { action: 'password.recovered', unitCode: row.commune, targetId: row.id },
      );
      return fresh;
    });
    return { session: await this.auth.startSession(row.id, await this.auth.roles(row.id)), recoveryCode };
  }

  /**
   * A new password set for someone else, who then gets it on a new card or in person:
   * - the teacher or ambassador who created the account (a pupil lost the card);
   * - in person, a commune official or an ambassador whose unit covers the account's commune, or a
   *   province official for the communes of the province;
   * - an administrator.
   * An account that holds a role (a teacher, an official) is reset by an administrator only: a
   * commune official must not be able to take over the account of the person who oversees them.
   */
  async resetFor(
    actor: UserActor,
    target: { userId?: string | undefined; login?: string | undefined },
    ctx: AuditContext,
  ) {
    const login = target.login ? normalizeLogin(target.login) : null;
    if (target.login && !login) throw new AppError(404, 'user_not_found', `No account ${target.login}`);
    const [user] = await this.db
      .select({
        id: appUser.id,
        login: appUser.login,
        displayName: appUser.displayName,
        commune: appUser.communeCode,
        createdBy: appUser.createdBy,
        province: adminUnit.parentCode,
      })
      .from(appUser)
      .innerJoin(adminUnit, eq(adminUnit.code, appUser.communeCode))
      .where(target.userId ? eq(appUser.id, target.userId) : eq(appUser.login, login!.value))
      .limit(1);
    if (!user) throw new AppError(404, 'user_not_found', 'No such account');
    const grants = await this.db
      .select({ userId: roleGrant.userId, role: roleGrant.role, scope: roleGrant.scopeUnitCode })
      .from(roleGrant)
      .where(sql`${roleGrant.userId} in (${actor.userId}, ${user.id})`);
    const mine = grants.filter((g) => g.userId === actor.userId);
    const targetHasRole = grants.some((g) => g.userId === user.id);
    const isAdmin = mine.some((g) => g.role === 'admin');
    const covers = (scope: string | null) => scope === null || scope === user.commune || scope === user.province;
    let by: 'admin' | 'creator' | 'official' | 'ambassador' | null = null;
    if (isAdmin) by = 'admin';
    else if (targetHasRole || user.id === actor.userId) by = null;
    else if (user.createdBy === actor.userId && mine.some((g) => g.role === 'teacher' || g.role === 'ambassador'))
      by = 'creator';
    else if (mine.some((g) => g.role === 'official' && covers(g.scope))) by = 'official';
    else if (mine.some((g) => g.role === 'ambassador' && g.scope !== null && covers(g.scope))) by = 'ambassador';
    if (!by)
      throw new AppError(
        403,
        'reset_not_allowed',
        targetHasRole
          ? 'Tài khoản có vai trò (giáo viên, cán bộ…) chỉ quản trị viên được đặt lại mật khẩu.'
          : 'Bạn chỉ đặt lại được mật khẩu của tài khoản do mình tạo hoặc của người dân trong địa bàn mình phụ trách.',
      );
    const password = cardPassword();
    const passwordHash = await hash(password, ARGON2);
    await this.db.transaction(async (tx) => {
      await tx.update(appUser).set({ passwordHash }).where(eq(appUser.id, user.id));
      await endSessions(tx, user.id);
      await markChanged(tx, user.id);
      await audit(tx, ctx, {
        action: 'password.reset',
        unitCode: user.commune,
        targetId: user.id,
        detail: { by, login: user.login },
      });
    });
    // Two pupils with the same name: the card must carry the login, or they swap accounts.
    const sameName = user.createdBy
      ? await this.db
          .select({ userId: appUser.id, login: appUser.login })
          .from(appUser)
          .where(
            and(
              eq(appUser.createdBy, user.createdBy),
              ne(appUser.id, user.id),
              sql`lower(${appUser.displayName}) = lower(${user.displayName})`,
            ),
          )
      : [];
    return { userId: user.id, login: user.login, displayName: user.displayName, password, sameName };
  }
}

async function markChanged(tx: Db | Tx, userId: string) {
  await tx
    .insert(accountSecurity)
    .values({ userId, passwordChangedAt: new Date() })
    .onConflictDoUpdate({ target: accountSecurity.userId, set: { passwordChangedAt: new Date() } });
}

async function communeOf(q: Db | Tx, userId: string): Promise<string | null> {
  const [row] = await q.select({ c: appUser.communeCode }).from(appUser).where(eq(appUser.id, userId)).limit(1);
  return row?.c ?? null;
}
