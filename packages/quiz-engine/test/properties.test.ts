import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemTypeOf } from '../src/items/registry.ts';
import { gradeAttempt, parseQuiz, publicQuiz, ResponseError, selectItems, validateQuiz, type Quiz, type QuizItem } from '../src/index.ts';
import { ACCEPT, attemptId, EXPLANATION, FEEDBACK, rawQuiz, WRONG } from './arbitraries.ts';

const RUNS = { numRuns: 300 };
const drawCount = (q: Quiz): number => (q.draw === undefined ? q.items.length : typeof q.draw === 'number' ? q.draw : q.draw.count);
const def = (q: Quiz, id: string): QuizItem => q.items.find((i) => i.id === id) as QuizItem;

/** Ids that the item's arrangement is a permutation of, for the types that have one. */
function authoredChildIds(item: QuizItem): string[] | null {
  if ('options' in item) return item.options.map((o) => o.id);
  if ('steps' in item) return item.steps.map((s) => s.id);
  if ('pairs' in item) return [...item.pairs.map((p) => p.id), ...(item.distractors ?? []).map((d) => d.id)];
  return null;
}

describe('properties over generated quizzes', () => {
  it('generated quizzes validate', () => {
    fc.assert(fc.property(rawQuiz, (raw) => {
      const r = validateQuiz(raw);
      expect(r.issues).toEqual([]);
    }), RUNS);
  });

  it('selection is a deterministic subset of the pool, arrangements are permutations', () => {
    fc.assert(fc.property(rawQuiz, attemptId, (raw, id) => {
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
    }), RUNS);
  });

  it('answering with the key scores 1 for every type', () => {
    fc.assert(fc.property(rawQuiz, attemptId, (raw, id) => {
      const quiz = parseQuiz(raw);
      const responses = Object.fromEntries(
        selectItems(quiz, id).items.map(({ id: itemId, arrangement }) => {
          const item = def(quiz, itemId);
          return [itemId, itemTypeOf(item.type).keyResponse(item, arrangement)];
        }),
      );
      const g = gradeAttempt(quiz, id, JSON.parse(JSON.stringify(responses)));
      for (const r of g.items) expect(r).toMatchObject({ score: 1, correct: true });
      expect(g.score).toBe(1);
      expect(g.passed).toBe(true);
    }), RUNS);
  });

  it('scores stay in [0, 1] for any well-shaped response, and bad ones raise ResponseError only', () => {
    const pick = fc.array(fc.nat(), { minLength: 1, maxLength: 20 });
    fc.assert(fc.property(rawQuiz, attemptId, pick, fc.array(fc.anything(), { maxLength: 20 }), (raw, id, nats, junk) => {
      const quiz = parseQuiz(raw);
      const pub = publicQuiz(quiz, id);
      let k = 0;
      const nat = () => nats[k++ % nats.length] as number;
      const some = <T>(xs: T[]): T[] => xs.filter(() => nat() % 2 === 0);
      // A random response built from what the learner sees (never malformed).
      const responses: Record<string, unknown> = {};
      for (const item of pub.items) {
        const ids = (key: string) => (item[key] as { id: string }[]).map((x) => x.id);
        const shuffled = <T>(xs: T[]) => [...xs].sort(() => (nat() % 3) - 1);
        if (nat() % 5 === 0) continue; // unanswered
        if (item.type === 'single') responses[item.id] = ids('options')[nat() % ids('options').length];
        if (item.type === 'multiple') responses[item.id] = some(ids('options'));
        if (item.type === 'truefalse') responses[item.id] = nat() % 2 === 0;
        if (item.type === 'ordering') responses[item.id] = shuffled(ids('steps'));
        if (item.type === 'matching') {
          const rights = shuffled(ids('rights'));
          responses[item.id] = Object.fromEntries(some(ids('lefts')).map((l, i) => [l, rights[i]]));
        }
        if (item.type === 'text') responses[item.id] = nat() % 2 === 0 ? `${ACCEPT}${nat() % 1000}` : `${WRONG}${nat() % 1000}`;
        if (item.type === 'number') responses[item.id] = nat() % 2 === 0 ? nat() : String(nat()).replace(/\B(?=(\d{3})+$)/g, '.');
        if (item.type === 'spot') responses[item.id] = some(ids('segments'));
      }
      const g = gradeAttempt(quiz, id, responses);
      for (const r of g.items) {
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(r.correct).toBe(r.score === 1);
      }
      expect(g.score).toBeGreaterThanOrEqual(0);
      expect(g.score).toBeLessThanOrEqual(1);
      // Junk in place of every response: either graded (null/undefined) or a ResponseError, never a crash.
      const junkResponses = Object.fromEntries(pub.items.map((item, i) => [item.id, junk[i % Math.max(1, junk.length)]]));
      try {
        const j = gradeAttempt(quiz, id, junkResponses);
        for (const r of j.items) expect(r.score >= 0 && r.score <= 1).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(ResponseError);
      }
    }), RUNS);
  });

  it('the public view never contains feedback, explanations or key fields', () => {
    const forbiddenKeys = /"(correct|answer|accept|wrong|suspicious|match|explanation|feedback\w*|tolerance|normalize)":/;
    fc.assert(fc.property(rawQuiz, attemptId, (raw, id) => {
      const json = JSON.stringify(publicQuiz(parseQuiz(raw), id));
      expect(json).not.toContain(FEEDBACK);
      expect(json).not.toContain(EXPLANATION);
      expect(json).not.toContain(ACCEPT);
      expect(json).not.toContain(WRONG);
      expect(json).not.toMatch(forbiddenKeys);
      // Matching rights and ordering steps carry only presentation-order ids, which say nothing about the key.
      for (const item of JSON.parse(json).items) {
        const list = item.type === 'matching' ? item.rights : item.type === 'ordering' ? item.steps : null;
        if (list !== null) expect(list.map((x: { id: string }) => x.id)).toEqual(list.map((_: unknown, i: number) => `${item.type === 'matching' ? 'r' : 'o'}${i + 1}`));
      }
    }), RUNS);
  });

  it('different attempt ids usually give different presentations', () => {
    fc.assert(fc.property(rawQuiz, (raw) => {
      const quiz = parseQuiz(raw);
      const seen = new Set(Array.from({ length: 8 }, (_, i) => JSON.stringify(selectItems(quiz, `attempt-${i}`).items)));
      const seeds = new Set(Array.from({ length: 8 }, (_, i) => selectItems(quiz, `attempt-${i}`).seed));
      expect(seeds.size).toBe(8);
      return seen.size >= 1;
    }), { numRuns: 50 });
  });
});
