import { describe, expect, it } from 'vitest';
import { normalizeText } from '../src/index.ts';

describe('normalizeText', () => {
  it.each([
    ['  Hà   Nội ', {}, 'hà nội'],
    ['Hà Nội', { case: false }, 'Hà Nội'],
    [' a  b ', { spaces: false }, ' a  b '],
    ['Đà Nẵng', { diacritics: true }, 'da nang'],
    ['ĐƯỜNG', { diacritics: true, case: false }, 'DUONG'],
    ['Nguyễn Thị Ánh', { diacritics: true }, 'nguyen thi anh'],
    ['Hoà'.normalize('NFD'), { case: false, spaces: false }, 'Hoà'.normalize('NFC')],
    ['Tab\tand\nnewline', {}, 'tab and newline'],
  ])('%j %j', (s, opts, out) => {
    expect(normalizeText(s, opts)).toBe(out);
  });
});
