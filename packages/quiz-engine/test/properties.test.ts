import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemTypeOf } from '../src/items/registry.ts';
import {
  gradeAttempt,
  gradeStoredAttempt,
  keyResponses,
  parseQuiz,
  publicQuiz,
  ResponseError,
  selectItems,
  validateQuiz,
  type PublicItem,
  type Quiz,
  type QuizItem,
} from '../src/index.ts';
import { ACCEPT, attemptId, EXPLANATION, FEEDBACK, rawQuiz, WRONG } from './arbitraries.ts';

const RUNS = { numRuns: 300 };
const drawCount = (q: Quiz): number =>
  q.draw === undefined ? q.items.length : typeof q.draw === 'number' ? q.draw : q.draw.count;
const def = (q: Quiz, id: string): QuizItem => q.items.find((i) => i.id === id) as QuizItem;

/** Ids that the item's arrangement is a permutation of, for the types that have one. */
function authoredChildIds(item: QuizItem): string[] | null {
  if ('options' in item) return item.options.map((o) => o.id);
  if ('steps' in item) return item.steps.map((s) => s.id);
  if ('pairs' in item) return [...item.pairs.map((p) => p.id), ...(item.distractors ?? []).map((d) => d.id)];
  return null;
}

/** A random response built from what the learner sees (well-shaped, possibly wrong); undefined = unanswered. */
function randomResponse(item: PublicItem, nat: () => number): unknown {
  const ids = (key: string) => (item[key] as { id: string }[]).map((x) => x.id);
  const some = <T>(xs: T[]): T[] => xs.filter(() => nat() % 2 === 0);
  const shuffled = <T>(xs: T[]) => [...xs].sort(() => (nat() % 3) - 1);
  if (nat() % 5 === 0) return undefined;
  switch (item.type) {
    case 'single':
      return ids('options')[nat() % ids('options').length];
    case 'multiple':
    case 'spot':
      return some(ids(item.type === 'spot' ? 'segments' : 'options'));
    case 'truefalse':
      return nat() % 2 === 0;
    case 'ordering':
      // some positions left empty, as the no-JavaScript form allows
      return shuffled(ids('steps')).map((id) => (nat() % 4 === 0 ? null : id));
    case 'matching': {
      // rights may repeat: the form lets a person choose one answer for two lefts
      const rights = ids('rights');
      return Object.fromEntries(some(ids('lefts')).map((l) => [l, rights[nat() % rights.length]]));
    }
    case 'text':
      return nat() % 2 === 0 ? `${ACCEPT}${nat() % 1000}` : `${WRONG}${nat() % 1000}`;
    case 'number':
      return [
        () => nat(),
        () => String(nat()).replace(/\B(?=(\d{3})+$)/g, '.'),
        () => `${nat()} đồng`,
        () => 'không biết',
      ][nat() % 4]?.();
    default:
      throw new Error(`no random response for ${item.type}`);
  }
}

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  return [];
}

/** The lists of a public item whose ids must be positions, with the prefix they use. */
const POSITIONAL: Record<string, [string, string][]> = {
  single: [['options', 'c']],
  multiple: [['options', 'c']],
  ordering: [['steps', 'o']],
  matching: [
    ['lefts', 'l'],
    ['rights', 'r'],
  ],
  spot: [['segments', 'g']],
};

/** Whether two attempts can show this quiz differently at all; null when that is hard to tell. */
function canVary(quiz: Quiz): boolean | null {
  const n = Math.min(drawCount(quiz), quiz.items.length);
  const coverTags = typeof quiz.draw === 'object' && quiz.draw.coverTags;
  if (n < quiz.items.length && !coverTags) return true;
  if (quiz.shuffleItems && n >= 2) return true;
  const arranged = quiz.items.some(
    (item) =>
      ('options' in item && quiz.shuffleOptions) ||
      ('steps' in item && item.steps.length >= 3) ||
      ('pairs' in item && item.pairs.length + (item.distractors?.length ?? 0) >= 3),
  );
  // Items that vary on their own only count when every item is shown.
  if (n === quiz.items.length) return arranged;
  // A tag cover can force the draw (each tag on one item only): not worth working out here.
  return null;
}

describe('properties over generated quizzes', () => {
  it('generated quizzes validate', () => {
    fc.assert(
      fc.property(rawQuiz, (raw) => {
        const r = validateQuiz(raw);
        expect(r.issues).toEqual([]);
      }),
      RUNS,
    );
  });

  it('selection is a deterministic subset of the pool, arrangements are permutations', () => {
    fc.assert(
      fc.property(rawQuiz, attemptId, (raw, id) => {
        const quiz = parseQuiz(raw);
        const s = selectItems(quiz, id);
        expect(selectItems(quiz, id)).toEqual(s);
        expect(publicQuiz(quiz, id)).toEqual(publicQuiz(quiz, id));
        const ids = s.items.map((i) => i.id);
        expect(ids).toHaveLength(drawCount(quiz));
        expect(new Set(ids).size).toBe(ids.length);
        const pool = quiz.items.map((i) => i.id);
        for (const x of ids) expect(pool).toContain(x);
        if (!quiz.shuffleItems) expect(ids).toEqual(pool.filter((p) => ids.includes(p)));
        if (typeof quiz.draw === 'object' && quiz.draw.coverTags) {
          const covered = new Set(ids.flatMap((x) => def(quiz, x).tags ?? []));
          expect(covered).toEqual(new Set(quiz.items.flatMap((i) => i.tags ?? [])));
        }
        for (const { id: itemId, arrangement } of s.items) {
          const item = def(quiz, itemId);
          const children = authoredChildIds(item);
          if (children === null) continue;
          const arranged = Object.values(arrangement as Record<string, string[]>)[0] as string[];
          expect([...arranged].sort()).toEqual([...children].sort());
          if ('steps' in item) expect(arranged).not.toEqual(children);
          if ('options' in item && !quiz.shuffleOptions) expect(arranged).toEqual(children);
        }
      }),
      RUNS,
    );
  });

  it('answering with the key scores 1 for every type, also after a round trip through JSON', () => {
    fc.assert(
      fc.property(rawQuiz, attemptId, (raw, id) => {
        const quiz = parseQuiz(raw);
        const g = gradeAttempt(quiz, id, JSON.parse(JSON.stringify(keyResponses(quiz, id))));
        for (const r of g.items) expect(r).toMatchObject({ score: 1, correct: true });
        expect(g.score).toBe(1);
        expect(g.passed).toBe(true);
      }),
      RUNS,
    );
  });

  it("each type's grader scores in [0, 1] (unclamped) for any well-shaped response; bad ones raise ResponseError only", () => {
    const pick = fc.array(fc.nat(), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(rawQuiz, attemptId, pick, fc.array(fc.anything(), { maxLength: 20 }), (raw, id, nats, junk) => {
        const quiz = parseQuiz(raw);
        const pub = publicQuiz(quiz, id);
        let k = 0;
        const nat = () => nats[k++ % nats.length] as number;
        const responses: Record<string, unknown> = {};
        for (const item of pub.items) {
          const r = randomResponse(item, nat);
          if (r !== undefined) responses[item.id] = r;
        }
        // The graders themselves, on the shaped responses, with no clamp in between.
        for (const { id: itemId, arrangement } of selectItems(quiz, id).items) {
          const item = def(quiz, itemId);
          const type = itemTypeOf(item.type);
          const given = responses[itemId];
          const shaped = given === undefined ? null : type.response.parse(given);
          const { score } = type.grade(item, arrangement, shaped);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
        }
        const g = gradeAttempt(quiz, id, responses);
        for (const r of g.items) expect(r.correct).toBe(r.score === 1);
        expect(g.score).toBeGreaterThanOrEqual(0);
        expect(g.score).toBeLessThanOrEqual(1);
        // What is stored grades again to the very same result.
        expect(gradeStoredAttempt(quiz, id, JSON.parse(JSON.stringify(g.stored)))).toEqual(g);
        // Junk in place of every response: either graded (null/undefined) or a ResponseError, never a crash.
        const junkResponses = Object.fromEntries(
          pub.items.map((item, i) => [item.id, junk[i % Math.max(1, junk.length)]]),
        );
        try {
          const j = gradeAttempt(quiz, id, junkResponses);
          for (const r of j.items) expect(r.score >= 0 && r.score <= 1).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(ResponseError);
        }
      }),
      RUNS,
    );
  });

  it('the public view holds no key field anywhere, no feedback, explanation or accepted answer', () => {
    const forbidden = new Set([
      'correct',
      'answer',
      'accept',
      'wrong',
      'suspicious',
      'explanation',
      'tolerance',
      'normalize',
      'distractors',
      'pairs',
    ]);
    fc.assert(
      fc.property(rawQuiz, attemptId, (raw, id) => {
        const view = publicQuiz(parseQuiz(raw), id);
        for (const key of keysOf(view)) {
          expect(forbidden.has(key) || key.startsWith('feedback'), `key "${key}" in the public view`).toBe(false);
        }
        const json = JSON.stringify(view);
        for (const marker of [FEEDBACK, EXPLANATION, ACCEPT, WRONG]) expect(json).not.toContain(marker);
      }),
      RUNS,
    );
  });

  it('ids in the public view are positions on the page, so they say nothing an id could give away', () => {
    fc.assert(
      fc.property(rawQuiz, attemptId, (raw, id) => {
        for (const item of publicQuiz(parseQuiz(raw), id).items) {
          for (const [list, prefix] of POSITIONAL[item.type] ?? []) {
            const ids = (item[list] as { id: string }[]).map((x) => x.id);
            expect(ids).toEqual(ids.map((_, i) => `${prefix}${i + 1}`));
          }
        }
      }),
      RUNS,
    );
  });

  it("the right option's public id is not predictable from the authored quiz: it follows each attempt's shuffle", () => {
    const choice = rawQuiz
      .map((q) => q.items.filter((i) => i.type === 'single' || i.type === 'multiple'))
      .filter((items) => items.length > 0);
    fc.assert(
      fc.property(choice, (items) => {
        for (const item of items) {
          const quiz = parseQuiz({ passMark: 0.5, shuffleOptions: true, items: [item] });
          const keys = new Set(
            Array.from({ length: 32 }, (_, i) => JSON.stringify(keyResponses(quiz, `k${i}`)[item.id as string])),
          );
          const options = (item as { options: { correct?: boolean }[] }).options;
          // Only when every option is right is there nothing to hide.
          if (options.every((o) => o.correct === true)) expect(keys.size).toBe(1);
          else expect(keys.size).toBeGreaterThan(1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('different attempt ids give different presentations whenever the quiz allows more than one', () => {
    fc.assert(
      fc.property(rawQuiz, (raw) => {
        const quiz = parseQuiz(raw);
        const seen = new Set(
          Array.from({ length: 32 }, (_, i) => JSON.stringify(publicQuiz(quiz, `attempt-${i}`).items)),
        );
        const seeds = new Set(Array.from({ length: 32 }, (_, i) => selectItems(quiz, `attempt-${i}`).seed));
        expect(seeds.size).toBe(32);
        // With at least two possible presentations, 32 attempts all alike has odds below 2^-31.
        const vary = canVary(quiz);
        if (vary === true) expect(seen.size).toBeGreaterThan(1);
        if (vary === false) expect(seen.size).toBe(1);
      }),
      { numRuns: 100 },
    );
  });
});
