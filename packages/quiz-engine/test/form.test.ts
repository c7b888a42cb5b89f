import { describe, expect, it } from 'vitest';
import {
  gradeAttempt,
  parseQuiz,
  publicQuiz,
  ResponseError,
  responsesFromForm,
  validateQuiz,
  type PublicItem,
} from '../src/index.ts';
import { paths } from './helpers.ts';

const fb = 'Phản hồi.';
const quiz = parseQuiz({
  passMark: 0.8,
  items: [
    {
      id: 'a',
      type: 'single',
      prompt: 'P',
      explanation: 'E',
      options: [
        { id: 'x', text: 'X', correct: true, feedback: fb },
        { id: 'y', text: 'Y', feedback: fb },
      ],
    },
    {
      id: 'b',
      type: 'multiple',
      prompt: 'P',
      explanation: 'E',
      options: [
        { id: 'x', text: 'X', correct: true, feedback: fb },
        { id: 'y', text: 'Y', correct: true, feedback: fb },
        { id: 'z', text: 'Z', feedback: fb },
      ],
    },
    { id: 'c', type: 'truefalse', prompt: 'P', explanation: 'E', answer: true, feedbackTrue: fb, feedbackFalse: fb },
    {
      id: 'd',
      type: 'ordering',
      prompt: 'P',
      explanation: 'E',
      steps: [
        { id: 's1', text: 'Một' },
        { id: 's2', text: 'Hai' },
        { id: 's3', text: 'Ba' },
      ],
    },
    {
      id: 'e',
      type: 'matching',
      prompt: 'P',
      explanation: 'E',
      pairs: [
        { id: 'p1', left: 'L1', right: 'R1', feedback: fb },
        { id: 'p2', left: 'L2', right: 'R2', feedback: fb },
      ],
    },
    { id: 'f', type: 'text', prompt: 'P', explanation: 'E', accept: ['Đà Nẵng'] },
    { id: 'g', type: 'number', prompt: 'P', explanation: 'E', answer: 2.5, unit: 'kg', feedbackWrong: fb },
    {
      id: 'h',
      type: 'spot',
      prompt: 'P',
      explanation: 'E',
      context: 'email',
      segments: [
        { id: 'link', text: 'A', suspicious: true, feedback: fb },
        { id: 'ok', text: 'B', feedback: fb },
      ],
    },
  ],
});
const attempt = '7f0c1e9a-3d2b-4c5e-8f6a-1b2c3d4e5f60';
const view = new Map(publicQuiz(quiz, attempt).items.map((i) => [i.id, i]));
const item = (id: string) => view.get(id) as PublicItem & Record<string, { id: string; text: string }[]>;
const byText = (id: string, key: string, text: string) => item(id)[key]?.find((x) => x.text === text)?.id as string;

describe('responsesFromForm → gradeAttempt', () => {
  it('a fully right form scores 1', () => {
    const form: Record<string, string[]> = {
      'q.a': [byText('a', 'options', 'X')],
      'q.b': [byText('b', 'options', 'X'), byText('b', 'options', 'Y')],
      'q.c': ['true'],
      [`q.d.${byText('d', 'steps', 'Một')}`]: ['1'],
      [`q.d.${byText('d', 'steps', 'Hai')}`]: ['2'],
      [`q.d.${byText('d', 'steps', 'Ba')}`]: ['3'],
      [`q.e.${byText('e', 'lefts', 'L1')}`]: [byText('e', 'rights', 'R1')],
      [`q.e.${byText('e', 'lefts', 'L2')}`]: [byText('e', 'rights', 'R2')],
      'q.f': ['  đà  nẵng '],
      'q.g': ['2,5 kg'],
      'q.h': [byText('h', 'segments', 'A')],
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

  it('collects problems the page cannot produce from several items, named by field', () => {
    try {
      responsesFromForm(quiz, attempt, { 'q.c': ['maybe'], 'q.e.l1': ['r1', 'r2'], 'q.a': ['c1', 'c2'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ResponseError);
      expect(paths((e as ResponseError).issues)).toEqual(expect.arrayContaining(['q.c', 'q.e.l1', 'q.a']));
    }
  });

  it('what a person can enter in the form is graded, as wrong where it is wrong, never refused', () => {
    const form: Record<string, string[]> = {
      'q.g': ['hai phẩy năm'],
      // one right-hand answer chosen for both lefts
      'q.e.l1': [byText('e', 'rights', 'R1')],
      'q.e.l2': [byText('e', 'rights', 'R1')],
      // two steps at position 1, none at 2, a position out of range
      [`q.d.${byText('d', 'steps', 'Một')}`]: ['1'],
      [`q.d.${byText('d', 'steps', 'Hai')}`]: ['1'],
      [`q.d.${byText('d', 'steps', 'Ba')}`]: ['7'],
    };
    const g = gradeAttempt(quiz, attempt, responsesFromForm(quiz, attempt, form));
    const score = new Map(g.items.map((i) => [i.id, i.score]));
    expect(score.get('g')).toBe(0);
    expect(score.get('e')).toBe(0.5);
    expect(score.get('d')).toBe(0);
    expect(g.items.find((i) => i.id === 'g')?.feedback.map((f) => f.ref)).toEqual(['unreadable']);
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
    expect(paths(r.issues).sort()).toEqual([
      'items[0].options[1].feedback',
      'items[1].options',
      'items[6].tolerance',
      'items[7].segments',
    ]);
  });
});
