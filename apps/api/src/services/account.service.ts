import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import {
  adminUnit,
  appUser,
  assignment,
  attempt,
  certification,
  classMember,
  lessonProgress,
  refreshToken,
  roleGrant,
  schoolClass,
} from '../db/schema/index.ts';
import { curriculumGroupOf } from '../domain/curriculum.ts';
import { toLessonProgress } from '../domain/progress.ts';
import { AppError } from '../errors.ts';
import type { UserActor } from '../domain/actor.ts';
import type { ContentStore } from './content-store.ts';
import { withRollupOfDeletion } from './indicator-rollup.ts';
import { audit, type AuditContext } from './audit.service.ts';

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
      ? await this.db
          .select({ name: adminUnit.name })
          .from(adminUnit)
          .where(eq(adminUnit.code, row.provinceCode))
          .limit(1)
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
    // The certificate of the current curriculum, else the latest: one earned under an older version
    // stays valid and shows with its own version.
    const [cert] = await this.db
      .select()
      .from(certification)
      .where(eq(certification.userId, actor.userId))
      .orderBy(
        sql`${certification.curriculumVersion} = ${curriculum?.version ?? ''} desc`,
        desc(certification.earnedAt),
      )
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
        ? {
            version: curriculum.version,
            group,
            groupTitle: curriculum.groups[group]?.title ?? group,
            passRule: curriculum.passRule.text,
          }
        : null,
      modules,
      core: { total: core.size, passed: core.size - remaining.length, remaining },
      certification: cert
        ? {
            code: cert.code,
            earnedAt: cert.earnedAt.toISOString(),
            curriculumVersion: cert.curriculumVersion,
            group: cert.curriculumGroup,
            revoked: cert.revokedAt !== null,
          }
        : null,
    };
  }

  /** Everything the platform holds about the caller, as data (Luật 91/2025/QH15: the right to access). */
  async export(actor: UserActor) {
    const profile = await this.profile(actor);
    const me = actor.userId;
    const [attempts, progress, certs, memberships, taught, pupils, sessions] = await Promise.all([
      this.db.select().from(attempt).where(eq(attempt.learnerId, me)).orderBy(asc(attempt.receivedAt)),
      this.db.select().from(lessonProgress).where(eq(lessonProgress.learnerId, me)),
      this.db.select().from(certification).where(eq(certification.userId, me)),
      this.db
        .select({
          classId: schoolClass.id,
          className: schoolClass.name,
          school: schoolClass.school,
          joinedAt: classMember.joinedAt,
          leftAt: classMember.leftAt,
        })
        .from(classMember)
        .innerJoin(schoolClass, eq(schoolClass.id, classMember.classId))
        .where(eq(classMember.userId, me))
        .orderBy(asc(classMember.joinedAt)),
      this.db
        .select({
          id: schoolClass.id,
          name: schoolClass.name,
          school: schoolClass.school,
          joinCode: schoolClass.joinCode,
          createdAt: schoolClass.createdAt,
          archivedAt: schoolClass.archivedAt,
        })
        .from(schoolClass)
        .where(eq(schoolClass.teacherId, me))
        .orderBy(asc(schoolClass.createdAt)),
      // Pupils' accounts this teacher made: who they are is the pupils' data, that the teacher made
      // them is the teacher's (their own records are not included).
      this.db
        .select({
          userId: appUser.id,
          login: appUser.login,
          displayName: appUser.displayName,
          createdAt: appUser.createdAt,
        })
        .from(appUser)
        .where(eq(appUser.createdBy, me))
        .orderBy(asc(appUser.createdAt)),
      this.db
        .select({
          startedFamily: refreshToken.familyId,
          createdAt: refreshToken.createdAt,
          expiresAt: refreshToken.expiresAt,
          usedAt: refreshToken.usedAt,
          revokedAt: refreshToken.revokedAt,
        })
        .from(refreshToken)
        .where(eq(refreshToken.userId, me))
        .orderBy(asc(refreshToken.createdAt)),
    ]);
    const assignments = taught.length
      ? await this.db
          .select({
            id: assignment.id,
            classId: assignment.classId,
            title: assignment.title,
            moduleId: assignment.moduleId,
            lessonIds: assignment.lessonIds,
            dueAt: assignment.dueAt,
            createdAt: assignment.createdAt,
          })
          .from(assignment)
          .where(
            inArray(
              assignment.classId,
              taught.map((c) => c.id),
            ),
          )
          .orderBy(asc(assignment.createdAt))
      : [];
    return {
      exportedAt: new Date().toISOString(),
      account: profile,
      attempts: attempts.map(({ bodyHash: _h, ...a }) => a),
      lessonProgress: progress,
      certifications: certs,
      classMemberships: memberships,
      classesTaught: taught.map((c) => ({ ...c, assignments: assignments.filter((a) => a.classId === c.id) })),
      pupilAccountsCreated: pupils,
      // sign-in sessions (one refresh token per renewal), without the tokens themselves
      sessions: sessions.map(({ startedFamily, ...s }) => ({ session: startedFamily, ...s })),
    };
  }

  /**
   * Deletes the account and everything recorded about it.
   *
   * A teacher's classes belong to their pupils' school life as well: while the teacher still has a
   * class that is not archived the deletion is refused (409 teacher_has_classes) so that 40 pupils do
   * not lose their board by one tap. Archived classes go with the teacher (the class, its members
   * list and its assignments); the pupils' own accounts, attempts and progress stay theirs.
   */
  async delete(actor: UserActor, ctx?: AuditContext): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Lock order as on the attempt path (the user's row, then the household's advisory lock in
      // withRollupOfDeletion): an attempt committing meanwhile is either finished first and counted
      // here, or waits and then finds no account. Without this lock a certificate written in
      // parallel would be removed with the account but stay +1 in the roll-ups.
      const locked = await tx.execute(
        sql`select id, commune_code from ${appUser} where ${appUser.id} = ${actor.userId} for update`,
      );
      const [me] = (locked as unknown as { rows: { commune_code: string }[] }).rows;
      if (!me) throw new AppError(401, 'unauthenticated', 'The account no longer exists');
      const [active] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(schoolClass)
        .where(and(eq(schoolClass.teacherId, actor.userId), isNull(schoolClass.archivedAt)));
      if (Number(active?.n ?? 0) > 0) {
        throw new AppError(
          409,
          'teacher_has_classes',
          `Archive your ${active!.n} active class(es) first; pupils keep their own records`,
        );
      }
      if (ctx)
        await audit(tx, ctx, {
          action: 'account.deleted',
          unitCode: me.commune_code,
          targetId: actor.userId,
          withoutLogin: true,
        });
      // The account's part of the indicator roll-ups goes with it, in this transaction.
      await withRollupOfDeletion(tx, actor.userId, async () => {
        await tx.delete(attempt).where(eq(attempt.learnerId, actor.userId));
        await tx.delete(lessonProgress).where(eq(lessonProgress.learnerId, actor.userId));
        await tx.delete(refreshToken).where(inArray(refreshToken.userId, [actor.userId]));
        // Who made a pupil's account, or granted a role, is this person's data: the links go too.
        await tx.update(appUser).set({ createdBy: null }).where(eq(appUser.createdBy, actor.userId));
        await tx.update(roleGrant).set({ grantedBy: null }).where(eq(roleGrant.grantedBy, actor.userId));
        // certification, role_grant, class_member rows and archived classes go with the user (on delete cascade)
        await tx.delete(appUser).where(eq(appUser.id, actor.userId));
      });
    });
  }
}
