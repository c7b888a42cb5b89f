import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.ts';
import { appUser, certification, lessonProgress } from '../db/schema/index.ts';
import { certificateCode } from '../domain/certificate-code.ts';
import { curriculumGroupOf } from '../domain/curriculum.ts';
import type { ContentStore } from './content-store.ts';
import { rollupCertified, type RollupChanges } from './indicator-rollup.ts';

/**
 * Writes a learner's certification when their passed lessons cover the core lessons of their
 * curriculum group. Runs inside the transaction that changed their progress, after the user's row
 * was locked, so two completing attempts at once cannot both miss (or both write) it.
 */
export class CertificationService {
  constructor(private readonly content: ContentStore) {}

  /** Locks the user's row for the rest of the transaction; false when the learner has no account. */
  async lockUser(tx: Tx | Db, userId: string): Promise<boolean> {
    const rows = await tx.execute(sql`select id from ${appUser} where ${appUser.id} = ${userId} for update`);
    return (rows as unknown as { rows: unknown[] }).rows.length > 0;
  }

  /** With `changes`, the indicator roll-ups are gathered there for the caller to write once. */
  async awardIfComplete(tx: Tx | Db, userId: string, at: Date, changes?: RollupChanges): Promise<void> {
    const curriculum = this.content.curriculum;
    if (!curriculum) return;
    const [user] = await tx
      .select({ publicServant: appUser.publicServant, worker: appUser.worker, studentLevel: appUser.studentLevel })
      .from(appUser)
      .where(eq(appUser.id, userId))
      .limit(1);
    if (!user) return;
    const group = curriculumGroupOf(user);
    const core = curriculum.groups[group]?.core ?? [];
    if (core.length === 0) return;
    const passed = await tx
      .select({ lessonId: lessonProgress.lessonId })
      .from(lessonProgress)
      .where(
        and(
          eq(lessonProgress.learnerId, userId),
          inArray(lessonProgress.lessonId, core),
          isNotNull(lessonProgress.firstPassedAt),
        ),
      );
    if (passed.length < core.length) return;
    const inserted = await tx
      .insert(certification)
      .values({
        userId,
        curriculumVersion: curriculum.version,
        curriculumGroup: group,
        code: certificateCode(),
        earnedAt: at,
      })
      .onConflictDoNothing()
      .returning({ userId: certification.userId });
    // The indicator roll-ups move in this same transaction (see indicator-rollup.ts).
    if (inserted.length > 0) await rollupCertified(tx, userId, curriculum.version, changes);
  }
}
