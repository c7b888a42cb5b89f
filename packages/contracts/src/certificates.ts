import { z } from 'zod';

/**
 * A certificate code as printed: HVS-XXXX-XXXX-XX in Crockford's base32 (no I, L, O, U). Typed by
 * hand it may come in lower case, with spaces or without dashes: `normalizeCertificateCode` cleans it.
 */
export const CERTIFICATE_CODE_PATTERN = /^HVS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/;

/** Upper case, O→0, I/L→1, dashes put back; null when it cannot be a code (the caller says "không tìm thấy"). */
export function normalizeCertificateCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const body = raw.startsWith('HVS') ? raw.slice(3) : raw;
  if (body.length !== 10) return null;
  const code = `HVS-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`;
  return CERTIFICATE_CODE_PATTERN.test(code) ? code : null;
}

/** The code in a path: anything up to 40 characters reaches the service, which answers "không tìm thấy" alike. */
export const CertificateCodeParamsSchema = z.object({ code: z.string().min(1).max(40) });

const CurriculumRefSchema = z.object({
  version: z.string(),
  group: z.string().describe('target group the certificate was earned in (adult, public_servant, …)'),
  groupTitle: z.string(),
});

/** The learner's own certificate, as their account shows it and the PDF prints it. */
export const MyCertificateSchema = z.object({
  code: z.string(),
  name: z.string().describe('the display name the learner chose'),
  birthYear: z.number().int(),
  earnedAt: z.string(),
  curriculum: CurriculumRefSchema,
  supervised: z
    .boolean()
    .nullable()
    .describe('whether the final assessment was supervised; null where the platform does not record it yet'),
  revoked: z.boolean(),
  revokedAt: z.string().nullable(),
  verifyUrl: z.url().describe('the public verification page, also in the QR code'),
});
export type MyCertificate = z.infer<typeof MyCertificateSchema>;

/** What anyone may see about a certificate by its code: enough to match the paper, nothing more. */
export const CertificateVerificationSchema = z.object({
  code: z.string(),
  status: z.enum(['valid', 'revoked']),
  initials: z.string().describe('initials of the name on the certificate ("N. V. A."), or empty when revoked'),
  birthYear: z.number().int().nullable(),
  earnedAt: z.string().nullable(),
  curriculum: CurriculumRefSchema.nullable(),
  supervised: z.boolean().nullable(),
  revokedAt: z.string().nullable(),
});
export type CertificateVerification = z.infer<typeof CertificateVerificationSchema>;

/** A revocation by an administrator or an official of the learner's province (or the nation). */
export const RevokeCertificateSchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(5, 'say why (at least 5 characters)')
    .max(500)
    // PostgreSQL refuses NUL and lone surrogates in text (STACK.md pitfall 13): refuse them here.
    .refine(
      (s) => !s.includes('\u0000') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s),
      'invalid characters',
    ),
});
export type RevokeCertificate = z.infer<typeof RevokeCertificateSchema>;
