import type { LessonProgress } from '@hvs/contracts';

export type ProgressRow = {
  lessonId: string;
  attempts: number;
  bestScore: number;
  lastScore: number;
  firstPassedAt: Date | null;
  lastAttemptAt: Date;
};

/** A lesson counts as passed once any attempt passed; later, weaker attempts do not undo it. */
export function toLessonProgress(row: ProgressRow): LessonProgress {
  return {
    lessonId: row.lessonId,
    attempts: row.attempts,
    bestScore: row.bestScore,
    lastScore: row.lastScore,
    passed: row.firstPassedAt !== null,
    firstPassedAt: row.firstPassedAt ? row.firstPassedAt.toISOString() : null,
    lastAttemptAt: row.lastAttemptAt.toISOString(),
  };
}
