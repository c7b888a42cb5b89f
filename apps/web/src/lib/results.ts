import type { AttemptResult } from '@hvs/contracts';

/** The result just received, so the result page shows it without asking the server again. */
const recent = new Map<string, AttemptResult>();

export function rememberResult(result: AttemptResult) {
  recent.set(result.id, result);
}

export function recentResult(id: string): AttemptResult | undefined {
  return recent.get(id);
}
