import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { adminUnit, appUser, attempt, certification, lessonProgress, refreshToken, roleGrant } from '../db/schema/index.ts';
import { curriculumGroupOf } from '../domain/curriculum.ts';
import { toLessonProgress } from '../domain/progress.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../plugins/learner.ts';
import type { ContentStore } from './content-store.ts';
import { withRollupOfDeletion } from './indicator-rollup.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;

/** The signed-in learner's own account: profile, learning record, export and deletion. */
export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly content: ContentStore,
  ) {}

  async profile(actor: UserActor) {
    // Scope: only the caller's own row is ever read here.
    const [row] = await this.db
      .select({ user: appUser, communeName: adminUnit.name, provinceCode: adminUnit.parentCode })
      .from(appUser)
      .innerJoin(adminUnit, eq(adminUnit.code, appUser.communeCode))
      .where(eq(appUser.id, actor.userId))
      .limit(1);
    if (!row) throw new AppError(401, 'unauthenticated', 'The account no longer exists');
    const [province] = row.provinceCode
      ? await this.db.select({ name: adminUnit.name }).from(adminUnit).where(eq(adminUnit.code, row.provinceCode)).limit(1)
      : [];
    const u = row.user;
    const grants = await this.db
      .select({ role: roleGrant.role, scopeUnitCode: roleGrant.scopeUnitCode })
      .from(roleGrant)
      .where(eq(roleGrant.userId, actor.userId));
    return {
      id: u.id,
      login: u.login,
      displayName: u.displayName,
      birthYear: u.birthYear,
      commune: { code: u.communeCode, name: row.communeName, provinceName: province?.name ?? null },
      householdKey: u.householdKey,
      groups: { publicServant: u.publicServant, worker: u.worker, studentLevel: u.studentLevel },
      hasSmartphone: u.hasSmartphone,
      hasEpayment: u.hasEpayment,
      consentVersion: u.consentVersion,
      consentAt: u.consentAt.toISOString(),
      createdAt: u.createdAt.toISOString(),
      roles: grants,
    };
  }

  /** "Hồ sơ học tập": modules and lessons with progress, what remains, and the certification. */
  async record(actor: UserActor) {
    const profile = await this.profile(actor);
    const progress = await this.db.select().from(lessonProgress).where(eq(lessonProgress.learnerId, actor.userId));
    const byLesson = new Map(progress.map((p) => [p.lessonId, toLessonProgress(p)]));
    const curriculum = this.content.curriculum;
    const group = curriculumGroupOf(profile.groups);
    const core = new Set(curriculum?.groups[group]?.core ?? []);
    const [cert] = await this.db
      .select()
      .from(certification)
      .where(and(eq(certification.userId, actor.userId), curriculum ? eq(certification.curriculumVersion, curriculum.version) : undefined))
      .limit(1);
    const modules = this.content.catalog.modules.map((m) => ({
      id: m.id,
      title: m.title,
      lessons: m.lessons.map((l) => {
        const p = byLesson.get(l.id);
        return {
          id: l.id,
          title: l.title,
          core: core.has(l.id),
          attempts: p?.attempts ?? 0,
          bestScore: p?.bestScore ?? null,
          passed: p?.passed ?? false,
          firstPassedAt: p?.firstPassedAt ?? null,
        };
      }),
    }));
    const remaining = [...core].filter((id) => !byLesson.get(id)?.passed);
    return {
      displayName: profile.displayName,
      curriculum: curriculum
        ? { version: curriculum.version, group, groupTitle: curriculum.groups[group]?.title ?? group, passRule: curriculum.passRule.text }
        : null,
      modules,
      core: { total: core.size, passed: core.size - remaining.length, remaining },
      certification: cert
        ? { code: cert.code, earnedAt: cert.earnedAt.toISOString(), curriculumVersion: cert.curriculumVersion, group: cert.curriculumGroup, revoked: cert.revokedAt !== null }
        : null,
    };
  }

  /** Everything the platform holds about the caller, as data (Luật 91/2025/QH15: the right to access). */
  async export(actor: UserActor) {
    const profile = await this.profile(actor);
    const [attempts, progress, certs] = await Promise.all([
      this.db.select().from(attempt).where(eq(attempt.learnerId, actor.userId)).orderBy(asc(attempt.receivedAt)),
      this.db.select().from(lessonProgress).where(eq(lessonProgress.learnerId, actor.userId)),
      this.db.select().from(certification).where(eq(certification.userId, actor.userId)),
    ]);
    return {
      exportedAt: new Date().toISOString(),
      account: profile,
      attempts: attempts.map(({ bodyHash: _h, ...a }) => a),
      lessonProgress: progress,
      certifications: certs,
    };
  }

  /** Deletes the account and everything recorded about it. */
  async delete(actor: UserActor): Promise<void> {
    await this.db.transaction(async (tx) => {
      // The account's part of the indicator roll-ups goes with it, in this transaction.
      await withRollupOfDeletion(tx, actor.userId, async () => {
        await tx.delete(attempt).where(eq(attempt.learnerId, actor.userId));
        await tx.delete(lessonProgress).where(eq(lessonProgress.learnerId, actor.userId));
        await tx.delete(refreshToken).where(inArray(refreshToken.userId, [actor.userId]));
        // certification and role_grant rows go with the user (on delete cascade)
        await tx.delete(appUser).where(eq(appUser.id, actor.userId));
      });
    });
  }
}
