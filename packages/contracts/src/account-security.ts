import { z } from 'zod';

/** Same bounds as at sign-up; what is "too common" is decided by the API (it holds the list). */
const NewPassword = z.string().min(8).max(128);
const Tokens = z.enum(['cookie', 'body']).default('cookie');

export const PasswordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1).max(128),
  newPassword: NewPassword,
  tokens: Tokens,
});

/** "Mã khôi phục": 16 letters and digits shown once at sign-up, typed with or without dashes. */
export const RecoveryCodeText = z
  .string()
  .trim()
  .min(8)
  .max(40)
  .describe('the one-time recovery code written down at sign-up; dashes and case do not matter');

export const RecoverSchema = z.strictObject({
  login: z.string().trim().min(1).max(40),
  recoveryCode: RecoveryCodeText,
  newPassword: NewPassword,
  tokens: Tokens,
});

export const RecoveryCodeSchema = z.object({
  recoveryCode: z.string().describe('shown once: write it down; it replaces any earlier code'),
});
export const RecoveryCodeRequestSchema = z.strictObject({ password: z.string().min(1).max(128) });

/**
 * A reset made for someone: a teacher or ambassador for an account they created (a pupil's lost
 * card), or a commune official or ambassador in person for an adult of their commune.
 */
export const PasswordResetInputSchema = z
  .strictObject({
    userId: z.uuid().optional(),
    login: z.string().trim().min(1).max(40).optional(),
  })
  .refine((v) => (v.userId ? 1 : 0) + (v.login ? 1 : 0) === 1, 'give either userId or login');

export const PasswordResetSchema = z.object({
  userId: z.uuid(),
  login: z.string(),
  displayName: z.string(),
  /** the new password, for a new card; the old one no longer works and the account's sessions are ended */
  password: z.string(),
  /** other accounts made by the same person with the same name: print the login on the card */
  sameName: z.array(z.object({ userId: z.uuid(), login: z.string() })),
});

export const AUDIT_ACTIONS = [
  'role.granted',
  'role.revoked',
  'password.changed',
  'password.reset',
  'password.recovered',
  'recovery_code.renewed',
  'population.proposed',
  'population.approved',
  'population.rejected',
  'population.applied',
  'target.set',
  'certificate.revoked',
  'account.deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditQuerySchema = z.object({
  unit: z
    .string()
    .regex(/^\d{2}(\d{3})?$/)
    .optional()
    .describe('a province or commune; administrators may leave it out (everything)'),
  action: z.enum(AUDIT_ACTIONS).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const AuditEventSchema = z.object({
  id: z.uuid(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLogin: z.string().nullable(),
  action: z.string(),
  unitCode: z.string().nullable(),
  targetId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;
