/**
 * Time to select and grade a 10-item mixed quiz (one core). Run: pnpm --filter @hvs/quiz-engine bench
 */
import { Bench } from 'tinybench';
import { gradeAttempt, keyResponses, parseQuiz, publicQuiz, selectItems, type Quiz } from '../src/index.ts';

const fb = (s: string) => `Phản hồi: ${s}`;
const quiz: Quiz = parseQuiz({
  passMark: 0.7,
  items: [
    {
      id: 'q1',
      type: 'single',
      prompt: 'VNeID do ai quản lý?',
      explanation: 'x',
      options: ['a', 'b', 'c', 'd'].map((id, i) => ({
        id,
        text: `Lựa chọn ${id}`,
        correct: i === 0,
        feedback: fb(id),
      })),
    },
    {
      id: 'q2',
      type: 'multiple',
      prompt: 'Dấu hiệu lừa đảo?',
      explanation: 'x',
      options: ['a', 'b', 'c', 'd', 'e'].map((id, i) => ({
        id,
        text: `Dấu hiệu ${id}`,
        correct: i < 2,
        feedback: fb(id),
      })),
    },
    {
      id: 'q3',
      type: 'truefalse',
      prompt: 'Ngân hàng xin OTP?',
      explanation: 'x',
      answer: false,
      feedbackTrue: fb('t'),
      feedbackFalse: fb('f'),
    },
    {
      id: 'q4',
      type: 'ordering',
      prompt: 'Sắp xếp',
      explanation: 'x',
      steps: ['s1', 's2', 's3', 's4', 's5'].map((id) => ({ id, text: `Bước ${id}` })),
    },
    {
      id: 'q5',
      type: 'matching',
      prompt: 'Nối',
      explanation: 'x',
      pairs: ['p1', 'p2', 'p3', 'p4'].map((id) => ({ id, left: `Trái ${id}`, right: `Phải ${id}`, feedback: fb(id) })),
      distractors: [{ id: 'd1', text: 'Thừa' }],
    },
    {
      id: 'q6',
      type: 'text',
      prompt: 'Thủ đô?',
      explanation: 'x',
      accept: ['Hà Nội', 'Thành phố Hà Nội'],
      normalize: { diacritics: true },
      wrong: [{ answer: 'Huế', feedback: fb('h') }],
    },
    {
      id: 'q7',
      type: 'number',
      prompt: 'Bao nhiêu?',
      explanation: 'x',
      answer: 1000000,
      tolerance: 0,
      unit: 'đồng',
      feedbackWrong: fb('n'),
    },
    {
      id: 'q8',
      type: 'spot',
      prompt: 'Tìm dấu hiệu',
      explanation: 'x',
      context: 'sms',
      from: 'BANK',
      segments: ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'].map((id, i) => ({
        id,
        text: `Đoạn ${id}`,
        suspicious: i % 2 === 0,
        feedback: fb(id),
      })),
    },
    {
      id: 'q9',
      type: 'single',
      prompt: 'Mật khẩu mạnh?',
      explanation: 'x',
      options: ['a', 'b', 'c'].map((id, i) => ({ id, text: `Mật khẩu ${id}`, correct: i === 2, feedback: fb(id) })),
    },
    {
      id: 'q10',
      type: 'multiple',
      prompt: 'Bảo vệ tài khoản?',
      explanation: 'x',
      options: ['a', 'b', 'c', 'd'].map((id, i) => ({ id, text: `Cách ${id}`, correct: i !== 3, feedback: fb(id) })),
    },
  ],
});

// Responses for many attempts, prepared outside the timed loop: a mix of key answers and a wrong one.
const ATTEMPTS = 512;
const prepared = Array.from({ length: ATTEMPTS }, (_, n) => {
  const attemptId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const responses = keyResponses(quiz, attemptId);
  responses.q7 = '1.000.000 đồng';
  responses.q6 = 'ha noi';
  responses.q3 = true;
  return { attemptId, responses: JSON.parse(JSON.stringify(responses)) as Record<string, unknown> };
});

let k = 0;
let sink = 0;
const bench = new Bench({ name: 'quiz-engine', time: 2000, warmupTime: 300 });
bench
  .add('select + grade (10 items)', () => {
    const { attemptId, responses } = prepared[k++ % ATTEMPTS] as (typeof prepared)[number];
    sink += selectItems(quiz, attemptId).items.length;
    sink += gradeAttempt(quiz, attemptId, responses).score;
  })
  .add('publicQuiz (10 items)', () => {
    sink += publicQuiz(quiz, (prepared[k++ % ATTEMPTS] as (typeof prepared)[number]).attemptId).items.length;
  })
  .add('gradeAttempt (10 items)', () => {
    const { attemptId, responses } = prepared[k++ % ATTEMPTS] as (typeof prepared)[number];
    sink += gradeAttempt(quiz, attemptId, responses).score;
  });

await bench.run();

console.log(`Node ${process.version}, one core, 10-item mixed quiz (all 8 types)\n`);
for (const task of bench.tasks) {
  const r = task.result;
  if (r.state !== 'completed') {
    console.log(`${task.name}: ${r.state}`);
    continue;
  }
  const { p50, p99, mean } = r.latency;
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  console.log(
    `${task.name.padEnd(28)} median ${us(p50).padStart(10)}   p99 ${us(p99).padStart(10)}   ` +
      `${Math.round(1000 / mean).toLocaleString('en')} quizzes/s   ${Math.round((10 * 1000) / mean).toLocaleString('en')} items/s`,
  );
}
if (Number.isNaN(sink)) console.log(sink);
