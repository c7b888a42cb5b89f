import { parseQuiz, validateQuiz, type Quiz } from '../src/index.ts';

/** A quiz made of the given items (whole pool, options unshuffled unless asked). */
export function quizOf(items: unknown[], extra: Record<string, unknown> = {}): Quiz {
  return parseQuiz({ passMark: 0.7, shuffleOptions: false, items, ...extra });
}

/** Issues for a quiz made of the given items. */
export function issuesOf(items: unknown[], extra: Record<string, unknown> = {}): { path: string; message: string }[] {
  const r = validateQuiz({ passMark: 0.7, items, ...extra });
  return r.issues;
}

export const paths = (issues: { path: string }[]): string[] => issues.map((i) => i.path);
