/**
 * Matching: pairs {id, left, right, feedback} and optional distractors (extra right-hand answers).
 * The learner sends a map left id → right id. Score = correct pairs ÷ pairs.
 *
 * Lefts are shown in authoring order as "l1"…"ln"; the right-hand answers (pairs' rights and
 * distractors) are always shuffled and shown as "r1"…"rn" in presented order, so no id reveals a
 * pairing or a telling authored name. A right-hand answer given for two lefts is graded as given:
 * it can be right for one of them at most. Stored: authored pair id → public right id.
 */
import { z } from 'zod';
import { derange } from '../../rng.ts';
import {
  checkUniqueIds,
  ChildIdSchema,
  FeedbackSchema,
  itemBaseShape,
  positionalIds,
  type PositionalIds,
  TextSchema,
} from '../common.ts';
import { defineItemType, type Feedback, type PublicBase } from '../item-type.ts';

export const MatchingItemSchema = z
  .strictObject({
    ...itemBaseShape,
    type: z.literal('matching'),
    pairs: z
      .array(z.strictObject({ id: ChildIdSchema, left: TextSchema, right: TextSchema, feedback: FeedbackSchema }))
      .min(2, 'a matching item needs at least 2 pairs'),
    distractors: z.array(z.strictObject({ id: ChildIdSchema, text: TextSchema })).optional(),
  })
  .superRefine((item, ctx) => {
    checkUniqueIds(item.pairs, 'pairs', 'pair', ctx);
    checkUniqueIds(item.distractors ?? [], 'distractors', 'distractor', ctx);
    const pairIds = new Set(item.pairs.map((p) => p.id));
    (item.distractors ?? []).forEach((d, i) => {
      if (pairIds.has(d.id))
        ctx.addIssue({
          code: 'custom',
          path: ['distractors', i, 'id'],
          message: `distractor id "${d.id}" is also a pair id`,
        });
    });
    const rights = new Map<string, string>();
    const rightTexts: [string, PropertyKey[]][] = [
      ...item.pairs.map((p, i): [string, PropertyKey[]] => [p.right, ['pairs', i, 'right']]),
      ...(item.distractors ?? []).map((d, i): [string, PropertyKey[]] => [d.text, ['distractors', i, 'text']]),
    ];
    for (const [text, path] of rightTexts) {
      const key = text.trim().normalize('NFC');
      const prev = rights.get(key);
      if (prev !== undefined)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `the right-hand answer "${text}" appears twice (also ${prev}); learners could not tell them apart`,
        });
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
/** Public left id → public right id. */
export type MatchingSolution = Record<string, string>;
export type MatchingResponse = Record<string, string>;

const rightId = (i: number): string => `r${i + 1}`;
const leftIds = (def: MatchingItem): PositionalIds =>
  positionalIds(
    'l',
    def.pairs.map((p) => p.id),
  );

function key(def: MatchingItem, arr: MatchingArrangement): Record<string, string> {
  const pos = new Map(arr.rights.map((id, i) => [id, i]));
  const lefts = leftIds(def);
  return Object.fromEntries(
    def.pairs.map((p) => [lefts.toPublic.get(p.id) as string, rightId(pos.get(p.id) as number)]),
  );
}

export const matching = defineItemType<
  typeof MatchingItemSchema,
  MatchingArrangement,
  MatchingResponse,
  PublicMatchingItem,
  MatchingSolution
>({
  name: 'matching',
  schema: MatchingItemSchema,
  arrange: (def, rng) => ({
    rights: derange([...def.pairs.map((p) => p.id), ...(def.distractors ?? []).map((d) => d.id)], rng),
  }),
  publicView(def, arr) {
    const text = new Map([
      ...def.pairs.map((p) => [p.id, p.right] as const),
      ...(def.distractors ?? []).map((d) => [d.id, d.text] as const),
    ]);
    const lefts = leftIds(def);
    return {
      id: def.id,
      type: 'matching',
      prompt: def.prompt,
      lefts: def.pairs.map((p, i) => ({ id: lefts.publicIds[i] as string, text: p.left })),
      rights: arr.rights.map((id, i) => ({ id: rightId(i), text: text.get(id) as string })),
    };
  },
  response: z.record(z.string(), z.string()),
  checkResponse(def, arr, response, issue) {
    const lefts = new Set(leftIds(def).publicIds);
    const rights = new Set(arr.rights.map((_, i) => rightId(i)));
    for (const [left, right] of Object.entries(response)) {
      if (!lefts.has(left)) issue(`.${left}`, `unknown left id "${left}"`);
      if (!rights.has(right)) issue(`.${left}`, `unknown right id "${right}"`);
    }
  },
  fromForm(def, _arr, fields, issue) {
    const out: Record<string, string> = {};
    for (const id of leftIds(def).publicIds) {
      const values = (fields[id] ?? []).map((v) => v.trim()).filter((v) => v !== '');
      if (values.length > 1) issue(`.${id}`, 'expected one value');
      if (values[0] !== undefined) out[id] = values[0];
    }
    return Object.keys(out).length > 0 ? out : undefined;
  },
  grade(def, arr, response) {
    const k = key(def, arr);
    const lefts = leftIds(def);
    let right = 0;
    // Every pair's feedback: it says why this left goes with its right, whatever was answered.
    const feedback: Feedback[] = def.pairs.map((p, i) => {
      const ref = lefts.publicIds[i] as string;
      const answered = response !== null && Object.hasOwn(response, ref);
      const ok = answered && response[ref] === k[ref];
      if (ok) right++;
      return { ref, text: p.feedback, picked: answered, correct: ok };
    });
    return { score: right / def.pairs.length, feedback };
  },
  solution: key,
  keyResponse: key,
  toStored(def, _arr, response) {
    const lefts = leftIds(def);
    return Object.fromEntries(
      Object.entries(response).map(([left, right]) => [lefts.toAuthored.get(left) as string, right]),
    );
  },
  fromStored(def, _arr, stored, issue) {
    if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return stored;
    const lefts = leftIds(def);
    const out: Record<string, unknown> = {};
    for (const [pair, right] of Object.entries(stored)) {
      const left = lefts.toPublic.get(pair);
      if (left === undefined) issue(`.${pair}`, `stored pair id "${pair}" is not in this item`);
      else out[left] = right;
    }
    return out;
  },
  answerText: () => null, // pairs have no single text
  unreadFields: ['feedback'],
  codeFields: [],
});
