import { asc, eq } from 'drizzle-orm';
import type { Progress } from '@hvs/contracts';
import type { Db } from '../db/client.ts';
import { lessonProgress } from '../db/schema/index.ts';
import { toLessonProgress } from '../domain/progress.ts';
import type { Actor } from '../domain/actor.ts';

export class ProgressService {
  constructor(private readonly db: Db) {}

  /** The caller's own progress, lesson by lesson; a device that never answered has none. */
  async mine(actor: Actor | null): Promise<Progress> {
    if (!actor) return { lessons: [] };
    const rows = await this.db
      .select()
      .from(lessonProgress)
      .where(eq(lessonProgress.learnerId, actor.learnerId))
      .orderBy(asc(lessonProgress.lastAttemptAt));
    return { lessons: rows.map(toLessonProgress) };
  }
}
