/**
 * Spot the signs: a message or screen split into segments; the learner marks the suspicious ones.
 * Score = (hits − false alarms) ÷ suspicious segments, never below 0. Segments keep their authored
 * order (they form a message) and are shown as "g1"…"gn" in that order, not by their authored ids,
 * which could be telling ("fake-link"). Feedback: every segment, marked picked and suspicious.
 */
import { z } from 'zod';
import {
  checkIdList,
  checkUniqueIds,
  ChildIdSchema,
  FeedbackSchema,
  itemBaseShape,
  listedAnswerText,
  ownValues,
  positionalIds,
  type PositionalIds,
  storedIdList,
  TextSchema,
} from '../common.ts';
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
      ctx.addIssue({
        code: 'custom',
        path: ['segments'],
        message: 'a spot item needs at least one suspicious segment',
      });
    }
  });

export type SpotItem = z.output<typeof SpotItemSchema>;
export type PublicSpotItem = PublicBase<'spot'> & {
  context: SpotItem['context'];
  from?: string;
  segments: { id: string; text: string; label?: string }[];
};
/** Public ids of the suspicious segments, in message order. */
export type SpotSolution = string[];
export type SpotResponse = string[];

const segmentIds = (def: SpotItem): PositionalIds =>
  positionalIds(
    'g',
    def.segments.map((s) => s.id),
  );
const suspiciousIds = (def: SpotItem): string[] => {
  const ids = segmentIds(def);
  return def.segments.flatMap((s, i) => (s.suspicious === true ? [ids.publicIds[i] as string] : []));
};

export const spot = defineItemType<typeof SpotItemSchema, null, SpotResponse, PublicSpotItem, SpotSolution>({
  name: 'spot',
  schema: SpotItemSchema,
  arrange: () => null,
  publicView: (def) => {
    const ids = segmentIds(def);
    return {
      id: def.id,
      type: 'spot',
      prompt: def.prompt,
      context: def.context,
      ...(def.from === undefined ? {} : { from: def.from }),
      segments: def.segments.map((s, i) => ({
        id: ids.publicIds[i] as string,
        text: s.text,
        ...(s.label === undefined ? {} : { label: s.label }),
      })),
    };
  },
  response: z.array(z.string()),
  checkResponse: (def, _arr, response, issue) =>
    checkIdList(response, new Set(segmentIds(def).publicIds), 'segment', issue),
  fromForm(_def, _arr, fields) {
    const values = ownValues(fields);
    return values.length > 0 ? values : undefined;
  },
  grade(def, _arr, response) {
    const marked = new Set(response ?? []);
    const suspicious = suspiciousIds(def);
    const hits = suspicious.filter((id) => marked.has(id)).length;
    const falseAlarms = marked.size - hits;
    const ids = segmentIds(def);
    return {
      score: Math.max(0, (hits - falseAlarms) / suspicious.length),
      feedback: def.segments.map((s, i) => {
        const ref = ids.publicIds[i] as string;
        return { ref, text: s.feedback, picked: marked.has(ref), correct: s.suspicious === true };
      }),
    };
  },
  solution: suspiciousIds,
  keyResponse: suspiciousIds,
  toStored: (def, _arr, response) => response.map((id) => segmentIds(def).toAuthored.get(id) as string),
  fromStored: (def, _arr, stored, issue) => storedIdList(stored, segmentIds(def), 'segment', issue),
  answerText(def, _arr, response) {
    const ids = segmentIds(def);
    return listedAnswerText(
      def.segments.map((s, i) => ({ id: ids.publicIds[i] as string, text: s.text })),
      response,
    );
  },
  unreadFields: ['context', 'feedback'],
  codeFields: ['context'],
});
