/** Single choice: exactly one correct option; the response is one (public) option id; 1 or 0. */
import { z } from 'zod';
import {
  arrangeOptions,
  correctPublicIds,
  OptionSchema,
  optionFeedback,
  optionIds,
  publicOptions,
  type ChoiceArrangement,
  type PublicOption,
} from '../choice.ts';
import { checkUniqueIds, itemBaseShape, listedAnswerText, singleValue, storedId } from '../common.ts';
import { defineItemType, type PublicBase } from '../item-type.ts';

export const SingleItemSchema = z
  .strictObject({
    ...itemBaseShape,
    type: z.literal('single'),
    options: z.array(OptionSchema).min(2, 'a single-choice item needs at least 2 options'),
  })
  .superRefine((item, ctx) => {
    checkUniqueIds(item.options, 'options', 'option', ctx);
    const correct = item.options.filter((o) => o.correct === true).length;
    if (correct !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `a single-choice item needs exactly one correct option (found ${correct})`,
      });
    }
  });

export type SingleItem = z.output<typeof SingleItemSchema>;
export type PublicSingleItem = PublicBase<'single'> & { options: PublicOption[] };
/** The public id of the correct option. */
export type SingleSolution = string;
export type SingleResponse = string;

const key = (def: SingleItem, arr: ChoiceArrangement): string => correctPublicIds(def.options, arr)[0] as string;

export const single = defineItemType<
  typeof SingleItemSchema,
  ChoiceArrangement,
  SingleResponse,
  PublicSingleItem,
  SingleSolution
>({
  name: 'single',
  schema: SingleItemSchema,
  arrange: (def, rng, shuffleOptions) => arrangeOptions(def.options, rng, shuffleOptions),
  publicView: (def, arr) => ({
    id: def.id,
    type: 'single',
    prompt: def.prompt,
    options: publicOptions(def.options, arr),
  }),
  response: z.string(),
  checkResponse(_def, arr, response, issue) {
    if (!optionIds(arr).toAuthored.has(response)) issue('', `unknown option id "${response}"`);
  },
  fromForm: (_def, _arr, fields, issue) => singleValue(fields, issue),
  grade(def, arr, response) {
    return {
      score: response !== null && response === key(def, arr) ? 1 : 0,
      feedback: optionFeedback(def.options, arr, new Set(response === null ? [] : [response])),
    };
  },
  solution: key,
  keyResponse: key,
  toStored: (_def, arr, response) => optionIds(arr).toAuthored.get(response) as string,
  fromStored: (_def, arr, stored, issue) => storedId(stored, optionIds(arr), 'option', issue),
  answerText: (def, arr, response) => listedAnswerText(publicOptions(def.options, arr), response),
  unreadFields: ['feedback'],
  codeFields: [],
});
