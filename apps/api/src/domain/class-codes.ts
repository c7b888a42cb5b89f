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
  'hoa', 'mai', 'sao', 'trang', 'nui', 'song', 'bien', 'may', 'gio', 'mua', 'nang', 'cay', 'la', 'chim', 'ca',
  'meo', 'cho', 'tho', 'ga', 'vit', 'cam', 'chuoi', 'dua', 'xoai', 'mit', 'lua', 'ngo', 'dao', 'sen', 'cuc',
  'xanh', 'vang', 'tim', 'hong', 'nau', 'bay', 'chay', 'hat', 've', 'doc',
];

/** A first password a child can type from a printed card: two words and two digits, e.g. "sen-xanh-47". */
export function cardPassword(): string {
  return `${WORDS[randomInt(WORDS.length)]}-${WORDS[randomInt(WORDS.length)]}-${String(randomInt(10, 100))}`;
}

/** A username from a name: the given name without diacritics and four digits, e.g. "an4821". */
export function cardUsername(name: string): string {
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
  return `${base}${String(randomInt(1000, 10000))}`;
}
