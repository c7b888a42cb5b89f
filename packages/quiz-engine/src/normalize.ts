/**
 * Vietnamese text normalisation for short-text answers. Always NFC first (the same word typed on two
 * keyboards can arrive composed or decomposed). Then, where switched on:
 * - diacritics: strip combining marks (NFD) and map đ/Đ to d/D — "Hà Nội" → "Ha Noi";
 * - case: lower case with the Vietnamese locale;
 * - spaces: trim and collapse runs of white space to one space.
 * Missing options take the authoring defaults: case on, spaces on, diacritics off.
 */
export type NormalizeOptions = { case?: boolean; spaces?: boolean; diacritics?: boolean };

export function normalizeText(s: string, opts: NormalizeOptions = {}): string {
  let out = s.normalize('NFC');
  if (opts.diacritics ?? false) {
    out = out
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .normalize('NFC');
  }
  if (opts.case ?? true) out = out.toLocaleLowerCase('vi');
  if (opts.spaces ?? true) out = out.trim().replace(/\s+/gu, ' ');
  return out;
}
