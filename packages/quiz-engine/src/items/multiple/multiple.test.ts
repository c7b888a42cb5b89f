import { describe, expect, it } from 'vitest';
import { responsesFromForm } from '../../index.ts';
import { gradeOne, issuesOf, paths, publicOne, quizOf, responseIssues } from '../../../test/helpers.ts';

const item = {
  id: 'm1',
  type: 'multiple',
  prompt: 'Dấu hiệu nào là lừa đảo?',
  options: [
    { id: 'a', text: 'Đòi mã OTP', correct: true, feedback: 'fa' },
    { id: 'b', text: 'Đường link lạ', correct: true, feedback: 'fb' },
    { id: 'c', text: 'Gọi từ số tổng đài chính thức', feedback: 'fc' },
    { id: 'd', text: 'Xưng tên đầy đủ', feedback: 'fd' },
  ],
  explanation: 'Giải thích.',
};
const quiz = quizOf([item]);

describe('multiple', () => {
  it.each([
    ['all right', ['a', 'b'], 1],
    ['order does not matter', ['b', 'a'], 1],
    ['half', ['a'], 0.5],
    ['one right one wrong', ['a', 'c'], 0],
    ['more wrong than right: floor 0', ['a', 'c', 'd'], 0],
    ['only wrong', ['c'], 0],
    ['nothing picked', [], 0],
  ])('%s', (_n, response, score) => {
    const r = gradeOne(quiz, response);
    expect(r.score).toBe(score);
    expect(r.correct).toBe(score === 1);
    expect(r.solution).toEqual(['a', 'b']);
    expect(r.feedback.map((f) => f.ref).sort()).toEqual([...response].sort());
  });

  it.each([
    ['unknown id', ['a', 'z'], 'responses.m1[1]'],
    ['duplicate', ['a', 'a'], 'responses.m1[1]'],
    ['not a list', 'a', 'responses.m1'],
    ['list of numbers', [1], 'responses.m1[0]'],
  ])('malformed: %s', (_n, response, path) => {
    expect(responseIssues(quiz, response)).toContain(path);
  });

  it('public view', () => {
    expect(publicOne(quiz)).toEqual({ id: 'm1', type: 'multiple', prompt: item.prompt, options: item.options.map(({ id, text }) => ({ id, text })) });
  });

  it('form: repeated values', () => {
    expect(responsesFromForm(quiz, 'att', { 'q.m1': ['a', 'c', ''] })).toEqual({ m1: ['a', 'c'] });
    expect(responsesFromForm(quiz, 'att', { 'q.m1': [''] })).toEqual({});
  });

  it.each([
    ['no correct option', { options: item.options.map((o) => ({ ...o, correct: false })) }, 'items[0].options'],
    ['duplicate id', { options: [...item.options, { ...item.options[0], id: 'c' }] }, 'items[0].options[4].id'],
    ['empty feedback', { options: item.options.map((o, i) => (i === 3 ? { ...o, feedback: '' } : o)) }, 'items[0].options[3].feedback'],
  ])('validation: %s', (_n, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
