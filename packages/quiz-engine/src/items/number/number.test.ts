import { describe, expect, it } from 'vitest';
import { parseNumberAnswer, parseVietnameseNumber, responsesFromForm } from '../../index.ts';
import { gradeOne, issuesOf, paths, publicOne, quizOf, responseIssues } from '../../../test/helpers.ts';

const item = {
  id: 'n1',
  type: 'number',
  prompt: 'Phí chuyển khoản là bao nhiêu?',
  answer: 1000000,
  unit: 'đồng',
  feedbackWrong: 'Xem lại bảng phí.',
  explanation: 'Giải thích.',
};
const quiz = quizOf([item]);
const withTolerance = quizOf([{ ...item, answer: 2.5, tolerance: 0.1 }]);

describe('parseVietnameseNumber', () => {
  it.each([
    ['1.000.000', 1000000],
    ['1.000', 1000],
    ['2,5', 2.5],
    ['2.5', 2.5],
    ['0.125', 0.125],
    ['12.500,75', 12500.75],
    ['1,000,000', 1000000],
    ['1 000 000', 1000000],
    ['1\u00a0000', 1000],
    ['-3', -3],
    ['−3,5', -3.5],
    ['+7', 7],
    [',5', 0.5],
    ['.5', 0.5],
    ['42', 42],
    ['007', 7],
  ])('%s → %d', (s, n) => {
    expect(parseVietnameseNumber(s)).toBe(n);
  });

  it.each(['', 'abc', '1,2,3', '1.00.0', '2,5,0', '1.000,5,5', '--1', '1e5', '1,', 'Infinity', '.', '-'])(
    '"%s" is not a number',
    (s) => {
      expect(parseVietnameseNumber(s)).toBeNull();
    },
  );
});

describe('parseNumberAnswer: the unit or a money or percent sign after the number', () => {
  it.each([
    ['50.000đ', undefined, 50000],
    ['50.000 đ', undefined, 50000],
    ['1.000.000 đồng', undefined, 1000000],
    ['1.000.000 Đồng', undefined, 1000000],
    ['200.000 VND', undefined, 200000],
    ['200.000vnđ', undefined, 200000],
    ['15 %', undefined, 15],
    ['15%', '%', 15],
    ['2,5 kg', 'kg', 2.5],
    ['2,5KG', 'kg', 2.5],
    ['3 lần', 'lần', 3],
    ['1.000', undefined, 1000],
  ])('%s (unit %s) → %d', (s, unit, n) => {
    expect(parseNumberAnswer(s, unit)).toBe(n);
  });

  it.each([
    ['đ', undefined],
    ['50k', undefined],
    ['2,5 kg', undefined],
    ['khoảng 50.000', undefined],
    ['a'.repeat(101), undefined],
  ])('"%s" is still not a number', (s, unit) => {
    expect(parseNumberAnswer(s, unit)).toBeNull();
  });
});

describe('number', () => {
  it.each([
    ['number', quiz, 1000000, 1],
    ['typed with its unit', quiz, '1.000.000 đồng', 1],
    ['typed with đ', quiz, '1.000.000đ', 1],
    ['vietnamese grouping', quiz, '1.000.000', 1],
    ['wrong', quiz, 100000, 0],
    ['within tolerance', withTolerance, '2,55', 1],
    ['at the tolerance edge', withTolerance, 2.6, 1],
    ['outside tolerance', withTolerance, '2,7', 0],
    ['0.1 + 0.2 is within 0 of 0.3', quizOf([{ ...item, answer: 0.3 }]), 0.1 + 0.2, 1],
    ['a large amount off by 2 is wrong at tolerance 0', quizOf([{ ...item, answer: 2e9 }]), 2e9 + 2, 0],
    ['a large amount off by 1 is wrong at tolerance 0', quizOf([{ ...item, answer: 123456789 }]), 123456790, 0],
    ['a large amount exactly', quizOf([{ ...item, answer: 2e9 }]), '2.000.000.000', 1],
  ])('%s', (_n, q, response, score) => {
    expect(gradeOne(q, response).score).toBe(score);
  });

  it('the response is kept as typed; feedbackWrong on a wrong answer; solution', () => {
    expect(gradeOne(quiz, '1.000.000')).toMatchObject({
      response: '1.000.000',
      feedback: [],
      solution: { answer: 1000000, tolerance: 0, unit: 'đồng' },
    });
    expect(gradeOne(quiz, 5).feedback).toEqual([
      { ref: 'wrong', text: 'Xem lại bảng phí.', picked: true, correct: false },
    ]);
  });

  it('what cannot be read as a number is wrong, with feedback, not an error', () => {
    expect(gradeOne(quiz, 'một triệu')).toMatchObject({
      score: 0,
      response: 'một triệu',
      feedback: [{ ref: 'unreadable', text: 'Xem lại bảng phí.', picked: true, correct: false }],
    });
    expect(gradeOne(quiz, '1,2,3').score).toBe(0);
  });

  it.each([
    ['boolean', true],
    ['list', [1]],
    ['infinity', Infinity],
    ['NaN', Number.NaN],
    ['too long', '1'.repeat(1001)],
  ])('malformed: %s', (_n, response) => {
    expect(responseIssues(quiz, response)).toEqual(['responses.n1']);
  });

  it('public view', () => {
    expect(publicOne(quiz)).toEqual({ id: 'n1', type: 'number', prompt: item.prompt, unit: 'đồng' });
  });

  it('form', () => {
    expect(responsesFromForm(quiz, 'a', { 'q.n1': ['1.000.000'] })).toEqual({ n1: '1.000.000' });
    expect(responsesFromForm(quiz, 'a', { 'q.n1': [''] })).toEqual({});
  });

  it.each([
    ['negative tolerance', { tolerance: -1 }, 'items[0].tolerance'],
    ['answer as text', { answer: '1.000' }, 'items[0].answer'],
    ['empty feedbackWrong', { feedbackWrong: '' }, 'items[0].feedbackWrong'],
    ['missing feedbackWrong', { feedbackWrong: undefined }, 'items[0].feedbackWrong'],
  ])('validation: %s', (_n, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
