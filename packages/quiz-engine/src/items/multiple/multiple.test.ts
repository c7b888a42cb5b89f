import { describe, expect, it } from 'vitest';
import { gradeStoredAttempt, responsesFromForm } from '../../index.ts';
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
const shuffled = quizOf([item], { shuffleOptions: true });
const view = publicOne(quiz).options as { id: string; text: string }[];
/** Public ids of the options authored as these ids (options are unshuffled in `quiz`). */
const pub = (...authored: string[]): string[] =>
  authored.map((a) => view[item.options.findIndex((o) => o.id === a)]?.id as string);

describe('multiple', () => {
  it.each([
    ['all right', ['a', 'b'], 1],
    ['order does not matter', ['b', 'a'], 1],
    ['half', ['a'], 0.5],
    ['one right one wrong', ['a', 'c'], 0],
    ['more wrong than right: floor 0', ['a', 'c', 'd'], 0],
    ['only wrong', ['c'], 0],
    ['nothing picked', [], 0],
  ])('%s', (_n, authored, score) => {
    const r = gradeOne(quiz, pub(...authored));
    expect(r.score).toBe(score);
    expect(r.correct).toBe(score === 1);
    expect(r.solution).toEqual(pub('a', 'b'));
    // Every option's feedback, marked which were picked and which are right.
    expect(r.feedback).toEqual(
      item.options.map((o, i) => ({
        ref: view[i]?.id,
        text: o.feedback,
        picked: authored.includes(o.id),
        correct: o.correct === true,
      })),
    );
  });

  it('public ids are positions in this attempt; stored answers are authored ids', () => {
    expect(view.map((o) => o.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    const sets = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const v = publicOne(shuffled, `m${i}`).options as { id: string; text: string }[];
      const right = v.filter((o) => o.text === 'Đòi mã OTP' || o.text === 'Đường link lạ').map((o) => o.id);
      sets.add(right.sort().join());
      const r = gradeOne(shuffled, right, `m${i}`);
      expect(r.score).toBe(1);
    }
    expect(sets.size).toBeGreaterThan(3);
    const g = gradeStoredAttempt(shuffled, 'm0', { m1: ['b', 'd'] });
    const v = publicOne(shuffled, 'm0').options as { id: string; text: string }[];
    expect([...(g.items[0]?.response as string[])].map((id) => v.find((o) => o.id === id)?.text).sort()).toEqual(
      ['Xưng tên đầy đủ', 'Đường link lạ'].sort(),
    );
  });

  it.each([
    ['unknown id', ['c1', 'z'], 'responses.m1[1]'],
    ['duplicate', ['c1', 'c1'], 'responses.m1[1]'],
    ['not a list', 'c1', 'responses.m1'],
    ['list of numbers', [1], 'responses.m1[0]'],
  ])('malformed: %s', (_n, response, path) => {
    expect(responseIssues(quiz, response)).toContain(path);
  });

  it('public view', () => {
    expect(publicOne(quiz)).toEqual({
      id: 'm1',
      type: 'multiple',
      prompt: item.prompt,
      options: item.options.map(({ text }, i) => ({ id: `c${i + 1}`, text })),
    });
  });

  it('form: repeated values', () => {
    expect(responsesFromForm(quiz, 'att', { 'q.m1': ['c1', 'c3', ''] })).toEqual({ m1: ['c1', 'c3'] });
    expect(responsesFromForm(quiz, 'att', { 'q.m1': [''] })).toEqual({});
  });

  it.each([
    ['no correct option', { options: item.options.map((o) => ({ ...o, correct: false })) }, 'items[0].options'],
    ['duplicate id', { options: [...item.options, { ...item.options[0], id: 'c' }] }, 'items[0].options[4].id'],
    [
      'empty feedback',
      { options: item.options.map((o, i) => (i === 3 ? { ...o, feedback: '' } : o)) },
      'items[0].options[3].feedback',
    ],
  ])('validation: %s', (_n, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
