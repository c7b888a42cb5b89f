import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.ts';

/**
 * Passwords people are known to choose first: the common-password list maintained by zxcvbn-ts
 * (@zxcvbn-ts/language-common, ~49,000 entries from breach corpora), plus a few Vietnamese ones it
 * lacks. The Vietnamese supplement is ours, from words every Vietnamese guesser tries first; it is
 * short on purpose (the list above carries the weight).
 */
const VIETNAMESE = [
  'matkhau',
  'matkhau1',
  'matkhau123',
  'anhyeuem',
  'emyeuanh',
  'yeuem123',
  'vietnam',
  'vietnam1',
  'hocvuso',
  'hocvuso1',
  'binhdanhocvuso',
  'hanoi123',
  'saigon123',
  'conyeume',
  'iloveyou',
];
const COMMON = new Set([...dictionary['passwords-common'], ...VIETNAMESE]);

export type PasswordProblem = 'common' | 'like_login' | 'repetitive';

/** Why a new password is refused, or null when it is acceptable. Length is checked by the contract. */
export function passwordProblem(
  password: string,
  context: { login?: string; displayName?: string },
): PasswordProblem | null {
  const p = password.normalize('NFC').toLowerCase();
  const bare = p.replace(/[\s._-]/g, '');
  if (COMMON.has(p) || COMMON.has(bare)) return 'common';
  // the same characters again and again ("aaaaaaaa", "abababab") or a run ("12345678", "abcdefgh")
  if (new Set(bare).size <= 2) return 'repetitive';
  if (isRun(bare)) return 'repetitive';
  const login = context.login?.toLowerCase().replace(/[\s._-]/g, '');
  if (login && login.length >= 3 && (bare.includes(login) || login.includes(bare))) return 'like_login';
  const name = context.displayName
    ?.normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  const plain = bare.normalize('NFD').replace(/\p{M}/gu, '');
  if (name && name.length >= 4 && plain.includes(name)) return 'like_login';
  return null;
}

function isRun(s: string): boolean {
  if (s.length < 4) return false;
  const step = s.charCodeAt(1) - s.charCodeAt(0);
  if (Math.abs(step) !== 1) return false;
  for (let i = 2; i < s.length; i++) if (s.charCodeAt(i) - s.charCodeAt(i - 1) !== step) return false;
  return true;
}

/** The Vietnamese message for each problem (the web shows its own per code; API clients get this). */
export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  common: 'Mật khẩu này quá phổ biến, người khác dễ đoán. Hãy chọn mật khẩu khác.',
  like_login: 'Mật khẩu không được giống tên đăng nhập hoặc họ tên. Hãy chọn mật khẩu khác.',
  repetitive: 'Mật khẩu toàn ký tự lặp lại hoặc liên tiếp (như 12345678). Hãy chọn mật khẩu khác.',
};

/** Refuses a password from the common list, like the login or name, or a run; in plain Vietnamese. */
export function assertPasswordAcceptable(password: string, context: { login?: string; displayName?: string }) {
  const problem = passwordProblem(password, context);
  if (problem) throw new AppError(400, 'password_weak', PASSWORD_PROBLEM_TEXT[problem]);
}
