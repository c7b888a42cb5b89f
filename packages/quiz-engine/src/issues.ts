/** Problems found in a quiz (authoring) or in a response (an attempt), each with the path it is at. */
import type { IssueFn } from './items/item-type.ts';

export type QuizIssue = { path: string; message: string };

export class QuizValidationError extends Error {
  readonly issues: QuizIssue[];
  constructor(issues: QuizIssue[]) {
    super(
      `invalid quiz: ${issues
        .slice(0, 5)
        .map((i) => `${i.path || '(quiz)'} — ${i.message}`)
        .join('; ')}${issues.length > 5 ? ` (+${issues.length - 5} more)` : ''}`,
    );
    this.name = 'QuizValidationError';
    this.issues = issues;
  }
}

export class ResponseError extends Error {
  readonly code = 'invalid_response' as const;
  readonly issues: QuizIssue[];
  constructor(issues: QuizIssue[]) {
    super(
      `invalid response: ${issues
        .slice(0, 5)
        .map((i) => `${i.path} — ${i.message}`)
        .join('; ')}`,
    );
    this.name = 'ResponseError';
    this.issues = issues;
  }
}

/** "items[2].options[1].feedback" from ['items', 2, 'options', 1, 'feedback']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** An IssueFn that adds to `issues`, its paths under `prefix`. */
export function prefixed(issues: QuizIssue[], prefix: string): IssueFn {
  return (path, message) => issues.push({ path: prefix + path, message });
}
