import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

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
