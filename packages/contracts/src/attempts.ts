import { z } from 'zod';
import { ANSWER_FIELD_NAME } from './answer-fields.ts';

export const ATTEMPT_SOURCES = ['online', 'offline_sync'] as const;

export const SubmitAttemptSchema = z.strictObject({
  id: z.uuid().describe('made by the browser before sending; the same id sent again is the same attempt'),
  lessonId: z.string().regex(/^[a-z0-9-]{1,80}$/),
  quizVersion: z.string().regex(/^[0-9a-f]{8,64}$/),
  answers: z
    .record(z.string().max(80), z.unknown())
    .refine((a) => Object.keys(a).length <= 50, 'too many answers')
    .describe('item id → response, in the shape of each item type'),
  startedAt: z.iso.datetime({ offset: true }).optional().describe('device clock'),
  submittedAt: z.iso.datetime({ offset: true }).optional().describe('device clock'),
  source: z.enum(ATTEMPT_SOURCES).default('online'),
});
export type SubmitAttempt = z.input<typeof SubmitAttemptSchema>;

/** The quiz page posted as an HTML form, when the browser runs no JavaScript. */
export const AttemptFormSchema = z
  .record(z.string().max(200), z.array(z.string().max(2000)).max(50))
  .refine((f) => Object.keys(f).length <= 300, 'too many fields');

export const AttemptParamsSchema = z.object({ id: z.uuid() });

/**
 * The answer fields of a refused no-JavaScript form, sent back to the quiz page so nothing typed is
 * lost: the query parameter `tl` is base64url(JSON) of `[field name, values][]`, names `q.<item>[.<sub>]`.
 */
export const ReturnedAnswersSchema = z
  .array(z.tuple([z.string().regex(ANSWER_FIELD_NAME), z.array(z.string().max(2000)).max(50)]))
  .max(300);

export const ItemResultSchema = z.object({
  id: z.string(),
  type: z.string(),
  score: z.number(),
  correct: z.boolean(),
  response: z.unknown(),
  explanation: z.string(),
  feedback: z
    .array(
      z.object({ ref: z.string(), text: z.string(), picked: z.boolean().optional(), correct: z.boolean().optional() }),
    )
    .describe(
      'authored feedback for every option, pair or segment (ref = its id in `item`): picked by the learner, right',
    ),
  solution: z.unknown(),
  item: z
    .looseObject({ id: z.string(), type: z.string(), prompt: z.string() })
    .describe('the item as the learner saw it'),
});

export const LessonProgressSchema = z.object({
  lessonId: z.string(),
  attempts: z.number().int(),
  bestScore: z.number(),
  lastScore: z.number(),
  passed: z.boolean(),
  firstPassedAt: z.string().nullable(),
  lastAttemptAt: z.string(),
});
export type LessonProgress = z.infer<typeof LessonProgressSchema>;

export const AttemptResultSchema = z.object({
  id: z.uuid(),
  lessonId: z.string(),
  quizVersion: z.string(),
  score: z.number(),
  passMark: z.number(),
  passed: z.boolean(),
  receivedAt: z.string(),
  items: z.array(ItemResultSchema),
  progress: LessonProgressSchema,
});
export type AttemptResult = z.infer<typeof AttemptResultSchema>;
