import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkContent, defaultContentDir, formatIssue, GROUPS, loadCatalog, loadCurriculum } from '../src/index.ts';

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

  it('has a curriculum with core lessons for every group, all of them in the catalog', () => {
    const curriculum = loadCurriculum(defaultContentDir);
    const catalog = loadCatalog(defaultContentDir);
    expect(curriculum.version).toBe('2026.11');
    expect(curriculum.effective).toBe('2026-11-22');
    expect(curriculum.passRule.minScore).toBe(0.7);
    expect(Object.keys(curriculum.groups).sort()).toEqual([...GROUPS].sort());
    for (const group of Object.values(curriculum.groups)) {
      expect(group.core.length).toBeGreaterThan(0);
      for (const id of [...group.core, ...group.recommended]) expect(catalog.lessons.has(id), id).toBe(true);
    }
    // Children do not need bank-account lessons.
    for (const g of ['student_primary', 'student_lower_secondary', 'student_upper_secondary'] as const) {
      expect(curriculum.groups[g].core.filter((id) => id.startsWith('thanh-toan-'))).toEqual([]);
    }
  });
});

describe('the content checker on a deliberately broken module', () => {
  const messages = checkContent(broken).map(formatIssue);
  const expectIssue = (pattern: RegExp) =>
    expect(messages.some((m) => pattern.test(m)), `expected an issue matching ${pattern}\n${messages.join('\n')}`).toBe(true);

  it('names the file and field of every problem, as `file › field — message`', () => {
    for (const m of messages) expect(m).toMatch(/^(lessons\/hong\/[^ ]+|curriculum\.yaml) › [^ ]+ — .+/);
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
    ['a practice block whose file does not exist', /01-bai-hong\.md › practice — không có bài luyện tập "khong-co-bai-luyen-tap"/],
    ['a practice block without the import line', /01-bai-hong\.md › practice — dùng <Practice> nhưng thiếu dòng import/],
    ['a practice file that breaks its kind\'s schema', /practice\/sai-dang\.yaml › code — /],
    ['a practice file no lesson uses', /practice\/khong-ai-dung\.yaml › file — bài luyện tập không được bài học nào dùng/],
    ['a spot practice without a red-flag segment', /practice\/khong-dau-hieu\.yaml › segments — cần ít nhất một đoạn là dấu hiệu lừa đảo/],
    ['a spot segment without `why`', /practice\/khong-dau-hieu\.yaml › segments\.1\.why — mỗi đoạn cần lời giải thích/],
    ['a curriculum lesson id that does not exist', /^curriculum\.yaml › groups\.adult\.core\.1 — không có bài học với id "khong-co-bai-nay"/],
    ['a lesson listed twice in one group', /^curriculum\.yaml › groups\.adult\.core\.2 — bài "bai-hong" đã có trong nhóm này/],
    ['a group without a core lesson', /^curriculum\.yaml › groups\.public_servant\.core — nhóm cần ít nhất một bài bắt buộc/],
    ['a core lesson not written for the group', /^curriculum\.yaml › groups\.worker\.core\.0 — bài "bai-hong" không dành cho đối tượng worker/],
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

  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hvs-content-'));
    cpSync(broken, dir, { recursive: true });
    return dir;
  };

  it('reports a curriculum that breaks its schema', () => {
    const dir = copy();
    writeFileSync(join(dir, 'curriculum.yaml'), 'version: 2026\npassRule: { minScore: 7 }\ngroups: { adult: { title: "Người dân", core: [bai-hong] } }\n');
    const issues = checkContent(dir).map(formatIssue).filter((m) => m.startsWith('curriculum.yaml'));
    expect(issues.some((m) => m.startsWith('curriculum.yaml › version — '))).toBe(true);
    expect(issues.some((m) => m.startsWith('curriculum.yaml › passRule.minScore — '))).toBe(true);
    expect(issues.some((m) => m.startsWith('curriculum.yaml › groups.worker — '))).toBe(true);
  });

  it('reports a missing curriculum file', () => {
    const dir = copy();
    rmSync(join(dir, 'curriculum.yaml'));
    expect(checkContent(dir).map(formatIssue)).toContain('curriculum.yaml › file — thiếu tệp chương trình: bài bắt buộc của từng nhóm, quy tắc đạt, phiên bản');
  });

  it('reports a practice file in another module and a practice name used twice', () => {
    const dir = copy();
    mkdirSync(join(dir, 'lessons/khac/practice'), { recursive: true });
    writeFileSync(join(dir, 'lessons/khac/module.yaml'), 'id: khac\ntitle: "Module khác"\nsummary: "Module thứ hai để thử tên bài luyện tập."\norder: 2\naudiences: [adult]\n');
    cpSync(join(dir, 'lessons/hong/practice/khong-ai-dung.yaml'), join(dir, 'lessons/khac/practice/khong-ai-dung.yaml'));
    cpSync(join(dir, 'lessons/hong/practice/khong-ai-dung.yaml'), join(dir, 'lessons/khac/practice/o-module-khac.yaml'));
    writeFileSync(join(dir, 'lessons/hong/01-bai-hong.md'), `${'\n<Practice name="o-module-khac" />\n'}`, { flag: 'a' });
    const issues = checkContent(dir).map(formatIssue);
    expect(issues).toContain('lessons/khac/practice/khong-ai-dung.yaml › file — trùng tên bài luyện tập với lessons/hong/practice/khong-ai-dung.yaml (tên phải khác nhau trong toàn bộ nội dung)');
    expect(issues.join('\n')).toMatch(/01-bai-hong\.md › practice — bài luyện tập "o-module-khac" phải nằm trong module của bài \(hong\)/);
  });
});
