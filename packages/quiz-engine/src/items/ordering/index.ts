/**
 * Ordering: steps are authored in the right order; the learner sends the public step ids in their
 * order, one per position. Score = correct adjacent pairs ÷ (steps − 1); a pair of positions (i, i+1)
 * is correct when the step at i+1 directly follows the step at i in the key.
 *
 * A position may be `null` (the no-JavaScript form lets a person leave a position empty or give two
 * steps the same one): such a position joins no pair, so the order is graded as given.
 *
 * Steps are always shuffled (never shown in the right order), and the browser sees attempt-local
 * ids "o1"…"on" numbered in the presented order instead of the authored ids, because authors tend
 * to write ids like s1, s2, s3 that would give the order away. These ids are also what is stored.
 */
import { z } from 'zod';
import { derange } from '../../rng.ts';
import { checkUniqueIds, ChildIdSchema, itemBaseShape, TextSchema } from '../common.ts';
import { defineItemType, type PublicBase } from '../item-type.ts';

export const OrderingItemSchema = z
  .strictObject({
    ...itemBaseShape,
    type: z.literal('ordering'),
    steps: z
      .array(z.strictObject({ id: ChildIdSchema, text: TextSchema }))
      .min(2, 'an ordering item needs at least 2 steps'),
  })
  .superRefine((item, ctx) => checkUniqueIds(item.steps, 'steps', 'step', ctx));

export type OrderingItem = z.output<typeof OrderingItemSchema>;
/** Authored step ids in presented order; public id of steps[i] is `o${i + 1}`. */
export type OrderingArrangement = { steps: string[] };
export type PublicOrderingItem = PublicBase<'ordering'> & { steps: { id: string; text: string }[] };
/** Public step ids in the right order. */
export type OrderingSolution = string[];
/** Public step id at each position, first to last; null where the learner gave no single step. */
export type OrderingResponse = (string | null)[];

const publicId = (i: number): string => `o${i + 1}`;

function keyOrder(def: OrderingItem, arr: OrderingArrangement): string[] {
  const pos = new Map(arr.steps.map((id, i) => [id, i]));
  return def.steps.map((s) => publicId(pos.get(s.id) as number));
}

export const ordering = defineItemType<
  typeof OrderingItemSchema,
  OrderingArrangement,
  OrderingResponse,
  PublicOrderingItem,
  OrderingSolution
>({
  name: 'ordering',
  schema: OrderingItemSchema,
  arrange: (def, rng) => ({
    steps: derange(
      def.steps.map((s) => s.id),
      rng,
    ),
  }),
  publicView(def, arr) {
    const text = new Map(def.steps.map((s) => [s.id, s.text]));
    return {
      id: def.id,
      type: 'ordering',
      prompt: def.prompt,
      steps: arr.steps.map((id, i) => ({ id: publicId(i), text: text.get(id) as string })),
    };
  },
  response: z.array(z.string().nullable()),
  checkResponse(_def, arr, response, issue) {
    const given = response.flatMap((id, i) => (id === null ? [] : [[id, i] as const]));
    const known = new Set(arr.steps.map((_, i) => publicId(i)));
    const seen = new Set<string>();
    for (const [id, i] of given) {
      if (!known.has(id)) issue(`[${i}]`, `unknown step id "${id}"`);
      else if (seen.has(id)) issue(`[${i}]`, `step "${id}" given more than once`);
      seen.add(id);
    }
    if (response.length !== arr.steps.length)
      issue('', `expected ${arr.steps.length} positions, got ${response.length}`);
  },
  fromForm(_def, arr, fields) {
    // q.<itemId>.<stepId> = position 1..n. A position that no step or several steps were given stays
    // empty; a value that is not a position (the page offers none) counts as no answer for that step.
    const ids = arr.steps.map((_, i) => publicId(i));
    const at = new Map<number, string[]>();
    let any = false;
    for (const id of ids) {
      const values = (fields[id] ?? []).map((v) => v.trim()).filter((v) => v !== '');
      const n = Number(values[0]);
      if (values.length !== 1 || !Number.isInteger(n) || n < 1 || n > ids.length) continue;
      any = true;
      at.set(n, [...(at.get(n) ?? []), id]);
    }
    if (!any) return undefined;
    return ids.map((_, i) => {
      const here = at.get(i + 1) ?? [];
      return here.length === 1 ? (here[0] as string) : null;
    });
  },
  grade(def, arr, response) {
    if (response === null) return { score: 0, feedback: [] };
    const keyIndex = new Map(keyOrder(def, arr).map((id, i) => [id, i]));
    let right = 0;
    for (let i = 0; i + 1 < response.length; i++) {
      const a = response[i];
      const b = response[i + 1];
      if (a != null && b != null && (keyIndex.get(b) as number) === (keyIndex.get(a) as number) + 1) right++;
    }
    return { score: right / (def.steps.length - 1), feedback: [] };
  },
  solution: keyOrder,
  keyResponse: keyOrder,
  toStored: (_def, _arr, response) => response,
  fromStored: (_def, _arr, stored) => stored,
  answerText: () => null, // an order has no single text
  unreadFields: [],
  codeFields: [],
});
