import { z } from 'zod';
import { LessonProgressSchema } from './attempts.ts';

export const ProgressSchema = z.object({
  lessons: z.array(LessonProgressSchema),
});
export type Progress = z.infer<typeof ProgressSchema>;
