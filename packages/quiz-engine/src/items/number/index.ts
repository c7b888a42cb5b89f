/**
 * Number: right when |response − answer| ≤ tolerance. The response may be a number or a string in
 * Vietnamese formatting (see parse.ts: "1.000.000", "2,5"). 1 or 0.
 */
import { z } from 'zod';
import { FeedbackSchema, itemBaseShape, singleValue } from '../common.ts';
import { defineItemType, type PublicBase } from '../item-type.ts';
import { parseVietnameseNumber } from './parse.ts';

export { parseVietnameseNumber } from './parse.ts';

export const NumberItemSchema = z.strictObject({
  ...itemBaseShape,
  type: z.literal('number'),
  answer: z.number(),
  tolerance: z.number().min(0, 'tolerance must not be negative').default(0),
  unit: z.string().optional(),
  feedbackWrong: FeedbackSchema.optional(),
});

export type NumberItem = z.output<typeof NumberItemSchema>;
export type PublicNumberItem = PublicBase<'number'> & { unit?: string };
export type NumberSolution = { answer: number; tolerance: number; unit?: string };
export type NumberResponse = number;

// Tolerance comparisons in floating point: 0.1 + 0.2 must be within 0 of 0.3.
const EPSILON = 1e-9;

export const number = defineItemType<typeof NumberItemSchema, null, NumberResponse, PublicNumberItem, NumberSolution>({
  name: 'number',
  schema: NumberItemSchema,
  arrange: () => null,
  publicView: (def) => ({ id: def.id, type: 'number', prompt: def.prompt, ...(def.unit === undefined ? {} : { unit: def.unit }) }),
  response: z.union([z.number(), z.string().max(100)]).transform((v, ctx) => {
    const n = typeof v === 'number' ? v : parseVietnameseNumber(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: `"${String(v)}" is not a number` });
      return z.NEVER;
    }
    return n;
  }),
  checkResponse() {},
  fromForm: (_def, _arr, fields, issue) => singleValue(fields, issue),
  grade(def, _arr, response) {
    const right = Math.abs(response - def.answer) <= def.tolerance + EPSILON * Math.max(1, Math.abs(def.answer));
    return {
      score: right ? 1 : 0,
      feedback: !right && def.feedbackWrong !== undefined ? [{ ref: 'wrong', text: def.feedbackWrong }] : [],
    };
  },
  solution: (def) => ({ answer: def.answer, tolerance: def.tolerance, ...(def.unit === undefined ? {} : { unit: def.unit }) }),
  keyResponse: (def) => def.answer,
});
