import { describe, expect, it } from 'vitest';
import { responsesFromForm } from '../../index.ts';
import { gradeOne, issuesOf, paths, publicOne, quizOf, responseIssues } from '../../../test/helpers.ts';

const item = {
  id: 'x1',
  type: 'text',
  prompt: 'Thủ đô của Việt Nam là gì?',
  accept: ['Hà Nội', 'Thành phố Hà Nội'],
  wrong: [{ answer: 'Hồ Chí Minh', feedback: 'TP. Hồ Chí Minh là thành phố lớn nhất, không phải thủ đô.' }],
  placeholder: 'Tên thành phố',
  explanation: 'Hà Nội là thủ đô.',
};
const strict = quizOf([item]);
const lenient = quizOf([{ ...item, normalize: { diacritics: true } }]);
const exact = quizOf([{ ...item, normalize: { case: false, spaces: false } }]);

describe('text', () => {
  it.each([
    ['exact', strict, 'Hà Nội', 1],
    ['case and spaces', strict, '  hà   NỘI ', 1],
    ['decomposed input (NFD)', strict, 'Hà Nội'.normalize('NFD'), 1],
    ['second accepted answer', strict, 'thành phố hà nội', 1],
    ['no diacritics when not allowed', strict, 'Ha Noi', 0],
    ['no diacritics when allowed', lenient, 'ha noi', 1],
    ['case kept when asked', exact, 'hà nội', 0],
    ['spaces kept when asked', exact, 'Hà  Nội', 0],
    ['wrong', strict, 'Đà Nẵng', 0],
    ['old tone placement, diacritics kept', quizOf([{ ...item, accept: ['Hoà Bình'] }]), 'Hòa Bình', 1],
    ['new tone placement, diacritics kept', quizOf([{ ...item, accept: ['Hòa Bình'] }]), 'hoà bình', 1],
    ['uy: thúy = thuý', quizOf([{ ...item, accept: ['Thúy'] }]), 'thuý', 1],
    ['oe: khỏe = khoẻ', quizOf([{ ...item, accept: ['khoẻ'] }]), 'Khỏe', 1],
    ['another tone is still wrong', quizOf([{ ...item, accept: ['Hoà Bình'] }]), 'Hoá Bình', 0],
    ['empty', strict, '', 0],
  ])('%s', (_n, quiz, response, score) => {
    const r = gradeOne(quiz, response);
    expect(r.score).toBe(score);
    expect(r.solution).toBe(quiz.items[0]?.type === 'text' ? quiz.items[0].accept[0] : null);
  });

  it('known wrong answer gives its feedback', () => {
    expect(gradeOne(strict, 'hồ chí minh').feedback).toEqual([
      { ref: 'wrong[0]', text: item.wrong[0]?.feedback, picked: true, correct: false },
    ]);
    expect(gradeOne(strict, 'Huế').feedback).toEqual([]);
  });

  it.each([
    ['number', 5],
    ['list', ['Hà Nội']],
    ['too long', 'a'.repeat(1001)],
  ])('malformed: %s', (_n, response) => {
    expect(responseIssues(strict, response)).toEqual(['responses.x1']);
  });

  it('public view', () => {
    expect(publicOne(strict)).toEqual({ id: 'x1', type: 'text', prompt: item.prompt, placeholder: 'Tên thành phố' });
  });

  it('form', () => {
    expect(responsesFromForm(strict, 'a', { 'q.x1': [' Hà Nội '] })).toEqual({ x1: 'Hà Nội' });
    expect(responsesFromForm(strict, 'a', { 'q.x1': ['   '] })).toEqual({});
  });

  it.each([
    ['empty accept', { accept: [] }, 'items[0].accept'],
    ['empty accepted answer', { accept: [''] }, 'items[0].accept[0]'],
    ['wrong answer that is accepted', { wrong: [{ answer: 'hà nội', feedback: 'x' }] }, 'items[0].wrong[0].answer'],
    ['empty wrong feedback', { wrong: [{ answer: 'Huế', feedback: '' }] }, 'items[0].wrong[0].feedback'],
    ['unknown normalize option', { normalize: { accents: true } }, 'items[0].normalize.accents'],
  ])('validation: %s', (_n, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
