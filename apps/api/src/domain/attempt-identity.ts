import { createHash } from 'node:crypto';
import { canonicalJson } from '@hvs/quiz-engine';

/**
 * What makes two submissions with the same attempt id "the same attempt": the lesson, the quiz
 * version and the answers. Device times may differ between a first send and a resend.
 */
export function attemptBodyHash(input: {
  lessonId: string;
  quizVersion: string;
  answers: Record<string, unknown>;
}): string {
  return createHash('sha256')
    .update(canonicalJson({ lessonId: input.lessonId, quizVersion: input.quizVersion, answers: input.answers }))
    .digest('hex');
}
