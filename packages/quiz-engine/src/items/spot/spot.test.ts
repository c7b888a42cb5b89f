import { describe, expect, it } from 'vitest';
import { gradeAttempt, gradeStoredAttempt, responsesFromForm } from '../../index.ts';
import { gradeOne, issuesOf, paths, publicOne, quizOf, responseIssues } from '../../../test/helpers.ts';

const item = {
  id: 'sp1',
  type: 'spot',
  prompt: 'Chạm vào những phần đáng ngờ của tin nhắn.',
  context: 'sms',
  from: 'VCB-Bank',
  segments: [
    { id: 's1', text: 'Tài khoản của quý khách bị khoá.', suspicious: true, feedback: 'Gây hoảng sợ.' },
    { id: 's2', text: 'Vui lòng truy cập', feedback: 'Câu bình thường.' },
    { id: 's3', text: 'http://vcb-xacthuc.top', suspicious: true, feedback: 'Tên miền lạ.' },
    { id: 's4', text: 'để xác thực.', feedback: 'Câu bình thường.' },
  ],
  explanation: 'Ngân hàng không gửi đường link qua SMS.',
};
const quiz = quizOf([item]);

describe('spot', () => {
  // Public ids are g1…g4 in message order (authored s1…s4).
  it.each([
    ['all signs', ['g1', 'g3'], 1],
    ['half', ['g3'], 0.5],
    ['hit and false alarm', ['g1', 'g2'], 0],
    ['all signs plus one false alarm', ['g1', 'g3', 'g4'], 0.5],
    ['only false alarms', ['g2', 'g4'], 0],
    ['nothing marked', [], 0],
  ])('%s: every segment explained, marked picked and suspicious', (_n, response, score) => {
    const r = gradeOne(quiz, response);
    expect(r.score).toBe(score);
    expect(r.solution).toEqual(['g1', 'g3']);
    expect(r.feedback).toEqual(
      item.segments.map((s, i) => ({
        ref: `g${i + 1}`,
        text: s.feedback,
        picked: response.includes(`g${i + 1}`),
        correct: s.suspicious === true,
      })),
    );
  });

  it('stores authored segment ids', () => {
    const g = gradeAttempt(quiz, 'att', { sp1: ['g3', 'g2'] });
    expect(g.stored).toEqual({ sp1: ['s3', 's2'] });
    expect(gradeStoredAttempt(quiz, 'att', g.stored)).toEqual(g);
  });

  it.each([
    ['unknown segment', ['g9'], 'responses.sp1[0]'],
    ['authored id', ['s1'], 'responses.sp1[0]'],
    ['duplicate', ['g1', 'g1'], 'responses.sp1[1]'],
    ['a string', 'g1', 'responses.sp1'],
  ])('malformed: %s', (_n, response, path) => {
    expect(responseIssues(quiz, response)).toContain(path);
  });

  it('public view keeps message order, hides the signs and the authored ids', () => {
    expect(publicOne(quiz)).toEqual({
      id: 'sp1',
      type: 'spot',
      prompt: item.prompt,
      context: 'sms',
      from: 'VCB-Bank',
      segments: item.segments.map(({ text }, i) => ({ id: `g${i + 1}`, text })),
    });
  });

  it('form', () => {
    expect(responsesFromForm(quiz, 'a', { 'q.sp1': ['g1', 'g3'] })).toEqual({ sp1: ['g1', 'g3'] });
    expect(responsesFromForm(quiz, 'a', {})).toEqual({});
  });

  it.each([
    [
      'no suspicious segment',
      { segments: item.segments.map(({ suspicious: _s, ...rest }) => rest) },
      'items[0].segments',
    ],
    ['unknown context', { context: 'letter' }, 'items[0].context'],
    [
      'duplicate segment id',
      { segments: [...item.segments, { id: 's2', text: 'x', feedback: 'y' }] },
      'items[0].segments[4].id',
    ],
    [
      'empty feedback',
      { segments: item.segments.map((s, i) => (i === 2 ? { ...s, feedback: '' } : s)) },
      'items[0].segments[2].feedback',
    ],
  ])('validation: %s', (_n, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
