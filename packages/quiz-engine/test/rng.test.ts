/**
 * Fixed vectors for the documented generator (README "Selection and the RNG"). What an attempt
 * showed is recomputed from its id whenever it is graded or shown again, so any change here changes
 * stored attempts: these tests fail first.
 */
import { describe, expect, it } from 'vitest';
import { derange, rngForAttempt, seedFromAttemptId, sfc32, shuffle } from '../src/rng.ts';
import { parseQuiz, selectItems } from '../src/index.ts';

const ID = '3f2b8c1e-7d4a-4e5f-9a0b-1c2d3e4f5a6b';
const u32 = (next: () => number, n: number) => Array.from({ length: n }, () => next() * 2 ** 32);

describe('seeded generator', () => {
  it('seed = first 16 bytes of sha256(utf8(attempt id)), as four big-endian words', () => {
    expect(seedFromAttemptId(ID)).toEqual({
      hex: 'ac29d3c58caccc96bb1376dbe4b3c5b0',
      words: [2888422341, 2360134806, 3138615003, 3836986800],
    });
    expect(seedFromAttemptId('').hex).toBe('e3b0c44298fc1c149afbf4c8996fb924');
    expect(seedFromAttemptId('tiếng việt').hex).toBe('39652b10227cd1eeb6df0fa8c3bbd3c4');
  });

  it('sfc32 without warm-up gives these first outputs', () => {
    expect(u32(sfc32(1, 2, 3, 4).next, 4)).toEqual([8, 35, 56623210, 207756683]);
    expect(u32(rngForAttempt(ID).rng.next, 6)).toEqual([
      495609356, 88968789, 967494690, 1614179582, 98263315, 2608167176,
    ]);
  });

  it('int(n) = floor(next() × n); Fisher–Yates from the last index down', () => {
    const a = rngForAttempt(ID).rng;
    const b = rngForAttempt(ID).rng;
    expect(Array.from({ length: 6 }, () => a.int(10))).toEqual(
      u32(b.next, 6).map((x) => Math.floor((x / 2 ** 32) * 10)),
    );
    expect(shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], rngForAttempt(ID).rng)).toEqual([4, 6, 5, 7, 3, 8, 2, 9, 0, 1]);
  });

  it('derange never returns the original order', () => {
    for (let i = 0; i < 50; i++) expect(derange(['x', 'y'], rngForAttempt(`d${i}`).rng)).toEqual(['y', 'x']);
  });
});

const fb = 'Phản hồi.';
const fixture = parseQuiz({
  passMark: 0.7,
  draw: { count: 4, coverTags: true },
  items: [
    {
      id: 'q1',
      type: 'single',
      tags: ['1.1'],
      prompt: 'P',
      explanation: 'E',
      options: ['a', 'b', 'c', 'd'].map((id, i) => ({ id, text: id, correct: i === 0, feedback: fb })),
    },
    {
      id: 'q2',
      type: 'multiple',
      tags: ['1.2'],
      prompt: 'P',
      explanation: 'E',
      options: ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ id, text: id, correct: i < 2, feedback: fb })),
    },
    {
      id: 'q3',
      type: 'ordering',
      tags: ['1.1'],
      prompt: 'P',
      explanation: 'E',
      steps: ['s1', 's2', 's3', 's4'].map((id) => ({ id, text: id })),
    },
    {
      id: 'q4',
      type: 'matching',
      tags: ['2.1'],
      prompt: 'P',
      explanation: 'E',
      pairs: ['p1', 'p2', 'p3'].map((id) => ({ id, left: `L${id}`, right: `R${id}`, feedback: fb })),
      distractors: [{ id: 'd1', text: 'D' }],
    },
    {
      id: 'q5',
      type: 'truefalse',
      tags: ['1.2'],
      prompt: 'P',
      explanation: 'E',
      answer: true,
      feedbackTrue: fb,
      feedbackFalse: fb,
    },
    {
      id: 'q6',
      type: 'single',
      tags: ['2.1'],
      prompt: 'P',
      explanation: 'E',
      options: ['x', 'y', 'z'].map((id, i) => ({ id, text: id, correct: i === 2, feedback: fb })),
    },
  ],
});

// Computed once from the recipe and frozen; never regenerate these to make a test pass.
const PINNED: [string, unknown][] = [
  [
    '3f2b8c1e-7d4a-4e5f-9a0b-1c2d3e4f5a6b',
    {
      seed: 'ac29d3c58caccc96bb1376dbe4b3c5b0',
      items: [
        { id: 'q6', arrangement: { options: ['y', 'z', 'x'] } },
        { id: 'q1', arrangement: { options: ['d', 'c', 'b', 'a'] } },
        { id: 'q2', arrangement: { options: ['b', 'a', 'c', 'e', 'd'] } },
        { id: 'q4', arrangement: { rights: ['p3', 'p2', 'd1', 'p1'] } },
      ],
    },
  ],
  [
    '00000000-0000-4000-8000-000000000001',
    {
      seed: '11e594f481958c10e3015d0bf0447a22',
      items: [
        { id: 'q2', arrangement: { options: ['d', 'b', 'e', 'a', 'c'] } },
        { id: 'q3', arrangement: { steps: ['s4', 's1', 's3', 's2'] } },
        { id: 'q5', arrangement: null },
        { id: 'q4', arrangement: { rights: ['d1', 'p1', 'p3', 'p2'] } },
      ],
    },
  ],
  [
    'offline-attempt',
    {
      seed: '27a94943e1010ec03627d38c4b365d00',
      items: [
        { id: 'q6', arrangement: { options: ['x', 'y', 'z'] } },
        { id: 'q2', arrangement: { options: ['e', 'c', 'a', 'b', 'd'] } },
        { id: 'q4', arrangement: { rights: ['p1', 'p3', 'd1', 'p2'] } },
        { id: 'q1', arrangement: { options: ['d', 'c', 'b', 'a'] } },
      ],
    },
  ],
];

describe('selection of a fixture quiz', () => {
  it.each(PINNED)('attempt %s draws, orders and arranges exactly this', (id, expected) => {
    expect(selectItems(fixture, id)).toEqual(expected);
  });
});
