/**
 * Number: right when |response − answer| ≤ tolerance. The response may be a number or what the
 * learner typed, in Vietnamese formatting and with the unit or a currency/percent sign after it
 * (see parse.ts: "1.000.000", "2,5", "50.000đ", "15 %"). What cannot be read as a number is graded
 * as wrong (feedback ref "unreadable"), never refused: the learner typed it through the page.
 */
import { z } from 'zod';
import { FeedbackSchema, itemBaseShape, plainAnswerText, singleValue } from '../common.ts';
import { defineItemType, type PublicBase } from '../item-type.ts';
import { parseNumberAnswer } from './parse.ts';

export { parseNumberAnswer, parseVietnameseNumber } from './parse.ts';

export const NumberItemSchema = z.strictObject({
  ...itemBaseShape,
  type: z.literal('number'),
  answer: z.number(),
  tolerance: z.number().min(0, 'tolerance must not be negative').default(0),
  unit: z.string().optional(),
  feedbackWrong: FeedbackSchema,
});

export type NumberItem = z.output<typeof NumberItemSchema>;
export type PublicNumberItem = PublicBase<'number'> & { unit?: string };
export type NumberSolution = { answer: number; tolerance: number; unit?: string };
/** A number, or the text as typed (kept as typed, so the result shows the learner's own answer). */
export type NumberResponse = number | string;

/**
 * Rounding slack for the tolerance test, relative to the numbers compared: a few units in the last
 * place, so 0.1 + 0.2 is within 0 of 0.3, while 2 000 000 002 is not within 0 of 2 000 000 000.
 */
const ULPS = 4 * Number.EPSILON;

export function withinTolerance(value: number, answer: number, tolerance: number): boolean {
  return Math.abs(value - answer) <= tolerance + ULPS * Math.max(Math.abs(value), Math.abs(answer), tolerance);
}

export const number = defineItemType<typeof NumberItemSchema, null, NumberResponse, PublicNumberItem, NumberSolution>({
  name: 'number',
  schema: NumberItemSchema,
  arrange: () => null,
  publicView: (def) => ({
    id: def.id,
    type: 'number',
    prompt: def.prompt,
    ...(def.unit === undefined ? {} : { unit: def.unit }),
  }),
  response: z.union([z.number(), z.string().max(1000, 'answer is too long')]),
  checkResponse() {},
  fromForm: (_def, _arr, fields, issue) => singleValue(fields, issue),
  grade(def, _arr, response) {
    if (response === null) return { score: 0, feedback: [] };
    const value = typeof response === 'number' ? response : parseNumberAnswer(response, def.unit);
    if (value === null)
      return { score: 0, feedback: [{ ref: 'unreadable', text: def.feedbackWrong, picked: true, correct: false }] };
    const right = withinTolerance(value, def.answer, def.tolerance);
    return {
      score: right ? 1 : 0,
      feedback: right ? [] : [{ ref: 'wrong', text: def.feedbackWrong, picked: true, correct: false }],
    };
  },
  solution: (def) => ({
    answer: def.answer,
    tolerance: def.tolerance,
    ...(def.unit === undefined ? {} : { unit: def.unit }),
  }),
  keyResponse: (def) => def.answer,
  toStored: (_def, _arr, response) => response,
  fromStored: (_def, _arr, stored) => stored,
  answerText: (_def, _arr, response, words) => plainAnswerText(response, words),
  unreadFields: ['feedbackWrong'],
  codeFields: [],
});
