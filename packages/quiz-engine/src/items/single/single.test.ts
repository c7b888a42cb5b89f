import { describe, expect, it } from 'vitest';
import { gradeAttempt, gradeStoredAttempt, publicQuiz, ResponseError, responsesFromForm } from '../../index.ts';
import { issuesOf, paths, publicOne, quizOf } from '../../../test/helpers.ts';

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
const shuffled = quizOf([item], { shuffleOptions: true });
/** Public id of the option with this text in the attempt's view. */
const idOf = (text: string, q = quiz, attempt = 'att'): string =>
  (publicOne(q, attempt).options as { id: string; text: string }[]).find((o) => o.text === text)?.id as string;

describe('single', () => {
  it.each([
    ['right', 'Bộ Công an', 1, 'a'],
    ['wrong', 'Một công ty tư nhân', 0, 'b'],
  ])('%s answer: every option says why, marked picked and right', (_name, text, score, authored) => {
    const g = gradeAttempt(quiz, 'att', { q1: idOf(text) });
    expect(g.items[0]).toMatchObject({
      id: 'q1',
      score,
      correct: score === 1,
      response: idOf(text),
      solution: idOf('Bộ Công an'),
      explanation: item.explanation,
    });
    expect(g.items[0]?.feedback).toEqual(
      item.options.map((o) => ({
        ref: idOf(o.text),
        text: o.feedback,
        picked: o.text === text,
        correct: o.correct === true,
      })),
    );
    expect(g.score).toBe(score);
    expect(g.stored).toEqual({ q1: authored });
  });

  it('no response scores 0 with response null, and still explains every option', () => {
    const r = gradeAttempt(quiz, 'att', {}).items[0];
    expect(r).toMatchObject({ score: 0, response: null });
    expect(r?.feedback.map((f) => [f.text, f.picked])).toEqual(item.options.map((o) => [o.feedback, false]));
  });

  it.each([
    ['unknown id', 'z'],
    ['authored id instead of public id', 'a'],
    ['wrong shape', ['c1']],
    ['number', 1],
  ])('malformed: %s', (_name, response) => {
    try {
      gradeAttempt(quiz, 'att', { q1: response });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ResponseError);
      expect((e as ResponseError).code).toBe('invalid_response');
      expect(paths((e as ResponseError).issues)).toContain('responses.q1');
    }
  });

  it('public view: texts in presented order with attempt-local ids, no key', () => {
    expect(publicQuiz(quiz, 'att').items[0]).toEqual({
      id: 'q1',
      type: 'single',
      prompt: item.prompt,
      options: item.options.map(({ text }, i) => ({ id: `c${i + 1}`, text })),
    });
  });

  it('the right option has no fixed public id: it follows the shuffle of each attempt', () => {
    const ids = new Set(Array.from({ length: 40 }, (_, i) => idOf('Bộ Công an', shuffled, `a${i}`)));
    expect(ids).toEqual(new Set(['c1', 'c2', 'c3']));
  });

  it('stored answers use authored ids and grade again to the same result', () => {
    for (let i = 0; i < 10; i++) {
      const attempt = `s${i}`;
      const g = gradeAttempt(shuffled, attempt, { q1: idOf('Ngân hàng', shuffled, attempt) });
      expect(g.stored).toEqual({ q1: 'c' });
      expect(gradeStoredAttempt(shuffled, attempt, g.stored)).toEqual(g);
    }
    expect(() => gradeStoredAttempt(quiz, 'att', { q1: 'zz' })).toThrow(ResponseError);
  });

  it('reads the form', () => {
    expect(responsesFromForm(quiz, 'att', { 'q.q1': ['c2'] })).toEqual({ q1: 'c2' });
    expect(responsesFromForm(quiz, 'att', { 'q.q1': [''] })).toEqual({});
    expect(() => responsesFromForm(quiz, 'att', { 'q.q1': ['c1', 'c2'] })).toThrow(ResponseError);
  });

  it.each([
    ['no correct', { options: item.options.map((o) => ({ ...o, correct: false })) }, 'items[0].options'],
    ['two correct', { options: item.options.map((o) => ({ ...o, correct: true })) }, 'items[0].options'],
    ['duplicate option id', { options: [...item.options, { ...item.options[1], id: 'a' }] }, 'items[0].options[3].id'],
    [
      'empty feedback',
      { options: item.options.map((o, i) => (i === 1 ? { ...o, feedback: '  ' } : o)) },
      'items[0].options[1].feedback',
    ],
    ['one option', { options: [item.options[0]] }, 'items[0].options'],
    [
      'missing feedback',
      { options: item.options.map((o, i) => (i === 2 ? { id: o.id, text: o.text } : o)) },
      'items[0].options[2].feedback',
    ],
    ['unknown field', { optoins: [] }, 'items[0].optoins'],
    ['empty explanation', { explanation: '' }, 'items[0].explanation'],
    ['bad id', { id: 'Q 1' }, 'items[0].id'],
  ])('validation: %s', (_name, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
