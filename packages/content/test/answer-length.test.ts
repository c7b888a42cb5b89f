import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkContent, defaultContentDir, formatIssue } from '../src/index.ts';

const brokenLesson = fileURLToPath(new URL('./fixtures/broken-lesson', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const moduleFile = 'lessons/thanh-toan/module.yaml';
const quizFile = 'lessons/thanh-toan/02-quet-ma-vietqr.quiz.yaml';

type Choice = [text: string, correct?: boolean];
const single = (id: string, choices: Choice[]) => ({
  id,
  type: 'single',
  prompt: `Câu ${id}: chọn một ý.`,
  options: choices.map(([text, correct], i) => ({
    id: String.fromCharCode(97 + i),
    text,
    ...(correct ? { correct: true } : {}),
    feedback: 'Phản hồi.',
  })),
  explanation: 'Giải thích.',
});
const truefalse = (id: string) => ({
  id,
  type: 'truefalse',
  prompt: `Câu ${id}?`,
  answer: true,
  feedbackTrue: 'Đúng.',
  feedbackFalse: 'Sai.',
  explanation: 'Giải thích.',
});

const multiple = (id: string, choices: Choice[]) => ({ ...single(id, choices), type: 'multiple' });

/** Key the longest option (by characters). */
const keyLongest = (id: string) =>
  single(id, [['Kiểm tra tên người nhận', true], ['Bấm xác nhận', undefined], ['Hỏi người lạ']]);
/** Key not the longest. */
const keyShort = (id: string) =>
  single(id, [['Gọi lại', true], ['Bấm vào đường link trong tin nhắn'], ['Đọc mã OTP cho họ']]);

/** A copy of the broken copy of a real lesson, with its quiz replaced by `items`. */
const contentWith = (items: unknown[]) => {
  const dir = mkdtempSync(join(tmpdir(), 'hvs-length-'));
  cpSync(brokenLesson, dir, { recursive: true });
  writeFileSync(join(dir, quizFile), stringify({ passMark: 0.7, draw: 6, items }));
  return dir;
};
/** Only this rule's lines. */
const issuesWith = (items: unknown[]) =>
  checkContent(contentWith(items))
    .map(formatIssue)
    .filter((m) => m.startsWith(`${moduleFile} › quizzes`) || m.includes('Tất cả'));

describe('the longest-option rule: a key may be the longest option in at most 40% of a module’s single-choice items', () => {
  it('reports a module where 3 of 5 keys are the longest option, naming the items to rewrite', () => {
    const items = [
      keyLongest('q1'),
      keyShort('q2'),
      keyLongest('q3'),
      keyShort('q4'),
      keyLongest('q5'),
      truefalse('q6'),
      truefalse('q7'),
      truefalse('q8'),
    ];
    expect(issuesWith(items)).toEqual([
      `${moduleFile} › quizzes — đáp án đúng là lựa chọn dài nhất ở 3/5 câu một lựa chọn của module (60%), tối đa 40%: chọn câu dài nhất là đoán trúng; viết lại ít nhất 1 câu sao cho đáp án không dài nhất (các câu đang như vậy: 02-quet-ma-vietqr q1, 02-quet-ma-vietqr q3, 02-quet-ma-vietqr q5)`,
    ]);
  });

  it('makes `pnpm content:check` print it and fail', () => {
    const dir = contentWith([
      keyLongest('q1'),
      keyLongest('q2'),
      keyShort('q3'),
      truefalse('q4'),
      truefalse('q5'),
      truefalse('q6'),
      truefalse('q7'),
      truefalse('q8'),
    ]);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', dir], {
      cwd: packageDir,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.split('\n')).toContain(
      `${moduleFile} › quizzes — đáp án đúng là lựa chọn dài nhất ở 2/3 câu một lựa chọn của module (67%), tối đa 40%: chọn câu dài nhất là đoán trúng; viết lại ít nhất 1 câu sao cho đáp án không dài nhất (các câu đang như vậy: 02-quet-ma-vietqr q1, 02-quet-ma-vietqr q2)`,
    );
  });

  it('accepts exactly 40% (2 of 5)', () => {
    const items = [
      keyLongest('q1'),
      keyShort('q2'),
      keyLongest('q3'),
      keyShort('q4'),
      keyShort('q5'),
      truefalse('q6'),
      truefalse('q7'),
      truefalse('q8'),
    ];
    expect(issuesWith(items)).toEqual([]);
  });

  it('counts a key that ties with the longest other option as the longest', () => {
    const tie = (id: string) => single(id, [['Gọi 156', true], ['Gọi 113'], ['Bỏ qua']]);
    const items = [
      tie('q1'),
      tie('q2'),
      keyShort('q3'),
      truefalse('q4'),
      truefalse('q5'),
      truefalse('q6'),
      truefalse('q7'),
      truefalse('q8'),
    ];
    expect(issuesWith(items)).toEqual([
      `${moduleFile} › quizzes — đáp án đúng là lựa chọn dài nhất ở 2/3 câu một lựa chọn của module (67%), tối đa 40%: chọn câu dài nhất là đoán trúng; viết lại ít nhất 1 câu sao cho đáp án không dài nhất (các câu đang như vậy: 02-quet-ma-vietqr q1, 02-quet-ma-vietqr q2)`,
    ]);
  });

  it('counts characters, not bytes: a Vietnamese letter with its marks is one character', () => {
    // "Ừ ừ ừ" (5 characters, 11 bytes in UTF-8) is shorter than "abcdef" (6).
    const items = [
      single('q1', [['Ừ ừ ừ', true], ['abcdef']]),
      keyShort('q2'),
      keyShort('q3'),
      truefalse('q4'),
      truefalse('q5'),
      truefalse('q6'),
      truefalse('q7'),
      truefalse('q8'),
    ];
    expect(issuesWith(items)).toEqual([]);
  });

  it('reports an "all of the above" option on the option itself', () => {
    const items = [
      single('q1', [['Gọi lại', true], ['Bỏ qua'], ['Tất cả các ý trên']]),
      keyShort('q2'),
      keyShort('q3'),
      truefalse('q4'),
      truefalse('q5'),
      truefalse('q6'),
      truefalse('q7'),
      truefalse('q8'),
    ];
    expect(issuesWith(items)).toEqual([
      `${quizFile} › items[0].options[2].text — không dùng lựa chọn kiểu "Tất cả các ý trên": người học đoán được mà không cần biết từng ý`,
    ]);
  });

  it('is kept by every module of the real curriculum', () => {
    expect(
      checkContent(defaultContentDir)
        .map(formatIssue)
        .filter((m) => / › quizzes — /.test(m) || m.includes('Tất cả')),
    ).toEqual([]);
  });
});

describe('the multiple-choice length rule: at most 40% of a module’s multiple-choice items may be answered by length', () => {
  /** Every right option longer than the wrong one: "tick all but the shortest". */
  const rightLonger = (id: string) =>
    multiple(id, [['Kiểm tra tên người nhận', true], ['Kiểm tra số tiền', true], ['Bấm link']]);
  /** The only wrong option is the longest: "tick all but the longest". */
  const wrongLongest = (id: string) =>
    multiple(id, [['Gọi lại', true], ['Hỏi người thân', true], ['Bấm vào đường link trong tin nhắn']]);
  /** Length says nothing: a right option is shorter than the wrong one, another longer. */
  const fair = (id: string) =>
    multiple(id, [['Kiểm tra tên người nhận', true], ['Gọi lại', true], ['Bấm vào đường link']]);
  const message = (cued: number, of: number, share: number, atLeast: number, items: string[]) =>
    `${moduleFile} › quizzes — độ dài lộ đáp án ở ${cued}/${of} câu nhiều lựa chọn của module (${share}%), tối đa 40%: mọi lựa chọn đúng dài bằng hoặc hơn mọi lựa chọn sai, hoặc lựa chọn sai duy nhất là dài nhất, nên đánh dấu theo độ dài là đoán trúng; viết lại ít nhất ${atLeast} câu (các câu đang như vậy: ${items.map((q) => `02-quet-ma-vietqr ${q}`).join(', ')})`;

  it('reports a module where 3 of 5 multiple-choice items are answered by length, naming them', () => {
    const items = [
      rightLonger('q1'),
      fair('q2'),
      wrongLongest('q3'),
      fair('q4'),
      rightLonger('q5'),
      truefalse('q6'),
      truefalse('q7'),
      truefalse('q8'),
    ];
    expect(issuesWith(items)).toEqual([message(3, 5, 60, 1, ['q1', 'q3', 'q5'])]);
  });

  it('accepts exactly 40% (2 of 5)', () => {
    const items = [
      rightLonger('q1'),
      fair('q2'),
      wrongLongest('q3'),
      fair('q4'),
      fair('q5'),
      truefalse('q6'),
      truefalse('q7'),
      truefalse('q8'),
    ];
    expect(issuesWith(items)).toEqual([]);
  });

  it('counts ties: a right option as long as the wrong one, or the only wrong option as long as the longest right one', () => {
    const rightTies = (id: string) => multiple(id, [['Gọi 156', true], ['Gọi lại số đã lưu', true], ['Gọi 113']]);
    const wrongTies = (id: string) => multiple(id, [['Gọi 156', true], ['Tắt', true], ['Gọi 113']]);
    const items = [
      rightTies('q1'),
      wrongTies('q2'),
      fair('q3'),
      truefalse('q4'),
      truefalse('q5'),
      truefalse('q6'),
      truefalse('q7'),
      truefalse('q8'),
    ];
    expect(issuesWith(items)).toEqual([message(2, 3, 67, 1, ['q1', 'q2'])]);
  });

  it('does not count an item with several wrong options as cued only because one of them is the longest', () => {
    const twoWrong = (id: string) =>
      multiple(id, [['Gọi lại', true], ['Hỏi người thân', true], ['Bấm link'], ['Bấm vào đường link trong tin nhắn']]);
    const items = [
      twoWrong('q1'),
      twoWrong('q2'),
      fair('q3'),
      truefalse('q4'),
      truefalse('q5'),
      truefalse('q6'),
      truefalse('q7'),
      truefalse('q8'),
    ];
    expect(issuesWith(items)).toEqual([]);
  });

  it('is kept by every module of the real curriculum (multiple choice)', () => {
    expect(
      checkContent(defaultContentDir)
        .map(formatIssue)
        .filter((m) => m.includes('câu nhiều lựa chọn')),
    ).toEqual([]);
  });
});
