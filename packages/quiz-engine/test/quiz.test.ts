import { describe, expect, it } from 'vitest';
import {
  gradeAttempt,
  keyResponses,
  parseQuiz,
  publicQuiz,
  QuizValidationError,
  quizVersion,
  ResponseError,
  selectItems,
  validateQuiz,
} from '../src/index.ts';
import { paths } from './helpers.ts';

const singleItem = (id: string, tags?: string[]) => ({
  id,
  type: 'single',
  prompt: `Câu ${id}?`,
  tags,
  options: [
    { id: 'a', text: 'Đúng', correct: true, feedback: 'Đúng rồi.' },
    { id: 'b', text: 'Sai', feedback: 'Chưa đúng.' },
    { id: 'c', text: 'Sai nữa', feedback: 'Chưa đúng.' },
  ],
  explanation: `Giải thích ${id}.`,
});
const pool = (n: number, tags?: (i: number) => string[]) =>
  Array.from({ length: n }, (_, i) => singleItem(`q${i + 1}`, tags?.(i)));

describe('validateQuiz', () => {
  it('accepts a good quiz and applies defaults', () => {
    const r = validateQuiz({ passMark: 0.7, draw: 6, items: pool(8) });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.quiz).toMatchObject({ shuffleItems: true, shuffleOptions: true, draw: 6 });
  });

  it.each([
    ['duplicate item id', { passMark: 0.7, items: [singleItem('q1'), singleItem('q1')] }, 'items[1].id'],
    ['draw larger than pool', { passMark: 0.7, draw: 9, items: pool(8) }, 'draw'],
    ['draw object larger than pool', { passMark: 0.7, draw: { count: 9 }, items: pool(8) }, 'draw.count'],
    ['draw 0', { passMark: 0.7, draw: 0, items: pool(8) }, 'draw'],
    ['passMark above 1', { passMark: 1.2, items: pool(8) }, 'passMark'],
    ['passMark negative', { passMark: -0.1, items: pool(8) }, 'passMark'],
    [
      'coverTags impossible',
      { passMark: 0.7, draw: { count: 2, coverTags: true }, items: pool(8, (i) => [`t${i % 3}`]) },
      'draw.coverTags',
    ],
    ['unknown type', { passMark: 0.7, items: [{ ...singleItem('q1'), type: 'essay' }] }, 'items[0].type'],
    ['unknown top-level field', { passMark: 0.7, items: pool(8), pasMark: 1 }, 'pasMark'],
    ['no items', { passMark: 0.7, items: [] }, 'items'],
    ['attempts.max 0', { passMark: 0.7, items: pool(8), attempts: { max: 0 } }, 'attempts.max'],
  ])('%s', (_name, raw, path) => {
    const r = validateQuiz(raw);
    expect(r.ok).toBe(false);
    expect(paths(r.issues)).toContain(path);
  });

  it('reports quiz-level problems together with broken items', () => {
    const broken = { ...singleItem('q2'), options: [] };
    const r = validateQuiz({
      passMark: 0.7,
      draw: { count: 9, coverTags: true },
      items: [singleItem('q1', ['a']), broken, singleItem('q1', ['b']), singleItem('q4', ['c'])],
    });
    expect(r.ok).toBe(false);
    expect([...new Set(paths(r.issues))].sort()).toEqual(['draw.count', 'items[1].options', 'items[2].id'].sort());
    const tags = validateQuiz({ passMark: 2, draw: { count: 2, coverTags: true }, items: pool(4, (i) => [`t${i}`]) });
    expect(paths(tags.issues).sort()).toEqual(['draw.coverTags', 'passMark']);
    // reported once, not twice, when nothing else is wrong
    expect(validateQuiz({ passMark: 0.7, items: [singleItem('q1'), singleItem('q1')] }).issues).toHaveLength(1);
  });

  it('a small pool is not an engine error', () => {
    expect(validateQuiz({ passMark: 0.5, items: pool(2) }).ok).toBe(true);
  });

  it('parseQuiz throws QuizValidationError with issues', () => {
    try {
      parseQuiz({ passMark: 2, items: [] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(QuizValidationError);
      expect((e as QuizValidationError).issues.length).toBe(2);
    }
  });
});

describe('quizVersion', () => {
  it('is 16 hex chars and ignores key order', () => {
    const a = parseQuiz({ passMark: 0.7, items: pool(3) });
    const b = parseQuiz({ items: pool(3), passMark: 0.7, shuffleItems: true });
    expect(quizVersion(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(quizVersion(a)).toBe(quizVersion(b));
    expect(quizVersion(parseQuiz({ passMark: 0.8, items: pool(3) }))).not.toBe(quizVersion(a));
  });
});

describe('selection', () => {
  const quiz = parseQuiz({ passMark: 0.7, draw: 5, items: pool(10) });

  it('is deterministic per attempt id and varies between ids', () => {
    expect(selectItems(quiz, 'x')).toEqual(selectItems(quiz, 'x'));
    expect(publicQuiz(quiz, 'x')).toEqual(publicQuiz(quiz, 'x'));
    const seen = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(selectItems(quiz, `a${i}`).items)));
    expect(seen.size).toBeGreaterThan(15);
  });

  it('draws distinct items from the pool', () => {
    const s = selectItems(quiz, 'y');
    expect(s.items).toHaveLength(5);
    expect(new Set(s.items.map((i) => i.id)).size).toBe(5);
    expect(s.seed).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps authoring order without shuffleItems', () => {
    const q = parseQuiz({ passMark: 0.7, draw: 5, shuffleItems: false, items: pool(10) });
    for (let i = 0; i < 10; i++) {
      const ids = selectItems(q, `z${i}`).items.map((it) => Number(it.id.slice(1)));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
  });

  it('covers every tag with coverTags', () => {
    const q = parseQuiz({
      passMark: 0.7,
      draw: { count: 3, coverTags: true },
      items: pool(10, (i) => [i === 9 ? 'rare' : `t${i % 2}`]),
    });
    for (let i = 0; i < 30; i++) {
      const ids = new Set(selectItems(q, `c${i}`).items.map((it) => it.id));
      const tags = new Set(q.items.filter((it) => ids.has(it.id)).flatMap((it) => it.tags ?? []));
      expect(tags).toEqual(new Set(['t0', 't1', 'rare']));
    }
  });
});

describe('gradeAttempt', () => {
  const quiz = parseQuiz({ passMark: 0.7, draw: 5, items: pool(10) });

  it('means item scores over the drawn items and applies the pass mark', () => {
    const view = publicQuiz(quiz, 'g').items as unknown as { id: string; options: { id: string; text: string }[] }[];
    const pick = (i: number, text: string) => (view[i]?.options.find((o) => o.text === text) as { id: string }).id;
    const responses = Object.fromEntries(view.map((item, i) => [item.id, pick(i, i < 4 ? 'Đúng' : 'Sai')]));
    const g = gradeAttempt(quiz, 'g', responses);
    expect(g.score).toBeCloseTo(0.8);
    expect(g.passed).toBe(true);
    expect(g.version).toBe(quizVersion(quiz));
    expect(gradeAttempt(quiz, 'g', { [view[0]?.id as string]: pick(0, 'Đúng') }).passed).toBe(false);
  });

  it('keyResponses scores 1 and is in the ids of the public view', () => {
    const key = keyResponses(quiz, 'k');
    expect(Object.keys(key)).toEqual(selectItems(quiz, 'k').items.map((i) => i.id));
    expect(gradeAttempt(quiz, 'k', key).score).toBe(1);
    const view = new Map(publicQuiz(quiz, 'k').items.map((i) => [i.id, i.options as { id: string; text: string }[]]));
    for (const [id, option] of Object.entries(key))
      expect(view.get(id)?.find((o) => o.id === option)?.text).toBe('Đúng');
  });

  it('tells the page the attempt policy, when there is one', () => {
    expect(
      publicQuiz(parseQuiz({ passMark: 0.7, attempts: { max: 3, cooldownMinutes: 5 }, items: pool(2) }), 'p').attempts,
    ).toEqual({ max: 3, cooldownMinutes: 5 });
    expect('attempts' in publicQuiz(quiz, 'p')).toBe(false);
  });

  it('gives each result the item as the attempt showed it', () => {
    const g = gradeAttempt(quiz, 'v', {});
    expect(g.items.map((i) => i.item)).toEqual(publicQuiz(quiz, 'v').items);
  });

  it('rejects responses for items outside the attempt, collecting every issue', () => {
    const drawn = new Set(selectItems(quiz, 'g').items.map((i) => i.id));
    const other = quiz.items.find((i) => !drawn.has(i.id))?.id as string;
    const first = [...drawn][0] as string;
    try {
      gradeAttempt(quiz, 'g', { [other]: 'c1', [first]: 'zz' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ResponseError);
      expect(paths((e as ResponseError).issues).sort()).toEqual([`responses.${first}`, `responses.${other}`].sort());
    }
  });

  it('rejects a non-object', () => {
    expect(() => gradeAttempt(quiz, 'g', [] as unknown as Record<string, unknown>)).toThrow(ResponseError);
    expect(() => gradeAttempt(quiz, 'g', null as unknown as Record<string, unknown>)).toThrow(ResponseError);
  });
});
