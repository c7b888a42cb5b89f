/**
 * Options shared by the choice types (single, multiple).
 *
 * The browser sees options as `c1…cn`, numbered in the order this attempt shows them, never the
 * authored ids: authors write the right option first as `a` more often than not, so authored ids
 * (or their order) would give the key away. Stored answers use the authored ids.
 */
import { z } from 'zod';
import { shuffle, type Rng } from '../rng.ts';
import { ChildIdSchema, FeedbackSchema, positionalIds, TextSchema, type PositionalIds } from './common.ts';
import type { Feedback } from './item-type.ts';

export const OptionSchema = z.strictObject({
  id: ChildIdSchema,
  text: TextSchema,
  correct: z.boolean().optional(),
  feedback: FeedbackSchema,
});
export type Option = z.output<typeof OptionSchema>;

/** Presented option order (authored ids). */
export type ChoiceArrangement = { options: string[] };
export type PublicOption = { id: string; text: string };

export function arrangeOptions(options: readonly Option[], rng: Rng, shuffleOptions: boolean): ChoiceArrangement {
  const ids = options.map((o) => o.id);
  return { options: shuffleOptions ? shuffle(ids, rng) : ids };
}

export const optionIds = (arrangement: ChoiceArrangement): PositionalIds => positionalIds('c', arrangement.options);

export function publicOptions(options: readonly Option[], arrangement: ChoiceArrangement): PublicOption[] {
  const byId = new Map(options.map((o) => [o.id, o]));
  const ids = optionIds(arrangement);
  return arrangement.options.map((id, i) => ({ id: ids.publicIds[i] as string, text: (byId.get(id) as Option).text }));
}

/** Public ids of the correct options, in presented order. */
export function correctPublicIds(options: readonly Option[], arrangement: ChoiceArrangement): string[] {
  const correct = new Set(options.filter((o) => o.correct === true).map((o) => o.id));
  const ids = optionIds(arrangement);
  return arrangement.options.flatMap((id, i) => (correct.has(id) ? [ids.publicIds[i] as string] : []));
}

/** The feedback of every option, in presented order, marked picked and correct: what each choice gets right or wrong. */
export function optionFeedback(
  options: readonly Option[],
  arrangement: ChoiceArrangement,
  pickedPublic: ReadonlySet<string>,
): Feedback[] {
  const byId = new Map(options.map((o) => [o.id, o]));
  const ids = optionIds(arrangement);
  return arrangement.options.map((id, i) => {
    const o = byId.get(id) as Option;
    const ref = ids.publicIds[i] as string;
    return { ref, text: o.feedback, picked: pickedPublic.has(ref), correct: o.correct === true };
  });
}
