/**
 * Spot the signs: a message or screen split into segments; the learner marks the suspicious ones.
 * Score = (hits − false alarms) ÷ suspicious segments, never below 0. Segments keep their authored
 * order (they form a message). Feedback: every marked segment, and every suspicious one missed.
 */
import { z } from 'zod';
import { checkIdList, checkUniqueIds, ChildIdSchema, FeedbackSchema, itemBaseShape, ownValues, TextSchema } from '../common.ts';
import { defineItemType, type PublicBase } from '../item-type.ts';

export const SpotItemSchema = z
  .strictObject({
    ...itemBaseShape,
    type: z.literal('spot'),
    context: z.enum(['sms', 'call', 'email', 'screen']),
    from: z.string().optional(),
    segments: z
      .array(
        z.strictObject({
          id: ChildIdSchema,
          text: TextSchema,
          label: z.string().optional(),
          suspicious: z.boolean().optional(),
          feedback: FeedbackSchema,
        }),
      )
      .min(1, 'a spot item needs segments'),
  })
  .superRefine((item, ctx) => {
    checkUniqueIds(item.segments, 'segments', 'segment', ctx);
    if (!item.segments.some((s) => s.suspicious === true)) {
      ctx.addIssue({ code: 'custom', path: ['segments'], message: 'a spot item needs at least one suspicious segment' });
    }
  });

export type SpotItem = z.output<typeof SpotItemSchema>;
export type PublicSpotItem = PublicBase<'spot'> & {
  context: SpotItem['context'];
  from?: string;
  segments: { id: string; text: string; label?: string }[];
};
/** Ids of the suspicious segments, in message order. */
export type SpotSolution = string[];
export type SpotResponse = string[];

const suspiciousIds = (def: SpotItem): string[] => def.segments.filter((s) => s.suspicious === true).map((s) => s.id);

export const spot = defineItemType<typeof SpotItemSchema, null, SpotResponse, PublicSpotItem, SpotSolution>({
  name: 'spot',
  schema: SpotItemSchema,
  arrange: () => null,
  publicView: (def) => ({
    id: def.id,
    type: 'spot',
    prompt: def.prompt,
    context: def.context,
    ...(def.from === undefined ? {} : { from: def.from }),
    segments: def.segments.map((s) => ({ id: s.id, text: s.text, ...(s.label === undefined ? {} : { label: s.label }) })),
  }),
  response: z.array(z.string()),
  checkResponse: (def, _arr, response, issue) => checkIdList(response, new Set(def.segments.map((s) => s.id)), 'segment', issue),
  fromForm(_def, _arr, fields) {
    const values = ownValues(fields);
    return values.length > 0 ? values : undefined;
  },
  grade(def, _arr, response) {
    const marked = new Set(response);
    const suspicious = suspiciousIds(def);
    const hits = suspicious.filter((id) => marked.has(id)).length;
    const falseAlarms = marked.size - hits;
    return {
      score: Math.max(0, (hits - falseAlarms) / suspicious.length),
      feedback: def.segments
        .filter((s) => marked.has(s.id) || s.suspicious === true)
        .map((s) => ({ ref: s.id, text: s.feedback })),
    };
  },
  solution: suspiciousIds,
  keyResponse: suspiciousIds,
});
