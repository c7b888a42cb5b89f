import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/index.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members and writes undefined array entries as null', () => {
    expect(canonicalJson({ b: [undefined, 2, { d: 'đ', c: undefined }], a: null, A: -0 })).toBe(
      '{"A":0,"a":null,"b":[null,2,{"d":"đ"}]}',
    );
  });
});
