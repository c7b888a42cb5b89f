/**
 * fast-check generators of valid quizzes. Feedback, explanations and keys carry marker strings so a
 * leak into the public view can be searched for.
 */
import fc from 'fast-check';

export const FEEDBACK = 'ZZFEEDBACK';
export const EXPLANATION = 'ZZEXPLAIN';
export const ACCEPT = 'ZZACCEPT';
export const WRONG = 'ZZWRONG';

const word = fc.string({
  minLength: 1,
  maxLength: 8,
  unit: fc.constantFrom(...'abcdeghiklmnoptuvyàáâăđêôơư '.split('')),
});
const text = word.map((s) => `t ${s}`);
const feedback = fc.nat(99999).map((n) => `${FEEDBACK}${n}`);
const childIds = (min: number, max: number) =>
  fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,4}$/), { minLength: min, maxLength: max });
const tags = fc.option(fc.uniqueArray(fc.constantFrom('1.1', '2.6', '4.2', '6.3'), { minLength: 1, maxLength: 2 }), {
  nil: undefined,
});

const base = (type: string) =>
  fc.record({
    type: fc.constant(type),
    prompt: text,
    explanation: fc.nat(99999).map((n) => `${EXPLANATION}${n}`),
    tags,
  });

const choice = (type: 'single' | 'multiple') =>
  fc
    .tuple(
      base(type),
      childIds(2, 6).chain((ids) =>
        fc.tuple(
          fc.constant(ids),
          fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }),
          fc.array(feedback, { minLength: ids.length, maxLength: ids.length }),
          fc.nat(ids.length - 1),
        ),
      ),
    )
    .map(([b, [ids, flags, fbs, pick]]) => ({
      ...b,
      options: ids.map((id, i) => ({
        id,
        text: `option ${id}`,
        feedback: fbs[i] as string,
        ...(type === 'single'
          ? i === pick
            ? { correct: true }
            : {}
          : flags[i] || i === pick
            ? { correct: true }
            : {}),
      })),
    }));

const truefalse = fc
  .tuple(base('truefalse'), fc.boolean(), feedback, feedback)
  .map(([b, answer, t, f]) => ({ ...b, answer, feedbackTrue: t, feedbackFalse: f }));

const ordering = fc
  .tuple(base('ordering'), childIds(2, 7))
  .map(([b, ids]) => ({ ...b, steps: ids.map((id) => ({ id, text: `step ${id}` })) }));

const matching = fc
  .tuple(base('matching'), childIds(2, 9), fc.nat(3), fc.array(feedback, { minLength: 9, maxLength: 9 }))
  .map(([b, ids, nd, fbs]) => {
    const d = Math.min(nd, ids.length - 2);
    const pairs = ids.slice(0, ids.length - d);
    return {
      ...b,
      pairs: pairs.map((id, i) => ({ id, left: `left ${id}`, right: `right ${id}`, feedback: fbs[i] as string })),
      ...(d > 0 ? { distractors: ids.slice(ids.length - d).map((id) => ({ id, text: `extra ${id}` })) } : {}),
    };
  });

const textItem = fc
  .tuple(
    base('text'),
    fc.uniqueArray(fc.nat(999), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(fc.nat(999), feedback), { maxLength: 2 }),
    fc.record({ case: fc.boolean(), spaces: fc.boolean(), diacritics: fc.boolean() }),
    fc.option(text, { nil: undefined }),
  )
  .map(([b, acc, wrong, normalize, placeholder]) => ({
    ...b,
    accept: acc.map((n) => `${ACCEPT}${n}`),
    wrong: wrong.map(([n, fb]) => ({ answer: `${WRONG}${n}`, feedback: fb })),
    normalize,
    ...(placeholder === undefined ? {} : { placeholder }),
  }));

const numberItem = fc
  .tuple(
    base('number'),
    fc.double({ min: -1e9, max: 1e9, noNaN: true }),
    fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
    feedback,
  )
  .map(([b, answer, tolerance, fb]) => ({
    ...b,
    answer,
    unit: 'đồng',
    ...(tolerance === undefined ? {} : { tolerance }),
    feedbackWrong: fb,
  }));

const spot = fc
  .tuple(
    base('spot'),
    childIds(1, 8).chain((ids) =>
      fc.tuple(
        fc.constant(ids),
        fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }),
        fc.array(feedback, { minLength: ids.length, maxLength: ids.length }),
        fc.nat(ids.length - 1),
      ),
    ),
    fc.constantFrom('sms', 'call', 'email', 'screen'),
  )
  .map(([b, [ids, flags, fbs, pick], context]) => ({
    ...b,
    context,
    from: 'Ngân hàng',
    segments: ids.map((id, i) => ({
      id,
      text: `segment ${id}`,
      feedback: fbs[i] as string,
      ...(context === 'screen' ? { label: `label ${id}` } : {}),
      ...(flags[i] || i === pick ? { suspicious: true } : {}),
    })),
  }));

export const anyItem = fc.oneof(
  choice('single'),
  choice('multiple'),
  truefalse,
  ordering,
  matching,
  textItem,
  numberItem,
  spot,
);

/** A raw (authoring) quiz that validates. */
export const rawQuiz = fc
  .tuple(
    fc.array(anyItem, { minLength: 1, maxLength: 12 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.boolean(),
    fc.boolean(),
    fc.nat(),
    fc.constantFrom('none', 'number', 'cover'),
  )
  .map(([items, passMark, shuffleItems, shuffleOptions, n, drawKind]) => {
    const withIds = items.map((item, i) => ({ id: `q${i}`, ...item }));
    const distinctTags = new Set(withIds.flatMap((i) => i.tags ?? [])).size;
    const count = 1 + (n % withIds.length);
    const draw =
      drawKind === 'number'
        ? count
        : drawKind === 'cover'
          ? {
              count: Math.max(count, Math.min(distinctTags, withIds.length)),
              coverTags: distinctTags <= withIds.length,
            }
          : undefined;
    return { passMark, shuffleItems, shuffleOptions, items: withIds, ...(draw === undefined ? {} : { draw }) };
  });

export const attemptId = fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 20 }));
