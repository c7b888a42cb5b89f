/**
 * True/false: the response is a boolean; 1 or 0. Feedback: both texts (`true`, `false`), marked
 * which the learner picked and which is right; each is written to the learner who gave that answer.
 */
import { z } from 'zod';
import { FeedbackSchema, itemBaseShape, plainAnswerText, singleValue } from '../common.ts';
import { defineItemType, type PublicBase } from '../item-type.ts';

export const TrueFalseItemSchema = z.strictObject({
  ...itemBaseShape,
  type: z.literal('truefalse'),
  answer: z.boolean(),
  feedbackTrue: FeedbackSchema,
  feedbackFalse: FeedbackSchema,
});

export type TrueFalseItem = z.output<typeof TrueFalseItemSchema>;
export type PublicTrueFalseItem = PublicBase<'truefalse'>;
export type TrueFalseSolution = boolean;
export type TrueFalseResponse = boolean;

export const truefalse = defineItemType<
  typeof TrueFalseItemSchema,
  null,
  TrueFalseResponse,
  PublicTrueFalseItem,
  TrueFalseSolution
>({
  name: 'truefalse',
  schema: TrueFalseItemSchema,
  arrange: () => null,
  publicView: (def) => ({ id: def.id, type: 'truefalse', prompt: def.prompt }),
  response: z.boolean(),
  checkResponse() {},
  fromForm(_def, _arr, fields, issue) {
    const value = singleValue(fields, issue);
    if (value === undefined) return undefined;
    if (value === 'true') return true;
    if (value === 'false') return false;
    issue('', 'expected "true" or "false"');
    return undefined;
  },
  grade: (def, _arr, response) => ({
    score: response === def.answer ? 1 : 0,
    feedback: [
      { ref: 'true', text: def.feedbackTrue, picked: response === true, correct: def.answer },
      { ref: 'false', text: def.feedbackFalse, picked: response === false, correct: !def.answer },
    ],
  }),
  solution: (def) => def.answer,
  keyResponse: (def) => def.answer,
  toStored: (_def, _arr, response) => response,
  fromStored: (_def, _arr, stored) => stored,
  answerText: (_def, _arr, response, words) => plainAnswerText(response, words),
  unreadFields: ['feedbackTrue', 'feedbackFalse'],
  codeFields: [],
});
