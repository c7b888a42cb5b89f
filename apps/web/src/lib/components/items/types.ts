import type { ItemResult } from '@hvs/quiz-engine';

/** A graded item together with the public view the learner saw (texts of options, steps, segments). */
export type ItemResultView<P> = ItemResult & { item: P };

/**
 * Form fields of one item as last posted (no-JavaScript form sent back after a refusal), keyed by
 * what follows `q.<itemId>`: "" for `q.<itemId>` itself, "l1" for `q.<itemId>.l1`. Inputs start from
 * them so nothing the learner entered is lost.
 */
export type ItemFields = Record<string, string[]>;

/** The first non-empty value of a field. */
export const firstValue = (fields: ItemFields | undefined, key = ''): string | undefined =>
  fields?.[key]?.find((v) => v !== '');
