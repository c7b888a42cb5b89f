import { z } from 'zod';

/** Every error the API returns has this shape. `code` is stable; the web translates it for people. */
export const ErrorSchema = z.object({
  code: z.string().describe('stable, snake_case'),
  message: z.string().describe('for developers and logs; the web shows its own Vietnamese text per code'),
});
export type ApiError = z.infer<typeof ErrorSchema>;

export const ERROR_CODES = [
  'invalid_request',
  'invalid_response',
  'not_found',
  'lesson_not_found',
  'attempt_not_found',
  'attempt_conflict',
  'quiz_version_unknown',
  'attempt_limit_reached',
  'attempt_too_soon',
  'forbidden_origin',
  'payload_too_large',
  'rate_limited',
  'unauthenticated',
  'forbidden',
  'token_expired',
  'token_invalid',
  'invalid_login',
  'invalid_credentials',
  'login_taken',
  'consent_outdated',
  'unknown_commune',
  'unknown_unit',
  'user_not_found',
  'refresh_invalid',
  'refresh_reused',
  'class_not_found',
  'class_archived',
  'join_code_invalid',
  'own_class',
  'student_not_found',
  'unknown_module',
  'usernames_exhausted',
  'join_code_unavailable',
  'teacher_has_classes',
  'population_year_invalid',
  'database_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
