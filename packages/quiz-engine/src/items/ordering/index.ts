/**
 * Ordering: steps are authored in the right order; the learner sends step ids in their order.
 * Score = correct adjacent pairs ÷ (steps − 1); a pair (a, b) is correct when b directly follows a
 * in the key.
 *
 * Steps are always shuffled (never shown in the right order), and the browser sees attempt-local
 * ids "o1"…"on" numbered in the presented order instead of the authored ids, because authors tend
 * to write ids like s1, s2, s3 that would give the order away.
 */
import { z } from 'zod';
import { derange } from '../../rng.ts';
import { checkIdList, checkUniqueIds, ChildIdSchema, itemBaseShape, TextSchema } from '../common.ts';
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
export type OrderingResponse = string[];

const publicId = (i: number): string => `o${i + 1}`;

function keyOrder(def: OrderingItem, arr: OrderingArrangement): string[] {
  const pos = new Map(arr.steps.map((id, i) => [id, i]));
  return def.steps.map((s) => publicId(pos.get(s.id) as number));
}

export const ordering = defineItemType<typeof OrderingItemSchema, OrderingArrangement, OrderingResponse, PublicOrderingItem, OrderingSolution>({
  name: 'ordering',
  schema: OrderingItemSchema,
  arrange: (def, rng) => ({ steps: derange(def.steps.map((s) => s.id), rng) }),
  publicView(def, arr) {
    const text = new Map(def.steps.map((s) => [s.id, s.text]));
    return { id: def.id, type: 'ordering', prompt: def.prompt, steps: arr.steps.map((id, i) => ({ id: publicId(i), text: text.get(id) as string })) };
  },
  response: z.array(z.string()),
  checkResponse(_def, arr, response, issue) {
    checkIdList(response, new Set(arr.steps.map((_, i) => publicId(i))), 'step', issue);
    if (response.length !== arr.steps.length) issue('', `expected all ${arr.steps.length} steps in order, got ${response.length}`);
  },
  fromForm(_def, arr, fields, issue) {
    // q.<itemId>.<stepId> = position 1..n
    const ids = arr.steps.map((_, i) => publicId(i));
    const entries = ids.map((id) => [id, (fields[id] ?? []).map((v) => v.trim()).filter((v) => v !== '')] as const);
    if (entries.every(([, v]) => v.length === 0)) return undefined;
    const byPosition = new Map<number, string>();
    for (const [id, values] of entries) {
      const n = Number(values[0]);
      if (values.length !== 1 || !Number.isInteger(n) || n < 1 || n > ids.length) {
        issue(`.${id}`, `expected one position from 1 to ${ids.length}`);
      } else if (byPosition.has(n)) {
        issue(`.${id}`, `position ${n} given twice`);
      } else byPosition.set(n, id);
    }
    return byPosition.size === ids.length ? ids.map((_, i) => byPosition.get(i + 1) as string) : undefined;
  },
  grade(def, arr, response) {
    const keyIndex = new Map(keyOrder(def, arr).map((id, i) => [id, i]));
    let right = 0;
    for (let i = 0; i + 1 < response.length; i++) {
      if ((keyIndex.get(response[i + 1] as string) as number) === (keyIndex.get(response[i] as string) as number) + 1) right++;
    }
    return { score: right / (def.steps.length - 1), feedback: [] };
  },
  solution: keyOrder,
  keyResponse: keyOrder,
});
