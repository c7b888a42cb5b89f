import { describe, expect, it } from 'vitest';
import { gradeStoredAttempt, ResponseError, responsesFromForm, type PublicMatchingItem } from '../../index.ts';
import { gradeOne, issuesOf, paths, publicOne, quizOf, responseIssues } from '../../../test/helpers.ts';

const item = {
  id: 'k1',
  type: 'matching',
  prompt: 'Nối dịch vụ với ứng dụng.',
  pairs: [
    { id: 'dinh-danh', left: 'Định danh', right: 'VNeID', feedback: 'VNeID là ứng dụng định danh.' },
    { id: 'dvc', left: 'Dịch vụ công', right: 'Cổng DVC quốc gia', feedback: 'Thủ tục nộp trên Cổng DVC.' },
    {
      id: 'thanh-toan',
      left: 'Thanh toán',
      right: 'Ứng dụng ngân hàng',
      feedback: 'Chuyển tiền bằng ứng dụng ngân hàng.',
    },
  ],
  distractors: [{ id: 'd1', text: 'Mạng xã hội' }],
  explanation: 'Giải thích.',
};
const quiz = quizOf([item]);
const view = publicOne(quiz) as unknown as PublicMatchingItem;
const rightId = (text: string): string => view.rights.find((r) => r.text === text)?.id as string;
const [l1, l2, l3] = ['l1', 'l2', 'l3'] as const;
const key = {
  [l1]: rightId('VNeID'),
  [l2]: rightId('Cổng DVC quốc gia'),
  [l3]: rightId('Ứng dụng ngân hàng'),
} as Record<string, string>;

describe('matching', () => {
  it('public view: lefts in authoring order and rights shuffled, all with attempt-local ids', () => {
    expect(view.lefts).toEqual(item.pairs.map((p, i) => ({ id: `l${i + 1}`, text: p.left })));
    expect(view.rights.map((r) => r.text).sort()).toEqual(
      ['Cổng DVC quốc gia', 'Mạng xã hội', 'Ứng dụng ngân hàng', 'VNeID'].sort(),
    );
    expect(view.rights.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(Object.keys(view).sort()).toEqual(['id', 'lefts', 'prompt', 'rights', 'type']);
  });

  it.each([
    ['all right', () => key, 1, [l1, l2, l3]],
    ['one swapped pair', () => ({ ...key, [l2]: key[l3], [l3]: key[l2] }), 1 / 3, [l1]],
    ['distractor used', () => ({ ...key, [l1]: rightId('Mạng xã hội') }), 2 / 3, [l2, l3]],
    [
      'one answer chosen for two lefts: graded as given',
      () => ({ [l1]: key[l1], [l2]: key[l1], [l3]: key[l3] }),
      2 / 3,
      [l1, l3],
    ],
    ['partly answered', () => ({ [l2]: key[l2] }), 1 / 3, [l2]],
    ['nothing', () => ({}), 0, [] as string[]],
  ])('%s', (_n, response, score, right) => {
    const r = gradeOne(quiz, response());
    expect(r.score).toBeCloseTo(score);
    expect(r.solution).toEqual(key);
    // Every pair says why it goes together, marked answered and matched right.
    expect(r.feedback).toEqual(
      item.pairs.map((p, i) => ({
        ref: `l${i + 1}`,
        text: p.feedback,
        picked: Object.hasOwn(response(), `l${i + 1}`),
        correct: right.includes(`l${i + 1}`),
      })),
    );
  });

  it('stores authored pair ids and reads them back', () => {
    const g = gradeOne(quiz, { [l1]: key[l1], [l3]: key[l2] });
    const stored = { k1: { 'dinh-danh': key[l1], 'thanh-toan': key[l2] } };
    const again = gradeStoredAttempt(quiz, 'att', stored);
    expect(again.stored).toEqual(stored);
    expect(again.items[0]).toEqual(g);
    expect(() => gradeStoredAttempt(quiz, 'att', { k1: { zz: 'r1' } })).toThrow(ResponseError);
  });

  it.each([
    ['unknown left', () => ({ zz: key[l1] }), 'responses.k1.zz'],
    ['authored left id', () => ({ 'dinh-danh': key[l1] }), 'responses.k1.dinh-danh'],
    ['unknown right', () => ({ [l1]: 'r9' }), 'responses.k1.l1'],
    ['list instead of map', () => [key[l1]], 'responses.k1'],
  ])('malformed: %s', (_n, response, path) => {
    expect(responseIssues(quiz, response())).toContain(path);
  });

  it('form', () => {
    expect(responsesFromForm(quiz, 'att', { 'q.k1.l1': [key[l1] as string], 'q.k1.l2': [''] })).toEqual({
      k1: { l1: key[l1] },
    });
    expect(responsesFromForm(quiz, 'att', { 'q.k1.l1': ['r2'], 'q.k1.l2': ['r2'] })).toEqual({
      k1: { l1: 'r2', l2: 'r2' },
    });
    expect(responsesFromForm(quiz, 'att', { 'q.k1.l1': [''] })).toEqual({});
    expect(() => responsesFromForm(quiz, 'att', { 'q.k1.l1': ['r1', 'r2'] })).toThrow(ResponseError);
  });

  it.each([
    ['one pair', { pairs: item.pairs.slice(0, 1) }, 'items[0].pairs'],
    [
      'duplicate pair id',
      { pairs: [...item.pairs, { id: 'dvc', left: 'x', right: 'y', feedback: 'z' }] },
      'items[0].pairs[3].id',
    ],
    ['distractor id clashes', { distractors: [{ id: 'dvc', text: 'Khác' }] }, 'items[0].distractors[0].id'],
    ['same right twice', { distractors: [{ id: 'd1', text: 'VNeID' }] }, 'items[0].distractors[0].text'],
    [
      'empty pair feedback',
      { pairs: item.pairs.map((p, i) => (i === 1 ? { ...p, feedback: '' } : p)) },
      'items[0].pairs[1].feedback',
    ],
    [
      'missing pair feedback',
      { pairs: item.pairs.map((p, i) => (i === 2 ? { id: p.id, left: p.left, right: p.right } : p)) },
      'items[0].pairs[2].feedback',
    ],
  ])('validation: %s', (_n, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
