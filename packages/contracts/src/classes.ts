import { z } from 'zod';
import { STUDENT_LEVELS } from './accounts.ts';

export const ClassInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  school: z.string().trim().max(120).nullish(),
});

export const ClassSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  school: z.string().nullable(),
  joinCode: z.string().nullable(),
  students: z.number().int(),
  createdAt: z.string(),
  archivedAt: z.string().nullable(),
});

export const AssignmentSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  moduleId: z.string().nullable(),
  lessonIds: z.array(z.string()),
  dueAt: z.string(),
});

export const ClassDetailSchema = ClassSummarySchema.extend({
  /** the link the QR code holds, on the platform's public address */
  joinUrl: z.string().nullable(),
  students: z.array(z.object({ userId: z.uuid(), displayName: z.string(), login: z.string() })),
  assignments: z.array(AssignmentSchema),
});

export const ClassParamsSchema = z.object({ id: z.uuid() });
export const MemberParamsSchema = z.object({ id: z.uuid(), userId: z.uuid() });

export const JoinSchema = z.strictObject({ code: z.string().trim().min(4).max(12) });

export const BulkStudentsSchema = z.strictObject({
  names: z.array(z.string().trim().min(1).max(60)).min(1).max(60),
  birthYear: z.coerce
    .number()
    .int()
    .min(1990)
    .max(new Date().getUTCFullYear() - 4),
  studentLevel: z.enum(STUDENT_LEVELS),
  consent: z.literal(true).describe('the teacher confirms the school or the parents agreed'),
});

export const LoginCardsSchema = z.object({
  className: z.string(),
  accounts: z.array(z.object({ userId: z.uuid(), displayName: z.string(), login: z.string(), password: z.string() })),
});

export const AssignInputSchema = z
  .strictObject({
    title: z.string().trim().max(120).nullish(),
    moduleId: z
      .string()
      .regex(/^[a-z0-9-]{1,80}$/)
      .nullish(),
    lessonIds: z
      .array(z.string().regex(/^[a-z0-9-]{1,80}$/))
      .max(60)
      .optional(),
    dueAt: z.iso.datetime({ offset: true }),
  })
  .refine((a) => a.moduleId || a.lessonIds?.length, 'choose a module or lessons');

const CellSchema = z.object({
  lessonId: z.string(),
  status: z.enum(['passed', 'passed_late', 'tried', 'not_started', 'overdue']),
  bestScore: z.number().nullable(),
  attempts: z.number().int(),
  passedAt: z.string().nullable(),
});

export const BoardSchema = z.object({
  lessons: z.array(
    z.object({
      lessonId: z.string(),
      title: z.string(),
      dueAt: z.string(),
      assignmentId: z.string(),
      passed: z.number().int(),
    }),
  ),
  rows: z.array(
    z.object({
      userId: z.string(),
      displayName: z.string(),
      login: z.string(),
      passed: z.number().int(),
      late: z.number().int(),
      cells: z.array(CellSchema),
    }),
  ),
  hardest: z.array(
    z.object({
      lessonId: z.string(),
      itemId: z.string(),
      prompt: z.string(),
      answered: z.number().int(),
      correctShare: z.number(),
      wrongAnswers: z.array(z.object({ answer: z.string(), count: z.number().int() })),
    }),
  ),
});
export type BoardDto = z.infer<typeof BoardSchema>;

export const MyAssignmentsSchema = z.array(
  z.object({
    id: z.uuid(),
    className: z.string(),
    title: z.string(),
    dueAt: z.string(),
    lessons: z.array(z.object({ id: z.string(), title: z.string(), passed: z.boolean(), late: z.boolean() })),
  }),
);
export type MyAssignments = z.infer<typeof MyAssignmentsSchema>;

export const MyClassesSchema = z.array(
  z.object({
    id: z.uuid(),
    name: z.string(),
    school: z.string().nullable(),
    teacherName: z.string(),
    joinedAt: z.string(),
  }),
);
export type MyClasses = z.infer<typeof MyClassesSchema>;
