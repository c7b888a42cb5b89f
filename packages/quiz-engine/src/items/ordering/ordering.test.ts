import { describe, expect, it } from 'vitest';
import { responsesFromForm, type PublicOrderingItem } from '../../index.ts';
import { gradeOne, issuesOf, paths, publicOne, quizOf, responseIssues } from '../../../test/helpers.ts';

const steps = ['Mở ứng dụng', 'Chọn Đăng nhập', 'Nhập passcode', 'Xác nhận'];
const item = {
  id: 'o1',
  type: 'ordering',
  prompt: 'Sắp xếp các bước đăng nhập VNeID.',
  steps: steps.map((text, i) => ({ id: `s${i + 1}`, text })),
  explanation: 'Giải thích.',
};
const quiz = quizOf([item]);
const view = publicOne(quiz) as unknown as PublicOrderingItem;
/** Public id of the step with this text. */
const idOf = (text: string): string => view.steps.find((s) => s.text === text)?.id as string;
const order = (...idx: number[]): string[] => idx.map((i) => idOf(steps[i] as string));

describe('ordering', () => {
  it('shows every step, never in the right order, with ids that do not give the order away', () => {
    for (let a = 0; a < 50; a++) {
      const v = publicOne(quiz, `a${a}`) as unknown as PublicOrderingItem;
      expect(v.steps.map((s) => s.text).sort()).toEqual([...steps].sort());
      expect(v.steps.map((s) => s.text)).not.toEqual(steps);
      expect(v.steps.map((s) => s.id)).toEqual(['o1', 'o2', 'o3', 'o4']);
    }
    const two = quizOf([{ ...item, steps: item.steps.slice(0, 2) }]);
    for (let a = 0; a < 20; a++) {
      expect((publicOne(two, `b${a}`) as unknown as PublicOrderingItem).steps.map((s) => s.text)).toEqual([
        steps[1],
        steps[0],
      ]);
    }
  });

  it.each([
    ['right', [0, 1, 2, 3], 1],
    ['reversed', [3, 2, 1, 0], 0],
    ['one pair right of three', [1, 2, 0, 3], 1 / 3],
    ['two pairs right', [2, 3, 0, 1], 2 / 3],
    ['last moved to front', [3, 0, 1, 2], 2 / 3],
  ])('%s', (_n, idx, score) => {
    const r = gradeOne(quiz, order(...idx));
    expect(r.score).toBeCloseTo(score);
    expect(r.correct).toBe(score === 1);
    expect(r.solution).toEqual(order(0, 1, 2, 3));
  });

  it.each([
    ['missing a position', () => order(0, 1, 2), 'responses.o1'],
    ['duplicate', () => [...order(0, 1, 2), idOf(steps[0] as string)], 'responses.o1[3]'],
    ['authored id instead of public id', () => ['s1', 's2', 's3', 's4'], 'responses.o1[0]'],
    ['not a list', () => 'o1', 'responses.o1'],
  ])('malformed: %s', (_n, response, path) => {
    expect(responseIssues(quiz, response())).toContain(path);
  });

  it('positions left empty join no pair', () => {
    expect(gradeOne(quiz, [idOf(steps[0] as string), idOf(steps[1] as string), null, null]).score).toBeCloseTo(1 / 3);
    expect(
      gradeOne(quiz, [idOf(steps[0] as string), null, idOf(steps[2] as string), idOf(steps[3] as string)]).score,
    ).toBeCloseTo(1 / 3);
    expect(gradeOne(quiz, [null, null, null, null]).score).toBe(0);
  });

  it('form: positions', () => {
    const form = Object.fromEntries(order(0, 1, 2, 3).map((id, i) => [`q.o1.${id}`, [String(i + 1)]]));
    expect(responsesFromForm(quiz, 'att', form)).toEqual({ o1: order(0, 1, 2, 3) });
    expect(responsesFromForm(quiz, 'att', { 'q.o1.o1': [''] })).toEqual({});
  });

  it('form: a position given twice or not at all is graded as given, not refused', () => {
    const [a, b, c, d] = order(0, 1, 2, 3) as [string, string, string, string];
    // steps 1 and 2 both at position 1: position 1 holds no single step, position 2 none at all
    const twice = { [`q.o1.${a}`]: ['1'], [`q.o1.${b}`]: ['1'], [`q.o1.${c}`]: ['3'], [`q.o1.${d}`]: ['4'] };
    expect(responsesFromForm(quiz, 'att', twice)).toEqual({ o1: [null, null, c, d] });
    expect(gradeOne(quiz, responsesFromForm(quiz, 'att', twice).o1).score).toBeCloseTo(1 / 3);
    // only one step placed
    expect(responsesFromForm(quiz, 'att', { [`q.o1.${c}`]: ['2'] })).toEqual({ o1: [null, c, null, null] });
    expect(gradeOne(quiz, responsesFromForm(quiz, 'att', { [`q.o1.${c}`]: ['2'] }).o1).score).toBe(0);
    // a value the page does not offer counts as no position for that step
    expect(responsesFromForm(quiz, 'att', { ...twice, [`q.o1.${a}`]: ['9'] })).toEqual({ o1: [b, null, c, d] });
  });

  it.each([
    ['one step', { steps: item.steps.slice(0, 1) }, 'items[0].steps'],
    ['duplicate step id', { steps: [...item.steps, { id: 's1', text: 'x' }] }, 'items[0].steps[4].id'],
  ])('validation: %s', (_n, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
