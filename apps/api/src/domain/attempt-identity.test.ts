import { describe, expect, it } from 'vitest';
import { attemptBodyHash } from './attempt-identity.ts';

describe('attemptBodyHash', () => {
  // Stored attempts keep this hash: a resend is "the same attempt" only if it hashes the same. The
  // expected text and hash were produced by the API's own canonical JSON before it gave way to the
  // quiz engine's (one canonicalJson for both): key order, undefined members and holes, -0, big
  // numbers, escapes and non-ASCII keys all come out as before.
  const input = {
    lessonId: 'an-toan-otp',
    quizVersion: '0123456789abcdef',
    answers: {
      z: ['b', 'a'],
      a: { y: 1.5, x: true, u: undefined, n: null },
      é: 'Tiếng Việt "x"\n',
      B: [undefined, 3, { d: 1, c: [] }],
      '10': 0,
      '9': -0,
      e: 1e21,
    },
  };

  it('hashes exactly as attempts already stored were hashed', () => {
    expect(attemptBodyHash(input)).toBe('8f7cb971e0dbfbc007fc3c095af20cf3266cc38c2ba28263e591bcbf2f12daef');
  });

  it('does not depend on the order of keys', () => {
    const reordered = {
      answers: Object.fromEntries(Object.entries(input.answers).reverse()),
      quizVersion: input.quizVersion,
      lessonId: input.lessonId,
    };
    expect(attemptBodyHash(reordered)).toBe(attemptBodyHash(input));
  });
});
