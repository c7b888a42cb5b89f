import { z } from 'zod';

export const HealthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  migrations: z.number().int().describe('migrations applied'),
  lessons: z.number().int().describe('lessons in the catalog'),
});
export type Health = z.infer<typeof HealthSchema>;
