/**
 * Matching: pairs {id, left, right} and optional distractors (extra right-hand answers). The learner
 * sends a map left id (= pair id) → right id. Score = correct pairs ÷ pairs.
 *
 * Lefts are shown in authoring order; the right-hand answers (pairs' rights and distractors) are
 * always shuffled and get attempt-local ids "r1"…"rn" in presented order, so ids reveal no pairing.
 * Each right-hand answer may be used once.
 */
import { z } from 'zod';
import { derange } from '../../rng.ts';
import { ChildIdSchema, checkUniqueIds, FeedbackSchema, itemBaseShape, TextSchema } from '../common.ts';
import { defineItemType, type Feedback, type PublicBase } from '../item-type.ts';

export const MatchingItemSchema = z
  .strictObject({
    ...itemBaseShape,
    type: z.literal('matching'),
    pairs: z
      .array(z.strictObject({ id: ChildIdSchema, left: TextSchema, right: TextSchema, feedback: FeedbackSchema.optional() }))
      .min(2, 'a matching item needs at least 2 pairs'),
    distractors: z.array(z.strictObject({ id: ChildIdSchema, text: TextSchema })).optional(),
  })
  .superRefine((item, ctx) => {
    checkUniqueIds(item.pairs, 'pairs', 'pair', ctx);
    checkUniqueIds(item.distractors ?? [], 'distractors', 'distractor', ctx);
    const pairIds = new Set(item.pairs.map((p) => p.id));
    (item.distractors ?? []).forEach((d, i) => {
      if (pairIds.has(d.id)) ctx.addIssue({ code: 'custom', path: ['distractors', i, 'id'], message: `distractor id "${d.id}" is also a pair id` });
    });
    const rights = new Map<string, string>();
    const rightTexts: [string, PropertyKey[]][] = [
      ...item.pairs.map((p, i): [string, PropertyKey[]] => [p.right, ['pairs', i, 'right']]),
      ...(item.distractors ?? []).map((d, i): [string, PropertyKey[]] => [d.text, ['distractors', i, 'text']]),
    ];
    for (const [text, path] of rightTexts) {
      const key = text.trim().normalize('NFC');
      const prev = rights.get(key);
      if (prev !== undefined) ctx.addIssue({ code: 'custom', path, message: `the right-hand answer "${text}" appears twice (also ${prev}); learners could not tell them apart` });
      else rights.set(key, `${String(path[0])}[${String(path[1])}]`);
    }
  });

export type MatchingItem = z.output<typeof MatchingItemSchema>;
/** Authored ids (pair or distractor) of the right-hand answers in presented order; public id of rights[i] is `r${i + 1}`. */
export type MatchingArrangement = { rights: string[] };
export type PublicMatchingItem = PublicBase<'matching'> & {
  lefts: { id: string; text: string }[];
  rights: { id: string; text: string }[];
};
/** Left id → public right id. */
export type MatchingSolution = Record<string, string>;
export type MatchingResponse = Record<string, string>;

const publicId = (i: number): string => `r${i + 1}`;

function key(def: MatchingItem, arr: MatchingArrangement): Record<string, string> {
  const pos = new Map(arr.rights.map((id, i) => [id, i]));
  return Object.fromEntries(def.pairs.map((p) => [p.id, publicId(pos.get(p.id) as number)]));
}

export const matching = defineItemType<typeof MatchingItemSchema, MatchingArrangement, MatchingResponse, PublicMatchingItem, MatchingSolution>({
  name: 'matching',
  schema: MatchingItemSchema,
  arrange: (def, rng) => ({ rights: derange([...def.pairs.map((p) => p.id), ...(def.distractors ?? []).map((d) => d.id)], rng) }),
  publicView(def, arr) {
    const text = new Map([...def.pairs.map((p) => [p.id, p.right] as const), ...(def.distractors ?? []).map((d) => [d.id, d.text] as const)]);
    return {
      id: def.id,
      type: 'matching',
      prompt: def.prompt,
      lefts: def.pairs.map((p) => ({ id: p.id, text: p.left })),
      rights: arr.rights.map((id, i) => ({ id: publicId(i), text: text.get(id) as string })),
    };
  },
  response: z.record(z.string(), z.string()),
  checkResponse(def, arr, response, issue) {
    const lefts = new Set(def.pairs.map((p) => p.id));
    const rights = new Set(arr.rights.map((_, i) => publicId(i)));
    const used = new Map<string, string>();
    for (const [left, right] of Object.entries(response)) {
      if (!lefts.has(left)) issue(`.${left}`, `unknown left id "${left}"`);
      if (!rights.has(right)) issue(`.${left}`, `unknown right id "${right}"`);
      else if (used.has(right)) issue(`.${left}`, `right "${right}" is also given for "${used.get(right)}"`);
      used.set(right, left);
    }
  },
  fromForm(def, _arr, fields, issue) {
    const out: Record<string, string> = {};
    for (const p of def.pairs) {
      const values = (fields[p.id] ?? []).map((v) => v.trim()).filter((v) => v !== '');
      if (values.length > 1) issue(`.${p.id}`, 'expected one value');
      if (values[0] !== undefined) out[p.id] = values[0];
    }
    return Object.keys(out).length > 0 ? out : undefined;
  },
  grade(def, arr, response) {
    const k = key(def, arr);
    const answered = def.pairs.filter((p) => Object.hasOwn(response, p.id));
    const right = answered.filter((p) => response[p.id] === k[p.id]).length;
    const feedback: Feedback[] = answered.flatMap((p) => (p.feedback === undefined ? [] : [{ ref: p.id, text: p.feedback }]));
    return { score: right / def.pairs.length, feedback };
  },
  solution: key,
  keyResponse: key,
});
