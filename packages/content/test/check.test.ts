import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkContent, defaultContentDir, formatIssue, loadCatalog } from '../src/index.ts';

const broken = fileURLToPath(new URL('./fixtures/broken', import.meta.url));

describe('the curriculum in content/', () => {
  it('passes the content checker', () => {
    const issues = checkContent(defaultContentDir).map(formatIssue);
    expect(issues).toEqual([]);
  });

  it('has modules with lessons, and every lesson id is unique', () => {
    const catalog = loadCatalog(defaultContentDir);
    expect(catalog.modules.length).toBeGreaterThanOrEqual(1);
    const ids = catalog.modules.flatMap((m) => m.lessons.map((l) => l.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(catalog.lessons.size);
  });
});

describe('the content checker on a deliberately broken module', () => {
  const messages = checkContent(broken).map(formatIssue);
  const expectIssue = (pattern: RegExp) =>
    expect(messages.some((m) => pattern.test(m)), `expected an issue matching ${pattern}\n${messages.join('\n')}`).toBe(true);

  it('names the file and field of every problem, as `file › field — message`', () => {
    for (const m of messages) expect(m).toMatch(/^lessons\/hong\/[^ ]+ › [^ ]+ — .+/);
  });

  it.each([
    ['reading time out of range', /01-bai-hong\.md › minutes — /],
    ['an unknown competence code', /01-bai-hong\.md › competences\.0 — /],
    ['no sources', /01-bai-hong\.md › sources — /],
    ['a level-one heading', /01-bai-hong\.md › body — không dùng tiêu đề cấp 1/],
    ['an image without alt text', /01-bai-hong\.md › image — ảnh thiếu mô tả \(alt\): img\/man-hinh\.svg/],
    ['a missing image', /01-bai-hong\.md › image — không tìm thấy ảnh: img\/khong-co\.svg/],
    ['a link to a lesson that does not exist', /01-bai-hong\.md › link — liên kết tới bài không tồn tại: \/bai-hoc\/khong-co-bai-nay/],
    ['an external link without https', /01-bai-hong\.md › link — liên kết ngoài phải dùng https/],
    ['a brace that Svelte would read as code', /01-bai-hong\.md › body — không dùng dấu \{ \}/],
    ['a single-choice item with two right answers', /01-bai-hong\.quiz\.yaml › items\[0\]/],
    ['empty feedback', /01-bai-hong\.quiz\.yaml › items\[1\]\.options\[0\]\.feedback — /],
    ['a duplicate lesson id', /02-thieu-quiz\.md › id — trùng id "bai-hong"/],
    ['a lesson without its quiz file', /02-thieu-quiz\.quiz\.yaml › file — thiếu tệp câu hỏi/],
    ['a lesson without a "Ghi nhớ" box', /02-thieu-quiz\.md › body — thiếu hộp "Ghi nhớ"/],
  ])('reports %s', (_name, pattern) => expectIssue(pattern));

  it('reports a pool that is too small once the quiz itself is valid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvs-content-'));
    cpSync(broken, dir, { recursive: true });
    writeFileSync(
      join(dir, 'lessons/hong/01-bai-hong.quiz.yaml'),
      [
        'passMark: 0.7',
        'items:',
        '  - id: q1',
        '    type: truefalse',
        '    prompt: "Một câu đúng sai."',
        '    answer: true',
        '    feedbackTrue: "Đúng."',
        '    feedbackFalse: "Sai."',
        '    explanation: "Giải thích."',
      ].join('\n'),
    );
    const issues = checkContent(dir).map(formatIssue);
    expect(issues).toContain('lessons/hong/01-bai-hong.quiz.yaml › items — ngân hàng câu hỏi cần ít nhất 8 câu, đang có 1');
    expect(issues).toContain('lessons/hong/01-bai-hong.quiz.yaml › items — cần ít nhất 2 dạng câu hỏi, đang có 1');
  });

  it('reports an image over 30 KB', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvs-content-'));
    cpSync(broken, dir, { recursive: true });
    writeFileSync(join(dir, 'lessons/hong/img/man-hinh.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(31 * 1024)}</svg>`);
    expect(checkContent(dir).map(formatIssue).join('\n')).toMatch(/ảnh img\/man-hinh\.svg nặng 31 KB, tối đa 30 KB/);
  });
});
