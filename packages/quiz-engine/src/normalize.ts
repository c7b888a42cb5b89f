/**
 * Vietnamese text normalisation for short-text answers. Always first: NFC (the same word typed on
 * two keyboards can arrive composed or decomposed) and one place for the tone mark in "oa", "oe",
 * "uy" (the old and new spelling rules put it on different letters: "hòa"/"hoà", "thúy"/"thuý";
 * both are correct Vietnamese). Then, where switched on:
 * - diacritics: strip combining marks (NFD) and map đ/Đ to d/D — "Hà Nội" → "Ha Noi";
 * - case: lower case with the Vietnamese locale;
 * - spaces: trim and collapse runs of white space to one space.
 * Missing options take the authoring defaults: case on, spaces on, diacritics off.
 */
export type NormalizeOptions = { case?: boolean; spaces?: boolean; diacritics?: boolean };

// The five tone marks as combining characters (grave, acute, hook above, tilde, dot below).
const TONE = '[\u0300\u0301\u0309\u0303\u0323]';
// A tone mark on the first vowel of oa, oe or uy (plain o/u: ô, ơ, ư carry their own mark after
// the letter and never form these pairs) moves to the second: the new rule, which keyboards type.
const OLD_TONE_PLACE = new RegExp(`([oO])(${TONE})([aAeE])|([uU])(${TONE})([yY])`, 'gu');

/** One spelling for the tone-mark place in oa, oe, uy ("hòa" → "hoà", "thủy" → "thuỷ"), in NFC. */
export function normalizeTonePlacement(s: string): string {
  return s
    .normalize('NFD')
    .replace(OLD_TONE_PLACE, (_m, o, t1, a, u, t2, y) => (o !== undefined ? `${o}${a}${t1}` : `${u}${y}${t2}`))
    .normalize('NFC');
}

export function normalizeText(s: string, opts: NormalizeOptions = {}): string {
  let out = normalizeTonePlacement(s);
  if (opts.diacritics ?? false) {
    out = out.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
  }
  if (opts.case ?? true) out = out.toLocaleLowerCase('vi');
  if (opts.spaces ?? true) out = out.trim().replace(/\s+/gu, ' ');
  return out;
}
