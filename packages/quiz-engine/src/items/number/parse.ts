/**
 * Reads a number typed by a Vietnamese learner. The rule:
 * 1. Spaces (also no-break and thin spaces) are ignored; a leading "+", "-" or "−" is the sign.
 * 2. "," is the decimal mark (Vietnamese usage): "2,5" = 2.5. At most one — except that a number
 *    grouped only by commas in threes ("1,000,000", two or more commas) is read as grouping.
 * 3. "." groups thousands when the integer part is grouped in threes and does not start with 0:
 *    "1.000" = 1000, "1.000.000" = 1000000, "12.500,5" = 12500.5.
 *    Otherwise a single "." is a decimal point ("2.5" = 2.5, "0.125" = 0.125, "1.5" = 1.5).
 * 4. Anything else (letters, two decimal marks, "1.00.0", empty) is not a number.
 * Consequence to know when authoring: "1.000" is one thousand, never one.
 */
export function parseVietnameseNumber(input: string): number | null {
  let s = input.replace(/[\s\u00a0\u202f\u2009]/gu, '');
  let sign = 1;
  if (/^[+\-\u2212]/u.test(s)) {
    if (s[0] !== '+') sign = -1;
    s = s.slice(1);
  }
  let intPart: string;
  let fracPart = '';
  if (/^[1-9]\d{0,2}(,\d{3}){2,}$/.test(s)) {
    intPart = s.replace(/,/g, '');
  } else if (s.includes(',')) {
    const m = /^([\d.]*),(\d+)$/.exec(s);
    if (m === null) return null;
    intPart = ungroup(m[1] as string) ?? '';
    if (m[1] !== '' && intPart === '') return null;
    fracPart = m[2] as string;
    if (intPart === '') intPart = '0';
  } else if (/^[1-9]\d{0,2}(\.\d{3})+$/.test(s)) {
    intPart = s.replace(/\./g, '');
  } else {
    const m = /^(\d*)(?:\.(\d+))?$/.exec(s);
    if (m === null || (m[1] === '' && m[2] === undefined)) return null;
    intPart = m[1] === '' ? '0' : (m[1] as string);
    fracPart = m[2] ?? '';
  }
  const n = Number(`${intPart}${fracPart === '' ? '' : `.${fracPart}`}`);
  return Number.isFinite(n) ? sign * n : null;
}

/** "12.500" → "12500", "125" → "125", "1.00" → null. */
function ungroup(s: string): string | null {
  if (/^\d+$/.test(s)) return s;
  if (/^[1-9]\d{0,2}(\.\d{3})+$/.test(s)) return s.replace(/\./g, '');
  return null;
}

/**
 * Signs people type after an amount, stripped before reading the number: the item's own unit and
 * the usual money and percent signs. Hand-written because the list is ours to decide (a "k" for
 * thousand is not on it: "50k" stays unreadable rather than guessed).
 */
const COMMON_SUFFIXES = ['đồng', 'vnđ', 'vnd', 'đ', '₫', '%'];

/**
 * A learner's typed answer to a number item: `parseVietnameseNumber` after removing, at the end,
 * the item's unit (any case) or a common suffix (`đ`, `đồng`, `VND`, `VNĐ`, `₫`, `%`) with any
 * spaces before it — "50.000đ", "1.000.000 đồng", "15 %". Null when it is still not a number.
 */
export function parseNumberAnswer(input: string, unit?: string): number | null {
  if (input.length > 100) return null;
  let s = input.normalize('NFC').trim().toLocaleLowerCase('vi');
  const suffixes = [
    ...(unit === undefined ? [] : [unit.normalize('NFC').trim().toLocaleLowerCase('vi')]),
    ...COMMON_SUFFIXES,
  ]
    .filter((x) => x !== '')
    .sort((a, b) => b.length - a.length);
  const suffix = suffixes.find((x) => s.endsWith(x) && s.length > x.length);
  if (suffix !== undefined) s = s.slice(0, -suffix.length).trimEnd();
  return parseVietnameseNumber(s);
}
