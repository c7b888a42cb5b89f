/**
 * Short text: the response is a string, right when its normalised form equals the normalised form
 * of an accepted answer (normalisation chosen by the author, see normalize.ts). A known wrong
 * answer (`wrong[]`) gives its feedback. 1 or 0.
 */
import { z } from 'zod';
import { normalizeText } from '../../normalize.ts';
import { FeedbackSchema, itemBaseShape, plainAnswerText, singleValue, TextSchema } from '../common.ts';
import { defineItemType, type PublicBase } from '../item-type.ts';

const NormalizeSchema = z.strictObject({
  case: z.boolean().default(true),
  spaces: z.boolean().default(true),
  diacritics: z.boolean().default(false),
});

export const TextItemSchema = z
  .strictObject({
    ...itemBaseShape,
    type: z.literal('text'),
    accept: z.array(TextSchema).min(1, 'a text item needs at least one accepted answer'),
    normalize: NormalizeSchema.default({ case: true, spaces: true, diacritics: false }),
    wrong: z.array(z.strictObject({ answer: TextSchema, feedback: FeedbackSchema })).optional(),
    placeholder: z.string().optional(),
  })
  .superRefine((item, ctx) => {
    const accepted = new Set(item.accept.map((a) => normalizeText(a, item.normalize)));
    (item.wrong ?? []).forEach((w, i) => {
      if (accepted.has(normalizeText(w.answer, item.normalize))) {
        ctx.addIssue({
          code: 'custom',
          path: ['wrong', i, 'answer'],
          message: `"${w.answer}" is also an accepted answer`,
        });
      }
    });
  });

export type TextItem = z.output<typeof TextItemSchema>;
export type PublicTextItem = PublicBase<'text'> & { placeholder?: string };
/** The first accepted answer. */
export type TextSolution = string;
export type TextResponse = string;

// Normalised answers per item, computed once (parsed quizzes are frozen).
const normalised = new WeakMap<TextItem, { accept: Set<string>; wrong: string[] }>();
function answersOf(def: TextItem): { accept: Set<string>; wrong: string[] } {
  let n = normalised.get(def);
  if (n === undefined) {
    n = {
      accept: new Set(def.accept.map((a) => normalizeText(a, def.normalize))),
      wrong: (def.wrong ?? []).map((w) => normalizeText(w.answer, def.normalize)),
    };
    normalised.set(def, n);
  }
  return n;
}

export const text = defineItemType<typeof TextItemSchema, null, TextResponse, PublicTextItem, TextSolution>({
  name: 'text',
  schema: TextItemSchema,
  arrange: () => null,
  publicView: (def) => ({
    id: def.id,
    type: 'text',
    prompt: def.prompt,
    ...(def.placeholder === undefined ? {} : { placeholder: def.placeholder }),
  }),
  response: z.string().max(1000, 'answer is too long'),
  checkResponse() {},
  fromForm: (_def, _arr, fields, issue) => singleValue(fields, issue),
  grade(def, _arr, response) {
    if (response === null) return { score: 0, feedback: [] };
    const answer = normalizeText(response, def.normalize);
    const known = answersOf(def);
    if (known.accept.has(answer)) return { score: 1, feedback: [] };
    const i = known.wrong.indexOf(answer);
    const wrong = def.wrong?.[i];
    return {
      score: 0,
      feedback: wrong === undefined ? [] : [{ ref: `wrong[${i}]`, text: wrong.feedback, picked: true, correct: false }],
    };
  },
  solution: (def) => def.accept[0] as string,
  keyResponse: (def) => def.accept[0] as string,
  toStored: (_def, _arr, response) => response,
  fromStored: (_def, _arr, stored) => stored,
  answerText: (_def, _arr, response, words) => plainAnswerText(response, words),
  unreadFields: ['accept', 'wrong'],
  codeFields: [],
});
