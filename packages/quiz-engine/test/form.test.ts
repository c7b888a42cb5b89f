import { describe, expect, it } from 'vitest';
import { gradeAttempt, parseQuiz, publicQuiz, ResponseError, responsesFromForm, validateQuiz, type PublicItem } from '../src/index.ts';
import { paths } from './helpers.ts';

const fb = 'Phản hồi.';
const quiz = parseQuiz({
  passMark: 0.8,
  items: [
    { id: 'a', type: 'single', prompt: 'P', explanation: 'E', options: [{ id: 'x', text: 'X', correct: true, feedback: fb }, { id: 'y', text: 'Y', feedback: fb }] },
    { id: 'b', type: 'multiple', prompt: 'P', explanation: 'E', options: [{ id: 'x', text: 'X', correct: true, feedback: fb }, { id: 'y', text: 'Y', correct: true, feedback: fb }, { id: 'z', text: 'Z', feedback: fb }] },
    { id: 'c', type: 'truefalse', prompt: 'P', explanation: 'E', answer: true, feedbackTrue: fb, feedbackFalse: fb },
    { id: 'd', type: 'ordering', prompt: 'P', explanation: 'E', steps: [{ id: 's1', text: 'Một' }, { id: 's2', text: 'Hai' }, { id: 's3', text: 'Ba' }] },
    { id: 'e', type: 'matching', prompt: 'P', explanation: 'E', pairs: [{ id: 'p1', left: 'L1', right: 'R1' }, { id: 'p2', left: 'L2', right: 'R2' }] },
    { id: 'f', type: 'text', prompt: 'P', explanation: 'E', accept: ['Đà Nẵng'] },
    { id: 'g', type: 'number', prompt: 'P', explanation: 'E', answer: 2.5, unit: 'kg' },
    { id: 'h', type: 'spot', prompt: 'P', explanation: 'E', context: 'email', segments: [{ id: 'g1', text: 'A', suspicious: true, feedback: fb }, { id: 'g2', text: 'B', feedback: fb }] },
  ],
});
const attempt = '7f0c1e9a-3d2b-4c5e-8f6a-1b2c3d4e5f60';
const view = new Map(publicQuiz(quiz, attempt).items.map((i) => [i.id, i]));
const item = (id: string) => view.get(id) as PublicItem & Record<string, { id: string; text: string }[]>;
const byText = (id: string, key: string, text: string) => item(id)[key]?.find((x) => x.text === text)?.id as string;

describe('responsesFromForm → gradeAttempt', () => {
  it('a fully right form scores 1', () => {
    const form: Record<string, string[]> = {
      'q.a': ['x'],
      'q.b': ['x', 'y'],
      'q.c': ['true'],
      [`q.d.${byText('d', 'steps', 'Một')}`]: ['1'],
      [`q.d.${byText('d', 'steps', 'Hai')}`]: ['2'],
      [`q.d.${byText('d', 'steps', 'Ba')}`]: ['3'],
      'q.e.p1': [byText('e', 'rights', 'R1')],
      'q.e.p2': [byText('e', 'rights', 'R2')],
      'q.f': ['  đà  nẵng '],
      'q.g': ['2,5'],
      'q.h': ['g1'],
      csrf: ['token'],
      'q.zz': ['ignored'],
    };
    const g = gradeAttempt(quiz, attempt, responsesFromForm(quiz, attempt, form));
    expect(g.items.map((i) => [i.id, i.score])).toEqual(publicQuiz(quiz, attempt).items.map((i) => [i.id, 1]));
    expect(g).toMatchObject({ score: 1, passed: true });
  });

  it('an empty form is an attempt with no responses', () => {
    const g = gradeAttempt(quiz, attempt, responsesFromForm(quiz, attempt, { 'q.a': [''], 'q.b': [] }));
    expect(g).toMatchObject({ score: 0, passed: false });
    expect(g.items.every((i) => i.response === null)).toBe(true);
  });

  it('collects form problems from several items, named by field', () => {
    try {
      responsesFromForm(quiz, attempt, { 'q.c': ['maybe'], 'q.d.o1': ['7'], 'q.a': ['x', 'y'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ResponseError);
      expect(paths((e as ResponseError).issues)).toEqual(expect.arrayContaining(['q.c', 'q.d.o1', 'q.a']));
    }
  });

  it('an unreadable number from the form is a ResponseError at grading', () => {
    const responses = responsesFromForm(quiz, attempt, { 'q.g': ['hai phẩy năm'] });
    expect(() => gradeAttempt(quiz, attempt, responses)).toThrow(ResponseError);
  });
});

describe('validateQuiz reports problems in several items at once', () => {
  it('lists each', () => {
    const raw = JSON.parse(JSON.stringify({ passMark: 0.5, items: quiz.items }));
    raw.items[0].options[1].feedback = '';
    raw.items[1].options.forEach((o: { correct?: boolean }) => delete o.correct);
    raw.items[6].tolerance = -1;
    raw.items[7].segments[0].suspicious = false;
    const r = validateQuiz(raw);
    expect(r.ok).toBe(false);
    expect(paths(r.issues).sort()).toEqual(['items[0].options[1].feedback', 'items[1].options', 'items[6].tolerance', 'items[7].segments']);
  });
});
