import {
  gradeAttempt,
  parseQuiz,
  publicQuiz,
  ResponseError,
  validateQuiz,
  type ItemResult,
  type PublicItem,
  type Quiz,
} from '../src/index.ts';

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

/** Grades one response for the only item of a one-item quiz. */
export function gradeOne(quiz: Quiz, response: unknown, attemptId = 'att'): ItemResult {
  const id = quiz.items[0]?.id as string;
  return gradeAttempt(quiz, attemptId, response === undefined ? {} : { [id]: response }).items[0] as ItemResult;
}

/** The public view of the only item. */
export function publicOne(quiz: Quiz, attemptId = 'att'): PublicItem {
  return publicQuiz(quiz, attemptId).items[0] as PublicItem;
}

/** Issue paths of the ResponseError thrown for this response, or a failure. */
export function responseIssues(quiz: Quiz, response: unknown, attemptId = 'att'): string[] {
  try {
    gradeOne(quiz, response, attemptId);
  } catch (e) {
    if (e instanceof ResponseError) return paths(e.issues);
    throw e;
  }
  throw new Error('expected a ResponseError');
}
