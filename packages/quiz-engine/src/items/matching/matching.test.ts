import { describe, expect, it } from 'vitest';
import { ResponseError, responsesFromForm, type PublicMatchingItem } from '../../index.ts';
import { gradeOne, issuesOf, paths, publicOne, quizOf, responseIssues } from '../../../test/helpers.ts';

const item = {
  id: 'k1',
  type: 'matching',
  prompt: 'Nối dịch vụ với ứng dụng.',
  pairs: [
    { id: 'p1', left: 'Định danh', right: 'VNeID', feedback: 'VNeID là ứng dụng định danh.' },
    { id: 'p2', left: 'Dịch vụ công', right: 'Cổng DVC quốc gia' },
    { id: 'p3', left: 'Thanh toán', right: 'Ứng dụng ngân hàng' },
  ],
  distractors: [{ id: 'd1', text: 'Mạng xã hội' }],
  explanation: 'Giải thích.',
};
const quiz = quizOf([item]);
const view = publicOne(quiz) as unknown as PublicMatchingItem;
const rightId = (text: string): string => view.rights.find((r) => r.text === text)?.id as string;
const key = { p1: rightId('VNeID'), p2: rightId('Cổng DVC quốc gia'), p3: rightId('Ứng dụng ngân hàng') };

describe('matching', () => {
  it('public view: lefts in authoring order, rights shuffled with opaque ids', () => {
    expect(view.lefts).toEqual(item.pairs.map((p) => ({ id: p.id, text: p.left })));
    expect(view.rights.map((r) => r.text).sort()).toEqual(['Cổng DVC quốc gia', 'Mạng xã hội', 'Ứng dụng ngân hàng', 'VNeID'].sort());
    expect(view.rights.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(Object.keys(view).sort()).toEqual(['id', 'lefts', 'prompt', 'rights', 'type']);
  });

  it.each([
    ['all right', () => key, 1, ['p1', 'p2', 'p3']],
    ['one swapped pair', () => ({ ...key, p2: key.p3, p3: key.p2 }), 1 / 3, ['p1', 'p2', 'p3']],
    ['distractor used', () => ({ ...key, p1: rightId('Mạng xã hội') }), 2 / 3, ['p1', 'p2', 'p3']],
    ['partly answered', () => ({ p2: key.p2 }), 1 / 3, ['p2']],
    ['nothing', () => ({}), 0, [] as string[]],
  ])('%s', (_n, response, score, answered) => {
    const r = gradeOne(quiz, response());
    expect(r.score).toBeCloseTo(score);
    expect(r.solution).toEqual(key);
    // Only p1 has feedback.
    expect(r.feedback.map((f) => f.ref)).toEqual(answered.includes('p1') ? ['p1'] : []);
  });

  it.each([
    ['unknown left', () => ({ zz: key.p1 }), 'responses.k1.zz'],
    ['unknown right', () => ({ p1: 'r9' }), 'responses.k1.p1'],
    ['right used twice', () => ({ p1: key.p1, p2: key.p1 }), 'responses.k1.p2'],
    ['list instead of map', () => [key.p1], 'responses.k1'],
  ])('malformed: %s', (_n, response, path) => {
    expect(responseIssues(quiz, response())).toContain(path);
  });

  it('form', () => {
    expect(responsesFromForm(quiz, 'att', { 'q.k1.p1': [key.p1], 'q.k1.p2': [''] })).toEqual({ k1: { p1: key.p1 } });
    expect(responsesFromForm(quiz, 'att', { 'q.k1.p1': [''] })).toEqual({});
    expect(() => responsesFromForm(quiz, 'att', { 'q.k1.p1': ['r1', 'r2'] })).toThrow(ResponseError);
  });

  it.each([
    ['one pair', { pairs: item.pairs.slice(0, 1) }, 'items[0].pairs'],
    ['duplicate pair id', { pairs: [...item.pairs, { id: 'p1', left: 'x', right: 'y' }] }, 'items[0].pairs[3].id'],
    ['distractor id clashes', { distractors: [{ id: 'p2', text: 'Khác' }] }, 'items[0].distractors[0].id'],
    ['same right twice', { distractors: [{ id: 'd1', text: 'VNeID' }] }, 'items[0].distractors[0].text'],
    ['empty pair feedback', { pairs: item.pairs.map((p, i) => (i === 1 ? { ...p, feedback: '' } : p)) }, 'items[0].pairs[1].feedback'],
  ])('validation: %s', (_n, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
