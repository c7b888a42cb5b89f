/**
 * Multiple choice: at least one correct option; the response is the picked (public) option ids.
 * Score = (right picks − wrong picks) ÷ correct options, never below 0.
 */
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
import { checkIdList, checkUniqueIds, itemBaseShape, listedAnswerText, ownValues, storedIdList } from '../common.ts';
import { defineItemType, type PublicBase } from '../item-type.ts';

export const MultipleItemSchema = z
  .strictObject({
    ...itemBaseShape,
    type: z.literal('multiple'),
    options: z.array(OptionSchema).min(2, 'a multiple-choice item needs at least 2 options'),
  })
  .superRefine((item, ctx) => {
    checkUniqueIds(item.options, 'options', 'option', ctx);
    if (!item.options.some((o) => o.correct === true)) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'a multiple-choice item needs at least one correct option',
      });
    }
  });

export type MultipleItem = z.output<typeof MultipleItemSchema>;
export type PublicMultipleItem = PublicBase<'multiple'> & { options: PublicOption[] };
/** Public ids of the correct options, in presented order. */
export type MultipleSolution = string[];
export type MultipleResponse = string[];

export const multiple = defineItemType<
  typeof MultipleItemSchema,
  ChoiceArrangement,
  MultipleResponse,
  PublicMultipleItem,
  MultipleSolution
>({
  name: 'multiple',
  schema: MultipleItemSchema,
  arrange: (def, rng, shuffleOptions) => arrangeOptions(def.options, rng, shuffleOptions),
  publicView: (def, arr) => ({
    id: def.id,
    type: 'multiple',
    prompt: def.prompt,
    options: publicOptions(def.options, arr),
  }),
  response: z.array(z.string()),
  checkResponse: (_def, arr, response, issue) =>
    checkIdList(response, new Set(optionIds(arr).publicIds), 'option', issue),
  fromForm(_def, _arr, fields) {
    const values = ownValues(fields);
    return values.length > 0 ? values : undefined;
  },
  grade(def, arr, response) {
    const picked = new Set(response ?? []);
    const correct = correctPublicIds(def.options, arr);
    const right = correct.filter((id) => picked.has(id)).length;
    const wrong = picked.size - right;
    return { score: Math.max(0, (right - wrong) / correct.length), feedback: optionFeedback(def.options, arr, picked) };
  },
  solution: (def, arr) => correctPublicIds(def.options, arr),
  keyResponse: (def, arr) => correctPublicIds(def.options, arr),
  toStored: (_def, arr, response) => response.map((id) => optionIds(arr).toAuthored.get(id) as string),
  fromStored: (_def, arr, stored, issue) => storedIdList(stored, optionIds(arr), 'option', issue),
  answerText: (def, arr, response) => listedAnswerText(publicOptions(def.options, arr), response),
  unreadFields: ['feedback'],
  codeFields: [],
});
