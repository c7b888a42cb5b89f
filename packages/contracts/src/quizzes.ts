import { z } from 'zod';

export const QuizQuerySchema = z.object({
  attemptId: z.uuid().describe('the attempt the learner is about to make; selection and shuffle follow from it'),
});

export const LessonParamsSchema = z.object({
  lessonId: z.string().regex(/^[a-z0-9-]{1,80}$/),
});

/** The public view of a quiz for one attempt: what is needed to answer, never a key. */
export const PublicQuizSchema = z.object({
  lessonId: z.string(),
  attemptId: z.uuid(),
  version: z.string(),
  passMark: z.number(),
  attempts: z
    .object({ max: z.number().int().optional(), cooldownMinutes: z.number().optional() })
    .optional()
    .describe('the attempt policy, when the quiz has one'),
  items: z.array(z.looseObject({ id: z.string(), type: z.string(), prompt: z.string() })),
});
export type PublicQuizDto = z.infer<typeof PublicQuizSchema>;
