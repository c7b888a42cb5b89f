import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { attempt, lessonProgress } from '../db/schema/index.ts';
import type { CertificationService } from './certification.service.ts';

/**
 * What a guest did on a device becomes the account's. On sign-up the account simply takes the
 * device's learner id. On sign-in to an existing account, the guest's attempts change owner (their
 * content is never changed) and the per-lesson summaries are combined, in one transaction.
 */
export class LearnerMerge {
  constructor(
    private readonly db: Db,
    private readonly certifications: CertificationService,
  ) {}

  async afterSignup(userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const user = (await this.certifications.lockLearners(tx, [userId])).get(userId);
      if (user) await this.certifications.awardCompleted(tx, [{ learner: user, at: new Date() }]);
    });
  }

  async guestIntoUser(guestId: string, userId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const user = (await this.certifications.lockLearners(tx, [userId])).get(userId);
      if (!user) return;
      // A device id that is itself an account is not a guest: nothing to take over.
      if ((await this.certifications.lockLearners(tx, [guestId])).size > 0) return;
      await tx.update(attempt).set({ learnerId: userId }).where(eq(attempt.learnerId, guestId));
      await tx.execute(sql`
        insert into ${lessonProgress} (learner_id, lesson_id, attempts, best_score, last_score, first_passed_at, last_attempt_at)
        select ${userId}, lesson_id, attempts, best_score, last_score, first_passed_at, last_attempt_at
        from ${lessonProgress} where learner_id = ${guestId}
        on conflict (learner_id, lesson_id) do update set
          attempts = ${lessonProgress.attempts} + excluded.attempts,
          best_score = greatest(${lessonProgress.bestScore}, excluded.best_score),
          last_score = case when excluded.last_attempt_at > ${lessonProgress.lastAttemptAt}
                            then excluded.last_score else ${lessonProgress.lastScore} end,
          first_passed_at = least(${lessonProgress.firstPassedAt}, excluded.first_passed_at),
          last_attempt_at = greatest(${lessonProgress.lastAttemptAt}, excluded.last_attempt_at)`);
      await tx.delete(lessonProgress).where(eq(lessonProgress.learnerId, guestId));
      await this.certifications.awardCompleted(tx, [{ learner: user, at: new Date() }]);
    });
  }
}
