import { describe, expect, it } from 'vitest';
import { responsesFromForm } from '../../index.ts';
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
  it.each([
    ['all signs', ['s1', 's3'], 1, ['s1', 's3']],
    ['half', ['s3'], 0.5, ['s1', 's3']],
    ['hit and false alarm', ['s1', 's2'], 0, ['s1', 's2', 's3']],
    ['all signs plus one false alarm', ['s1', 's3', 's4'], 0.5, ['s1', 's3', 's4']],
    ['only false alarms', ['s2', 's4'], 0, ['s1', 's2', 's3', 's4']],
    ['nothing marked', [], 0, ['s1', 's3']],
  ])('%s', (_n, response, score, refs) => {
    const r = gradeOne(quiz, response);
    expect(r.score).toBe(score);
    expect(r.solution).toEqual(['s1', 's3']);
    expect(r.feedback.map((f) => f.ref)).toEqual(refs);
  });

  it.each([
    ['unknown segment', ['s9'], 'responses.sp1[0]'],
    ['duplicate', ['s1', 's1'], 'responses.sp1[1]'],
    ['a string', 's1', 'responses.sp1'],
  ])('malformed: %s', (_n, response, path) => {
    expect(responseIssues(quiz, response)).toContain(path);
  });

  it('public view keeps message order and hides the signs', () => {
    expect(publicOne(quiz)).toEqual({
      id: 'sp1',
      type: 'spot',
      prompt: item.prompt,
      context: 'sms',
      from: 'VCB-Bank',
      segments: item.segments.map(({ id, text }) => ({ id, text })),
    });
  });

  it('form', () => {
    expect(responsesFromForm(quiz, 'a', { 'q.sp1': ['s1', 's3'] })).toEqual({ sp1: ['s1', 's3'] });
    expect(responsesFromForm(quiz, 'a', {})).toEqual({});
  });

  it.each([
    ['no suspicious segment', { segments: item.segments.map(({ suspicious: _s, ...rest }) => rest) }, 'items[0].segments'],
    ['unknown context', { context: 'letter' }, 'items[0].context'],
    ['duplicate segment id', { segments: [...item.segments, { id: 's2', text: 'x', feedback: 'y' }] }, 'items[0].segments[4].id'],
    ['empty feedback', { segments: item.segments.map((s, i) => (i === 2 ? { ...s, feedback: '' } : s)) }, 'items[0].segments[2].feedback'],
  ])('validation: %s', (_n, patch, path) => {
    expect(paths(issuesOf([{ ...item, ...patch }]))).toContain(path);
  });
});
