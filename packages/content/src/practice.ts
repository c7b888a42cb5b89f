import { z } from 'zod';

/**
 * Practice blocks inside lessons (not graded): `content/lessons/<module>/practice/<name>.yaml`, shown
 * by `<Practice name="…" />` in a lesson. Everything here is public: it is printed in the page.
 */

export const PRACTICE_FOLDER = 'practice';
export const PRACTICE_FILE = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$/;
/** `<Practice name="…" />` in a lesson body. */
export const PRACTICE_TAG = /<Practice\b([^>]*)\/?>/g;
export const PRACTICE_IMPORT = "import Practice from '$lib/components/practice/Practice.svelte';";

const text = z.string().trim().min(1);

export const SpotSegmentSchema = z.strictObject({
  text,
  // Named redFlag, not `suspicious` as in quiz files: practice data is public and ships in the build,
  // where the web app's build test treats `suspicious: true` as a leaked quiz key.
  redFlag: z.literal(true).optional(),
  // Required, but checked by the checker with its own message.
  why: z.string().optional(),
});

export const SpotPracticeSchema = z.strictObject({
  kind: z.literal('spot'),
  title: text,
  intro: text.optional(),
  context: z.enum(['sms', 'call', 'email']),
  from: text.optional(),
  segments: z.array(SpotSegmentSchema).min(2),
});

const digits = (n: number) => z.string().regex(new RegExp(`^\\d{${n}}$`), `phải là ${n} chữ số`);
/** What a VietQR code may carry: an account of letters and digits, content without diacritics. */
const account = z.string().regex(/^[0-9A-Z]{6,19}$/, 'số tài khoản: 6–19 chữ số hoặc chữ in hoa, không dấu cách');
const amount = z.number().int().positive();

export const VietQrPracticeSchema = z.strictObject({
  kind: z.literal('vietqr'),
  title: text,
  /** the situation, as the learner meets it */
  scenario: text,
  /** names for the bank codes used (fictitious); the component shows the name for the decoded code */
  banks: z.array(z.strictObject({ bin: digits(6), name: text })).min(1),
  /** what the shop's sign or the bill says */
  expected: z.strictObject({
    label: text,
    bank: text,
    account: z.string().regex(/^[0-9A-Z ]{6,24}$/, 'số tài khoản: chữ số, chữ in hoa và dấu cách'),
    name: text.optional(),
    amount,
  }),
  /** what the code contains: encoded into a VietQR payload at build time */
  code: z.strictObject({
    bin: digits(6),
    account,
    amount: amount.optional(),
    purpose: z.string().regex(/^[A-Za-z0-9 ]{1,25}$/, 'nội dung: tối đa 25 ký tự, không dấu').optional(),
  }),
  question: text,
  answer: z.strictObject({ pay: z.boolean(), why: z.array(text).min(1) }),
});

export const PracticeSchema = z.discriminatedUnion('kind', [SpotPracticeSchema, VietQrPracticeSchema]);
export type SpotPractice = z.infer<typeof SpotPracticeSchema>;
export type VietQrPractice = z.infer<typeof VietQrPracticeSchema>;
export type Practice = z.infer<typeof PracticeSchema>;

/** Attributes of one `<Practice …>` tag: its name, or null when the tag has none. */
export function practiceTagName(attrs: string): string | null {
  return /\bname="([^"]*)"/.exec(attrs)?.[1] ?? null;
}
