/** Options shared by the choice types (single, multiple). */
import { z } from 'zod';
import { shuffle, type Rng } from '../rng.ts';
import { ChildIdSchema, FeedbackSchema, TextSchema } from './common.ts';

export const OptionSchema = z.strictObject({
  id: ChildIdSchema,
  text: TextSchema,
  correct: z.boolean().optional(),
  feedback: FeedbackSchema,
});
export type Option = z.output<typeof OptionSchema>;

/** Presented option order (ids). */
export type ChoiceArrangement = { options: string[] };
export type PublicOption = { id: string; text: string };

export function arrangeOptions(options: readonly Option[], rng: Rng, shuffleOptions: boolean): ChoiceArrangement {
  const ids = options.map((o) => o.id);
  return { options: shuffleOptions ? shuffle(ids, rng) : ids };
}

export function publicOptions(options: readonly Option[], arrangement: ChoiceArrangement): PublicOption[] {
  const byId = new Map(options.map((o) => [o.id, o]));
  return arrangement.options.map((id) => ({ id, text: (byId.get(id) as Option).text }));
}

export function optionFeedback(options: readonly Option[], picked: ReadonlySet<string>): { ref: string; text: string }[] {
  return options.filter((o) => picked.has(o.id)).map((o) => ({ ref: o.id, text: o.feedback }));
}
