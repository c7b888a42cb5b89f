import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../db/client.ts';
import { adminUnit, appUser, refreshToken, roleGrant, type Role, type StudentLevel } from '../db/schema/index.ts';
import type { Actor } from '../domain/actor.ts';
import { normalizeHouseholdKey, normalizeLogin } from '../domain/login.ts';
import { REFRESH_TTL_SECONDS } from '../domain/session.ts';
import { AppError } from '../errors.ts';
import type { LearnerMerge } from './learner-merge.ts';
import { rollupSignedUp } from './indicator-rollup.ts';

/**
 * A refresh token presented again this soon after its use is taken for a race, not theft: two tabs
 * (or the page and its server render) whose access token ran out at the same moment both send the
 * same refresh cookie within a second or two. Inside the grace the late one gets a fresh access
 * token but no new refresh token (the first caller has it). The cost: for these seconds a copied
 * token also gets an access token (15 minutes) without revoking the family; the shorter the window,
 * the smaller that gift, and the more often a slow phone on bad data is signed out instead. 5 s
 * covers parallel tabs on a slow connection; theft detection starts right after.
 */
export const REUSE_GRACE_MS = 5_000;
// argon2id (the package's Algorithm.Argon2id = 2, a const enum that isolated modules cannot import),
// with OWASP's minimum parameters: 19 MiB, 2 passes, 1 lane.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export type SignupInput = {
  login: string;
  password: string;
  displayName: string;
  birthYear: number;
  communeCode: string;
  publicServant: boolean;
  worker: boolean;
  studentLevel: StudentLevel | null;
  householdKey?: string | null | undefined;
  hasSmartphone?: boolean | null | undefined;
  hasEpayment?: boolean | null | undefined;
  consentVersion: string;
};

export type Session = { userId: string; roles: Role[]; refreshToken: string; refreshExpiresAt: Date };

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export class AuthService {
  // Verified against when the login does not exist, so both failures take the same time.
  private readonly decoyHash = hash('decoy password that matches nothing', ARGON2);

  constructor(
    private readonly db: Db,
    private readonly merge: LearnerMerge,
    readonly consentVersion: string,
  ) {}

  /**
   * Creates an account. Progress made as a guest on this device becomes the account's: the new user
   * takes the device's learner id, so nothing has to move.
   */
  async signup(device: Actor | null, input: SignupInput): Promise<Session> {
    // Scope: anyone may sign up; what they send is checked here.
    const login = normalizeLogin(input.login);
    if (!login)
      throw new AppError(
        400,
        'invalid_login',
        'Use a Vietnamese mobile number or a username of 3–32 letters or digits',
      );
    if (input.consentVersion !== this.consentVersion) {
      throw new AppError(
        409,
        'consent_outdated',
        `Consent ${input.consentVersion} is not the current text (${this.consentVersion})`,
      );
    }
    const [commune] = await this.db
      .select({ kind: adminUnit.kind })
      .from(adminUnit)
      .where(eq(adminUnit.code, input.communeCode))
      .limit(1);
    if (!commune || !['commune', 'ward', 'special_zone'].includes(commune.kind)) {
      throw new AppError(400, 'unknown_commune', `No commune ${input.communeCode}`);
    }
    const passwordHash = await hash(input.password, ARGON2);
    const guestId = device?.kind === 'guest' && !(await this.isUser(device.learnerId)) ? device.learnerId : null;
    const id = guestId ?? randomUUID();
    // The account and its self-reported indicators (6, 7) are written in one transaction.
    const inserted = await this.db.transaction(async (tx) => {
      const rows = await tx
        .insert(appUser)
        .values({
          id,
          login: login.value,
          passwordHash,
          displayName: input.displayName.trim(),
          birthYear: input.birthYear,
          communeCode: input.communeCode,
          householdKey: normalizeHouseholdKey(input.householdKey),
          publicServant: input.publicServant,
          worker: input.worker,
          studentLevel: input.studentLevel,
          hasSmartphone: input.hasSmartphone ?? null,
          hasEpayment: input.hasEpayment ?? null,
          consentVersion: input.consentVersion,
          consentAt: new Date(),
        })
        .onConflictDoNothing({ target: appUser.login })
        .returning({ id: appUser.id });
      if (rows.length > 0) await rollupSignedUp(tx, id);
      return rows;
    });
    if (inserted.length === 0) throw new AppError(409, 'login_taken', 'This login is already used');
    // Passing lessons as a guest may already complete the curriculum.
    await this.merge.afterSignup(id);
    return this.startSession(id, []);
  }

  /** Signs in. Guest progress on this device joins the account. Same answer for every failure. */
  async login(device: Actor | null, rawLogin: string, password: string): Promise<Session> {
    const login = normalizeLogin(rawLogin);
    const [user] = login
      ? await this.db
          .select({ id: appUser.id, passwordHash: appUser.passwordHash })
          .from(appUser)
          .where(eq(appUser.login, login.value))
          .limit(1)
      : [];
    const ok = await verify(user?.passwordHash ?? (await this.decoyHash), password).catch(() => false);
    if (!user || !ok) throw new AppError(401, 'invalid_credentials', 'Login or password is wrong');
    if (device?.kind === 'guest' && device.learnerId !== user.id)
      await this.merge.guestIntoUser(device.learnerId, user.id);
    return this.startSession(user.id, await this.roles(user.id));
  }

  /**
   * Swaps a refresh token for the next one. A token used before (outside a short grace) means it was
   * copied: the whole family is revoked, and whoever holds any of its tokens must sign in again.
   */
  async refresh(token: string): Promise<Session | { userId: string; roles: Role[]; refreshToken: null }> {
    const now = new Date();
    const [row] = await this.db
      .select()
      .from(refreshToken)
      .where(eq(refreshToken.tokenHash, tokenHash(token)))
      .limit(1);
    if (!row || row.revokedAt || row.expiresAt <= now) throw new AppError(401, 'refresh_invalid', 'Sign in again');
    if (row.usedAt) {
      if (now.getTime() - row.usedAt.getTime() < REUSE_GRACE_MS) {
        return { userId: row.userId, roles: await this.roles(row.userId), refreshToken: null };
      }
      await this.revokeFamily(row.familyId);
      throw new AppError(401, 'refresh_reused', 'This session was used elsewhere and has been closed; sign in again');
    }
    // Only one caller can mark the token used; a parallel refresh falls into the reuse branch above.
    const marked = await this.db
      .update(refreshToken)
      .set({ usedAt: now })
      .where(and(eq(refreshToken.id, row.id), isNull(refreshToken.usedAt)))
      .returning({ id: refreshToken.id });
    if (marked.length === 0) return this.refresh(token);
    return this.issueRefresh(row.userId, row.familyId, await this.roles(row.userId));
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    const [row] = await this.db
      .select({ familyId: refreshToken.familyId })
      .from(refreshToken)
      .where(eq(refreshToken.tokenHash, tokenHash(token)))
      .limit(1);
    if (row) await this.revokeFamily(row.familyId);
  }

  /** For acts that need the password again (deleting the account). */
  async verifyPassword(userId: string, password: string): Promise<void> {
    const [user] = await this.db
      .select({ passwordHash: appUser.passwordHash })
      .from(appUser)
      .where(eq(appUser.id, userId))
      .limit(1);
    const ok = user ? await verify(user.passwordHash, password).catch(() => false) : false;
    if (!ok) throw new AppError(401, 'invalid_credentials', 'Password is wrong');
  }

  async roles(userId: string): Promise<Role[]> {
    const rows = await this.db
      .selectDistinct({ role: roleGrant.role })
      .from(roleGrant)
      .where(eq(roleGrant.userId, userId));
    return rows.map((r) => r.role).sort();
  }

  private async isUser(id: string): Promise<boolean> {
    const rows = await this.db.select({ id: appUser.id }).from(appUser).where(eq(appUser.id, id)).limit(1);
    return rows.length > 0;
  }

  private startSession(userId: string, roles: Role[]): Promise<Session> {
    return this.issueRefresh(userId, randomUUID(), roles);
  }

  private async issueRefresh(userId: string, familyId: string, roles: Role[]): Promise<Session> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + REFRESH_TTL_SECONDS * 1000);
    await this.db
      .insert(refreshToken)
      .values({ id: randomUUID(), userId, familyId, tokenHash: tokenHash(token), expiresAt });
    return { userId, roles, refreshToken: token, refreshExpiresAt: expiresAt };
  }

  private async revokeFamily(familyId: string) {
    await this.db
      .update(refreshToken)
      .set({ revokedAt: sql`coalesce(${refreshToken.revokedAt}, now())` })
      .where(eq(refreshToken.familyId, familyId));
  }
}
