import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L: a code read aloud in a classroom or copied from a projector must not be misread.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A class join code: 6 characters (31^6 ≈ 887 million codes). */
export function joinCode(): string {
  return Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** What a student types, made comparable: case, spaces and dashes do not matter. */
export function normalizeJoinCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '');
}

// Simple words children can type (no diacritics, no look-alikes), for first passwords on login cards.
const WORDS = [
  'hoa',
  'mai',
  'sao',
  'trang',
  'nui',
  'song',
  'bien',
  'may',
  'gio',
  'mua',
  'nang',
  'cay',
  'la',
  'chim',
  'ca',
  'meo',
  'cho',
  'tho',
  'ga',
  'vit',
  'cam',
  'chuoi',
  'dua',
  'xoai',
  'mit',
  'lua',
  'ngo',
  'dao',
  'sen',
  'cuc',
  'xanh',
  'vang',
  'tim',
  'hong',
  'nau',
  'bay',
  'chay',
  'hat',
  've',
  'doc',
];

/**
 * A password a child can type from a printed card: three words and three digits, e.g.
 * "sen-xanh-meo-471". 40³ × 900 ≈ 57.6 million (two words and two digits were 144,000, guessable in
 * days from a few addresses); with the per-account sign-in limit that is decades of guessing.
 */
export function cardPassword(): string {
  const word = () => WORDS[randomInt(WORDS.length)];
  return `${word()}-${word()}-${word()}-${String(randomInt(100, 1000))}`;
}

/**
 * A username from a name: the given name without diacritics and digits, e.g. "an4821". Four digits
 * give 9,000 names per given name; after collisions the caller asks for more (`digits` 5, 6, …), so a
 * large school full of "An" never runs out.
 */
export function cardUsername(name: string, digits = 4): string {
  const ascii = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z ]/g, ' ')
    .trim()
    .split(/\s+/);
  const given = (ascii.at(-1) || 'hs').slice(0, 20);
  const base = /^[a-z]/.test(given) ? given : `hs${given}`;
  const d = Math.min(Math.max(digits, 4), 10);
  return `${base}${String(randomInt(10 ** (d - 1), 10 ** d))}`;
}

/** How many digits the n-th try (from 0) of a username uses: 4 for the first five, then one more every five. */
export const usernameDigits = (tryIndex: number) => 4 + Math.floor(tryIndex / 5);
