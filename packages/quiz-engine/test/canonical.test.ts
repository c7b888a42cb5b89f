import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/index.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members and writes undefined array entries as null', () => {
    expect(
      canonicalJson({
        z: ['b', 'a'],
        a: { y: 1.5, x: true, u: undefined, n: null },
        é: 'Tiếng Việt "x"\n',
        B: [undefined, 3, { d: 1, c: [] }],
        '10': 0,
        '9': -0,
        e: 1e21,
      }),
    ).toBe(
      '{"10":0,"9":0,"B":[null,3,{"c":[],"d":1}],"a":{"n":null,"x":true,"y":1.5},"e":1e+21,"z":["b","a"],"é":"Tiếng Việt \\"x\\"\\n"}',
    );
  });
});
