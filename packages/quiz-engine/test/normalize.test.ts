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
    // one place for the tone mark in oa, oe, uy, whichever spelling rule the learner learnt
    ['Hòa Bình', { case: false }, 'Hoà Bình'],
    ['HÒA', { case: false }, 'HOÀ'],
    ['thúy thủy lũy', {}, 'thuý thuỷ luỹ'],
    ['khỏe xòe', {}, 'khoẻ xoè'],
    ['hoá', {}, 'hoá'],
    ['Hòa'.normalize('NFD'), { case: false }, 'Hoà'],
    // other pairs and letters with their own marks are left alone
    ['hoàng quý tuyết hoặc thuở người', {}, 'hoàng quý tuyết hoặc thuở người'],
  ])('%j %j', (s, opts, out) => {
    expect(normalizeText(s, opts)).toBe(out);
  });
});
