import { describe, expect, it } from 'vitest';
import { gradeAttempt, publicQuiz, ResponseError, responsesFromForm } from '../../index.ts';
import { issuesOf, paths, quizOf } from '../../../test/helpers.ts';

const item = {
  id: 'q1',
  type: 'single',
  prompt: 'Ứng dụng VNeID do cơ quan nào quản lý?',
  options: [
    { id: 'a', text: 'Bộ Công an', correct: true, feedback: 'Đúng.' },
    { id: 'b', text: 'Một công ty tư nhân', feedback: 'Chưa đúng.' },
    { id: 'c', text: 'Ngân hàng', feedback: 'Không phải.' },
  ],
  explanation: 'VNeID do Bộ Công an quản lý.',
};
const quiz = quizOf([item]);

describe('single', () => {
  it.each([
    ['right', 'a', 1, [{ ref: 'a', text: 'Đúng.' }]],
    ['wrong', 'b', 0, [{ ref: 'b', text: 'Chưa đúng.' }]],
  ])('%s answer', (_name, response, score, feedback) => {
    const g = gradeAttempt(quiz, 'att', { q1: response });
    expect(g.items[0]).toMatchObject({ id: 'q1', score, correct: score === 1, response, feedback, solution: 'a', explanation: item.explanation });
    expect(g.score).toBe(score);
  });

  it('no response scores 0 with response null', () => {
    expect(gradeAttempt(quiz, 'att', {}).items[0]).toMatchObject({ score: 0, response: null, feedback: [] });
  });

  it.each([
    ['unknown id', 'z', 'responses.q1'],
    ['wrong shape', ['a'], 'responses.q1'],
    ['number', 1, 'responses.q1'],
  ])('malformed: %s', (_name, response, path) => {
    try {
      gradeAttempt(quiz, 'att', { q1: response });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ResponseError);
      expect((e as ResponseError).code).toBe('invalid_response');
      expect(paths((e as ResponseError).issues)).toContain(path);
    }
  });

  it('public view hides the key', () => {
    const p = publicQuiz(quiz, 'att').items[0];
    expect(p).toEqual({ id: 'q1', type: 'single', prompt: item.prompt, options: item.options.map(({ id, text }) => ({ id, text })) });
  });

  it('reads the form', () => {
    expect(responsesFromForm(quiz, 'att', { 'q.q1': ['b'] })).toEqual({ q1: 'b' });
    expect(responsesFromForm(quiz, 'att', { 'q.q1': [''] })).toEqual({});
    expect(() => responsesFromForm(quiz, 'att', { 'q.q1': ['a', 'b'] })).toThrow(ResponseError);
  });

  it.each([
    ['no correct', { options: item.options.map((o) => ({ ...o, correct: false })) }, 'items[0].options'],
    ['two correct', { options: item.options.map((o) => ({ ...o, correct: true })) }, 'items[0].options'],
    ['duplicate option id', { options: [...item.options, { ...item.options[1], id: 'a' }] }, 'items[0].options[3].id'],
    ['empty feedback', { options: item.options.map((o, i) => (i === 1 ? { ...o, feedback: '  ' } : o)) }, 'items[0].options[1].feedback'],
    ['one option', { options: [item.options[0]] }, 'items[0].options'],
    ['missing feedback', { options: item.options.map((o, i) => (i === 2 ? { id: o.id, text: o.text } : o)) }, 'items[0].options[2].feedback'],
    ['unknown field', { optoins: [] }, 'items[0].optoins'],
    ['empty explanation', { explanation: '' }, 'items[0].explanation'],
    ['bad id', { id: 'Q 1' }, 'items[0].id'],
  ])('validation: %s', (_name, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
