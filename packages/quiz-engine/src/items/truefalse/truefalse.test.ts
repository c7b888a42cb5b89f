import { describe, expect, it } from 'vitest';
import { ResponseError, responsesFromForm } from '../../index.ts';
import { gradeOne, issuesOf, paths, publicOne, quizOf, responseIssues } from '../../../test/helpers.ts';

const item = {
  id: 't1',
  type: 'truefalse',
  prompt: 'Ngân hàng có thể gọi điện xin mã OTP.',
  answer: false,
  feedbackTrue: 'Không: ngân hàng không bao giờ xin OTP.',
  feedbackFalse: 'Đúng vậy: không ai được xin OTP của bạn.',
  explanation: 'OTP là của riêng bạn.',
};
const quiz = quizOf([item]);

describe('truefalse', () => {
  it.each([
    ['right', false, 1],
    ['wrong', true, 0],
    ['unanswered', undefined, 0],
  ])('%s: both texts, marked which was picked and which is right', (_n, response, score) => {
    const feedback = [
      { ref: 'true', text: item.feedbackTrue, picked: response === true, correct: false },
      { ref: 'false', text: item.feedbackFalse, picked: response === false, correct: true },
    ];
    expect(gradeOne(quiz, response)).toMatchObject({
      score,
      correct: score === 1,
      feedback,
      solution: false,
      response: response ?? null,
    });
  });

  it.each([
    ['string', 'false'],
    ['number', 0],
    ['object', {}],
  ])('malformed: %s', (_n, response) => {
    expect(responseIssues(quiz, response)).toEqual(['responses.t1']);
  });

  it('public view', () => {
    expect(publicOne(quiz)).toEqual({ id: 't1', type: 'truefalse', prompt: item.prompt });
  });

  it('form', () => {
    expect(responsesFromForm(quiz, 'a', { 'q.t1': ['true'] })).toEqual({ t1: true });
    expect(responsesFromForm(quiz, 'a', { 'q.t1': ['false'] })).toEqual({ t1: false });
    expect(responsesFromForm(quiz, 'a', {})).toEqual({});
    expect(() => responsesFromForm(quiz, 'a', { 'q.t1': ['yes'] })).toThrow(ResponseError);
  });

  it.each([
    ['empty feedbackTrue', { feedbackTrue: ' ' }, 'items[0].feedbackTrue'],
    ['missing answer', { answer: undefined }, 'items[0].answer'],
    ['answer as string', { answer: 'false' }, 'items[0].answer'],
  ])('validation: %s', (_n, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
