import { z } from 'zod';

export const STUDENT_LEVELS = ['primary', 'lower_secondary', 'upper_secondary', 'higher'] as const;
export const ROLES = ['teacher', 'ambassador', 'official', 'admin'] as const;
export type StudentLevel = (typeof STUDENT_LEVELS)[number];
export type Role = (typeof ROLES)[number];

export { CONSENT_VERSION } from './consent.ts';

const thisYear = new Date().getUTCFullYear();

export const SignupSchema = z.strictObject({
  login: z.string().trim().min(3).max(40).describe('a Vietnamese mobile number or a username'),
  password: z.string().min(8).max(128),
  displayName: z.string().trim().min(1).max(60),
  birthYear: z.coerce
    .number()
    .int()
    .min(thisYear - 110)
    .max(thisYear - 5),
  communeCode: z.string().regex(/^\d{5}$/),
  publicServant: z.boolean().default(false),
  worker: z.boolean().default(false),
  studentLevel: z.enum(STUDENT_LEVELS).nullable().default(null),
  householdKey: z.string().trim().max(40).nullish(),
  hasSmartphone: z.boolean().nullish(),
  hasEpayment: z.boolean().nullish(),
  consentVersion: z.string().max(20),
  /** browsers get httpOnly cookies; API clients ask for the tokens in the body */
  tokens: z.enum(['cookie', 'body']).default('cookie'),
});

export const LoginSchema = z.strictObject({
  login: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(128),
  tokens: z.enum(['cookie', 'body']).default('cookie'),
});

export const RefreshSchema = z
  .strictObject({ refreshToken: z.string().min(20).max(200).optional() })
  .describe('API clients send the refresh token in the body; browsers send the cookie');

export const SessionSchema = z.object({
  user: z.object({ id: z.uuid(), roles: z.array(z.enum(ROLES)) }),
  accessToken: z.string().optional(),
  refreshToken: z.string().optional(),
  accessExpiresIn: z.number().int(),
});

export const ProfileSchema = z.object({
  id: z.uuid(),
  login: z.string(),
  displayName: z.string(),
  birthYear: z.number().int(),
  commune: z.object({ code: z.string(), name: z.string(), provinceName: z.string().nullable() }),
  householdKey: z.string().nullable(),
  groups: z.object({
    publicServant: z.boolean(),
    worker: z.boolean(),
    studentLevel: z.enum(STUDENT_LEVELS).nullable(),
  }),
  hasSmartphone: z.boolean().nullable(),
  hasEpayment: z.boolean().nullable(),
  consentVersion: z.string(),
  consentAt: z.string(),
  createdAt: z.string(),
  roles: z.array(z.object({ role: z.enum(ROLES), scopeUnitCode: z.string().nullable() })),
});
export type Profile = z.infer<typeof ProfileSchema>;

export const RecordSchema = z.object({
  displayName: z.string(),
  curriculum: z
    .object({ version: z.string(), group: z.string(), groupTitle: z.string(), passRule: z.string() })
    .nullable(),
  modules: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      lessons: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          core: z.boolean(),
          attempts: z.number().int(),
          bestScore: z.number().nullable(),
          passed: z.boolean(),
          firstPassedAt: z.string().nullable(),
        }),
      ),
    }),
  ),
  core: z.object({ total: z.number().int(), passed: z.number().int(), remaining: z.array(z.string()) }),
  certification: z
    .object({
      code: z.string(),
      earnedAt: z.string(),
      curriculumVersion: z.string(),
      group: z.string(),
      revoked: z.boolean(),
    })
    .nullable(),
});
export type LearningRecord = z.infer<typeof RecordSchema>;

export const DeleteAccountSchema = z.strictObject({ password: z.string().min(1).max(128) });

export const CommuneSearchSchema = z.object({
  q: z.string().trim().min(1).max(60),
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const CommuneSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  provinceCode: z.string().nullable(),
  provinceName: z.string().nullable(),
});

export const ProvinceSchema = z.object({ code: z.string(), name: z.string(), kind: z.string() });

export const RoleGrantInputSchema = z.strictObject({
  login: z.string().trim().min(1).max(40),
  role: z.enum(ROLES),
  scopeUnitCode: z
    .string()
    .regex(/^\d{2}(\d{3})?$/)
    .nullable()
    .default(null),
});

export const RoleGrantSchema = z.object({
  id: z.uuid(),
  role: z.enum(ROLES),
  scopeUnitCode: z.string().nullable(),
  grantedAt: z.string(),
});
