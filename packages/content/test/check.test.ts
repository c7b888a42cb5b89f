import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkContent, defaultContentDir, formatIssue, GROUPS, loadCatalog, loadCurriculum } from '../src/index.ts';
import { CurriculumSchema } from '../src/curriculum.ts';
import { overlap, shingles } from '../src/text.ts';
import { vietQrProblems } from '../src/vietqr.ts';

const broken = fileURLToPath(new URL('./fixtures/broken', import.meta.url));
const brokenLesson = fileURLToPath(new URL('./fixtures/broken-lesson', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** A fresh copy of a fixture in a temporary folder, to break or repair one more thing in it. */
const copyOf = (fixture: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'hvs-content-'));
  cpSync(fixture, dir, { recursive: true });
  return dir;
};

describe('curriculum versions', () => {
  it('are YYYY.MM, or YYYY.MM.N from the second change in a month', () => {
    const version = CurriculumSchema.shape.version;
    for (const ok of ['2026.11', '2026.12.2', '2026.12.10']) expect(version.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['2026.12.1', '2026.12.0', '2026.12.02', '2026.12b', '2026-12', '2026.12.']) {
      expect(version.safeParse(bad).success, bad).toBe(false);
    }
  });
});

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
    expect(curriculum.version).toBe('2026.12.2');
    expect(curriculum.effective).toBe('2026-12-02');
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
    ['stated minutes outside 3–7', /01-bai-hong\.md › minutes — từ 3 đến 7 phút/],
    ['an estimate under 3 minutes', /02-thieu-quiz\.md › minutes — ước tính 0\.0 phút \(5 tiếng trong bài, 0 câu hỏi mỗi lượt\), chưa tới 3 phút/],
    ['stated minutes far from the estimate', /02-thieu-quiz\.md › minutes — ghi 3 phút nhưng ước tính 0\.0 phút/],
    ['an unknown competence code', /01-bai-hong\.md › competences\.0 — mã năng lực "9\.9" không có trong khung năng lực số/],
    ['an empty list of sources', /01-bai-hong\.md › sources — cần ít nhất một nguồn/],
    ['a draw under 5', /01-bai-hong\.quiz\.yaml › draw — mỗi lượt cần 5–8 câu hỏi, đang ghi 3/],
    ['a level-one heading', /01-bai-hong\.md › body — không dùng tiêu đề cấp 1/],
    ['an image without alt text', /01-bai-hong\.md › image — ảnh thiếu mô tả \(alt\): img\/man-hinh\.svg/],
    ['a missing image', /01-bai-hong\.md › image — không tìm thấy ảnh: img\/khong-co\.svg/],
    ['a link to a lesson that does not exist', /01-bai-hong\.md › link — liên kết tới bài không tồn tại: \/bai-hoc\/khong-co-bai-nay/],
    ['an external link without https', /01-bai-hong\.md › link — liên kết ngoài phải dùng https/],
    ['a brace that Svelte would read as code', /01-bai-hong\.md › body — không dùng dấu \{ \}/],
    ['a single-choice item with two right answers', /01-bai-hong\.quiz\.yaml › items\[0\]/],
    ['empty feedback', /01-bai-hong\.quiz\.yaml › items\[1\]\.options\[0\]\.feedback — mỗi lựa chọn cần lời phản hồi/],
    ['a duplicate lesson id', /02-thieu-quiz\.md › id — trùng id "bai-hong"/],
    ['a lesson without its quiz file', /02-thieu-quiz\.quiz\.yaml › file — thiếu tệp câu hỏi/],
    ['a lesson without a "Ghi nhớ" box', /02-thieu-quiz\.md › body — thiếu hộp "Ghi nhớ"/],
    ['a practice block whose file does not exist', /01-bai-hong\.md › practice — không có bài luyện tập "khong-co-bai-luyen-tap"/],
    ['a practice block without the import line', /01-bai-hong\.md › practice — dùng <Practice> nhưng thiếu dòng import/],
    ['a practice file that breaks its kind\'s schema', /practice\/sai-dang\.yaml › code — thiếu trường bắt buộc "code"/],
    ['a practice file no lesson uses', /practice\/khong-ai-dung\.yaml › file — bài luyện tập không được bài học nào dùng/],
    ['a spot practice without a red-flag segment', /practice\/khong-dau-hieu\.yaml › segments — cần ít nhất một đoạn là dấu hiệu lừa đảo/],
    ['a spot segment without `why`', /practice\/khong-dau-hieu\.yaml › segments\.1\.why — mỗi đoạn cần lời giải thích/],
    ['a curriculum lesson id that does not exist', /^curriculum\.yaml › groups\.adult\.core\.1 — không có bài học với id "khong-co-bai-nay"/],
    ['a lesson listed twice in one group', /^curriculum\.yaml › groups\.adult\.core\.2 — bài "bai-hong" đã có trong nhóm này/],
    ['a group without a core lesson', /^curriculum\.yaml › groups\.public_servant\.core — nhóm cần ít nhất một bài bắt buộc/],
    ['a core lesson not written for the group', /^curriculum\.yaml › groups\.worker\.core\.0 — bài "bai-hong" không dành cho đối tượng worker/],
  ])('reports %s', (_name, pattern) => expectIssue(pattern));

  it('reports a pool that is too small once the quiz itself is valid', () => {
    const dir = copyOf(broken);
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
    const dir = copyOf(broken);
    writeFileSync(join(dir, 'lessons/hong/img/man-hinh.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(31 * 1024)}</svg>`);
    expect(checkContent(dir).map(formatIssue).join('\n')).toMatch(/ảnh img\/man-hinh\.svg nặng 31 KB, tối đa 30 KB/);
  });

  const copy = () => copyOf(broken);

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

describe('the content checker on a deliberately broken copy of a real lesson (thanh-toan/02-quet-ma-vietqr)', () => {
  const lesson = 'lessons/thanh-toan/02-quet-ma-vietqr.md';
  const quiz = 'lessons/thanh-toan/02-quet-ma-vietqr.quiz.yaml';
  const qr = 'lessons/thanh-toan/practice/ma-qr-quan-bun.yaml';
  const copied = 'lessons/thanh-toan/practice/man-hinh-quan-co-hoa.yaml';
  const framework = 'không có trong khung năng lực số (xem shared/content/FRAMEWORK.md: 0.1 … 6.3)';
  // One line per breakage listed in fixtures/broken-lesson/README.md, and nothing else: the links
  // that resolve and the VietQR practice that tells its own story must not be reported.
  const expected = [
    `${lesson} › competences.2 — mã năng lực "5.9" ${framework}`,
    `${lesson} › sources — cần ít nhất một nguồn (sources): văn bản hoặc trang chính thức cho mọi thông tin trong bài`,
    `${lesson} › minutes — ước tính 8.5 phút (781 tiếng trong bài, 313 tiếng luyện tập, 6 câu hỏi mỗi lượt), quá 7 phút: rút gọn bài hoặc bớt câu hỏi mỗi lượt (draw)`,
    `${lesson} › image — ảnh thiếu mô tả (alt): img/man-hinh-xac-nhan-vietqr.svg`,
    `${lesson} › link — liên kết tới bài không tồn tại: /bai-hoc/thanh-toan-chuyen-nham-lam-gi`,
    `${lesson} › link — liên kết tới module không tồn tại: /hoc/tiet-kiem`,
    `${quiz} › items[2].tags[0] — mã năng lực "7.1" ${framework}`,
    `${quiz} › items[3].options[3].feedback — mỗi lựa chọn cần lời phản hồi (feedback): vì sao nó đúng hoặc chưa đúng`,
    `${quiz} › items[4].options — a single-choice item needs exactly one correct option (found 0)`,
    `${quiz} › items[5].explanation — mỗi câu hỏi cần lời giải thích (explanation) dạy lại ý chính trong một hai câu`,
    `${quiz} › items — ngân hàng câu hỏi cần ít nhất 8 câu, đang có 7`,
    `${qr} › code.bin — mã ngân hàng 970001 chưa có tên trong banks`,
    `${qr} › code.amount — số tiền 3500000000000000 dài 16 ký tự; mã VietQR chỉ chứa tối đa 13 ký tự, ứng dụng ngân hàng sẽ không đọc được`,
    `${copied} › segments — giống câu hỏi q1 của 02-quet-ma-vietqr.quiz.yaml (91% cụm 3 tiếng trùng nhau, ngưỡng 20%): phần luyện tập in cả đáp án ra trang bài học, người học sẽ thấy trước đáp án của câu này; hãy viết một tình huống khác`,
  ];

  it('reports exactly the deliberate breakages, each as `file › field — message`', () => {
    expect(checkContent(brokenLesson).map(formatIssue).sort()).toEqual([...expected].sort());
  });

  it('makes `pnpm content:check` print them and exit with a non-zero status', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', brokenLesson], { cwd: packageDir, encoding: 'utf8' });
    expect(run.status).toBe(1);
    const lines = run.stderr.split('\n');
    for (const line of expected) expect(lines).toContain(line);
    expect(run.stderr).toContain(`${expected.length} lỗi nội dung.`);
  });

  /** The fixture with `edit` applied to one of its files. */
  const edited = (file: string, edit: (text: string) => string) => {
    const dir = copyOf(brokenLesson);
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    return { dir, issues: checkContent(dir).map(formatIssue) };
  };
  const onlyField = (issues: string[], prefix: string) => issues.filter((m) => m.startsWith(prefix));

  it('compares the stated minutes with the estimate', () => {
    const { issues } = edited(lesson, (t) => t.replace('minutes: 7', 'minutes: 3'));
    expect(issues).toContain(`${lesson} › minutes — ghi 3 phút nhưng ước tính 8.5 phút (781 tiếng trong bài, 313 tiếng luyện tập, 6 câu hỏi mỗi lượt)`);
  });

  it('counts the drawn quiz items in the estimate: fewer items, shorter lesson', () => {
    const { issues } = edited(quiz, (t) => t.replace('draw: 6', 'draw: 5'));
    expect(onlyField(issues, `${lesson} › minutes`)).toEqual([
      `${lesson} › minutes — ước tính 8.0 phút (781 tiếng trong bài, 313 tiếng luyện tập, 5 câu hỏi mỗi lượt), quá 7 phút: rút gọn bài hoặc bớt câu hỏi mỗi lượt (draw)`,
    ]);
  });

  it('passes the reading time once the repeated part is gone', () => {
    const { issues } = edited(lesson, (t) => t.slice(0, t.indexOf('## Đọc lại từ đầu')) + t.slice(t.indexOf('## Nếu bạn là người bán')));
    expect(onlyField(issues, `${lesson} › minutes`)).toEqual([]);
  });

  it('reports a lesson without any `sources` field', () => {
    const { issues } = edited(lesson, (t) => t.replace(/^sources:.*$/m, ''));
    expect(issues).toContain(`${lesson} › sources — cần ít nhất một nguồn (sources): văn bản hoặc trang chính thức cho mọi thông tin trong bài`);
  });

  /** Eight or more valid items of two types, so that only the rule under test can fire. */
  const validQuiz = (count: number, draw?: unknown) =>
    stringify({
      passMark: 0.7,
      ...(draw === undefined ? {} : { draw }),
      items: Array.from({ length: count }, (_, i) =>
        i % 2 === 0
          ? {
              id: `q${i + 1}`,
              type: 'single',
              prompt: `Câu ${i + 1}: chọn một ý.`,
              options: [
                { id: 'a', text: 'Ý đúng', correct: true, feedback: 'Đúng.' },
                { id: 'b', text: 'Ý sai', feedback: 'Chưa đúng.' },
              ],
              explanation: 'Giải thích.',
            }
          : { id: `q${i + 1}`, type: 'truefalse', prompt: `Câu ${i + 1} đúng hay sai?`, answer: true, feedbackTrue: 'Đúng.', feedbackFalse: 'Chưa đúng.', explanation: 'Giải thích.' },
      ),
    });

  it.each([
    [5, []],
    [8, []],
    [4, [`${quiz} › draw — mỗi lượt cần 5–8 câu hỏi, đang ghi 4`]],
    [9, [`${quiz} › draw — mỗi lượt cần 5–8 câu hỏi, đang ghi 9`]],
    [{ count: 9 }, [`${quiz} › draw.count — mỗi lượt cần 5–8 câu hỏi, đang ghi 9`]],
    [undefined, [`${quiz} › draw — không ghi draw nên mỗi lượt hỏi cả 10 câu; ghi draw từ 5–8`]],
  ])('keeps draw within 5–8 (draw %j)', (draw, want) => {
    const { issues } = edited(quiz, () => validQuiz(10, draw));
    expect(issues.filter((m) => m.startsWith(quiz))).toEqual(want);
  });

  it('reports an empty explanation and a choice without feedback in a valid-looking quiz', () => {
    const { issues } = edited(quiz, () =>
      validQuiz(8, 6)
        .replace('explanation: Giải thích.', 'explanation: " "')
        .replace('feedbackFalse: Chưa đúng.', ''),
    );
    expect(issues).toContain(`${quiz} › items[0].explanation — mỗi câu hỏi cần lời giải thích (explanation) dạy lại ý chính trong một hai câu`);
    expect(issues).toContain(`${quiz} › items[1].feedbackFalse — mỗi lựa chọn cần lời phản hồi (feedback): vì sao nó đúng hoặc chưa đúng`);
  });

  it('does not flag a practice block that tells a different story on the same topic', () => {
    const { issues } = edited('lessons/thanh-toan/practice/man-hinh-quan-co-hoa.yaml', () =>
      stringify({
        kind: 'spot',
        title: 'Tin nhắn hoàn tiền này có gì đáng ngờ?',
        context: 'sms',
        from: 'Số lạ',
        segments: [
          { text: 'Chúc mừng bạn được hoàn 500.000 đồng tiền điện tháng này.', why: 'Tin vui bất ngờ là mồi; tự nó chưa nói lên điều gì.' },
          { text: 'Hãy mở ứng dụng ngân hàng và quét mã đính kèm để nhận tiền.', redFlag: true, why: 'Quét mã trong ứng dụng ngân hàng là để trả tiền đi, không ai nhận tiền bằng cách đó.' },
          { text: 'Ưu đãi chỉ còn trong 30 phút.', redFlag: true, why: 'Giục gấp để bạn không kịp hỏi người nhà hay gọi tổng đài điện lực.' },
        ],
      }),
    );
    expect(issues.filter((m) => m.includes('giống câu hỏi'))).toEqual([]);
  });

  it('flags a practice block that copies a quiz item, on the field that shares the most', () => {
    const { issues } = edited('lessons/thanh-toan/practice/ma-qr-quan-bun.yaml', (t) =>
      t.replace(/^question: .*$/m, 'question: "Bạn quét mã ở tiệm tạp hóa \\"Cô Ba\\". Ứng dụng hiện tên người nhận là một người lạ. Bạn làm gì?"').replace(
        /^ {4}- "Bấm “Hủy”.*$/m,
        '    - "Bấm \\"Hủy\\" và hỏi lại chủ tiệm. Tên không khớp thì dừng lại. Có thể mã đã bị dán đè hoặc nhầm. Tên người nhận hiện ra sau khi quét là thông tin để bạn kiểm tra."',
      ),
    );
    expect(issues.filter((m) => m.startsWith(`${qr} › `) && m.includes('giống câu hỏi'))).toEqual([
      expect.stringMatching(/^lessons\/thanh-toan\/practice\/ma-qr-quan-bun\.yaml › (question|answer) — giống câu hỏi q5 của 02-quet-ma-vietqr\.quiz\.yaml/),
    ]);
  });
});

describe('images, checked in Markdown and in HTML <img>', () => {
  const lesson = 'lessons/hong/01-bai-hong.md';
  /** The synthetic broken module with one more paragraph in its first lesson. */
  const withBody = (extra: string, setup?: (dir: string) => void) => {
    const dir = copyOf(broken);
    setup?.(dir);
    writeFileSync(join(dir, lesson), `\n${extra}\n`, { flag: 'a' });
    return checkContent(dir).map(formatIssue).filter((m) => m.startsWith(`${lesson} › image`));
  };
  // What the fixture already reports about its own two Markdown images.
  const before = withBody('');

  it('accepts an image with alt text in the module img/ folder, in either syntax', () => {
    expect(withBody('![Một màn hình](img/man-hinh.svg)\n\n<img src="img/man-hinh.svg" alt="Một màn hình">')).toEqual(before);
  });

  it.each([
    ['Markdown, alt of spaces', '![   ](img/man-hinh.svg)', 'ảnh thiếu mô tả (alt): img/man-hinh.svg'],
    ['HTML, no alt', '<img src="img/man-hinh.svg">', 'ảnh thiếu mô tả (alt): img/man-hinh.svg'],
    ['HTML, alt of spaces', '<img src="img/man-hinh.svg" alt="  ">', 'ảnh thiếu mô tả (alt): img/man-hinh.svg'],
    ["HTML, single quotes, alt of spaces", "<img alt='  ' src='img/man-hinh.svg'>", 'ảnh thiếu mô tả (alt): img/man-hinh.svg'],
    ['HTML, a file that does not exist', '<img src="img/khong-co-anh.svg" alt="Ảnh">', 'không tìm thấy ảnh: img/khong-co-anh.svg'],
    ['HTML, no src', '<img alt="Ảnh">', 'ảnh thiếu đường dẫn (src): <img alt="Ảnh">'],
    ['HTML, from the web', '<img src="https://example.vn/a.svg" alt="Ảnh">', 'ảnh phải nằm trong thư mục img/ của module, không lấy từ mạng: https://example.vn/a.svg'],
    ['outside img/', '![Ảnh](module.yaml)', 'ảnh phải nằm trong thư mục img/ của module: module.yaml'],
  ])('reports %s', (_name, tag, message) => {
    expect(withBody(tag)).toEqual([...before, `${lesson} › image — ${message}`]);
  });

  it('reports an image in a sibling folder whose name starts with the module folder', () => {
    const sibling = (dir: string) => {
      mkdirSync(join(dir, 'lessons/hong-x/img'), { recursive: true });
      cpSync(join(dir, 'lessons/hong/img/man-hinh.svg'), join(dir, 'lessons/hong-x/img/man-hinh.svg'));
    };
    expect(withBody('<img src="../hong-x/img/man-hinh.svg" alt="Ảnh">', sibling)).toContain(
      `${lesson} › image — ảnh phải nằm trong thư mục img/ của module: ../hong-x/img/man-hinh.svg`,
    );
    expect(withBody('![Ảnh](../hong-x/img/man-hinh.svg)', sibling)).toContain(
      `${lesson} › image — ảnh phải nằm trong thư mục img/ của module: ../hong-x/img/man-hinh.svg`,
    );
  });

  it('reports an HTML image over 30 KB', () => {
    const big = (dir: string) => writeFileSync(join(dir, 'lessons/hong/img/lon.svg'), `<svg xmlns="http://www.w3.org/2000/svg">${' '.repeat(31 * 1024)}</svg>`);
    expect(withBody('<img src="img/lon.svg" alt="Ảnh lớn">', big)).toEqual([...before, `${lesson} › image — ảnh img/lon.svg nặng 31 KB, tối đa 30 KB`]);
  });
});

describe('the VietQR round trip of a practice block', () => {
  const code = { bin: '970000', account: '0000XXXX9753', amount: 35000, purpose: 'Tra tien bun' };

  it('accepts a code that builds and reads back as written', () => {
    expect(vietQrProblems(code)).toEqual([]);
    expect(vietQrProblems({ bin: '970000', account: '0000XXXX9753' })).toEqual([]);
  });

  it('reports an amount longer than a VietQR code carries', () => {
    expect(vietQrProblems({ ...code, amount: 10 ** 15 })).toEqual([
      { field: 'amount', message: 'số tiền 1000000000000000 dài 16 ký tự; mã VietQR chỉ chứa tối đa 13 ký tự, ứng dụng ngân hàng sẽ không đọc được' },
    ]);
  });

  // The schema keeps these out of practice files; the round trip is what catches them if it ever
  // lets one through.
  it('reports a code that does not read back as written', () => {
    expect(vietQrProblems({ bin: '970000', account: '0'.repeat(100) })).toEqual([
      { field: 'account', message: `tệp ghi "${'0'.repeat(100)}" nhưng mã VietQR đọc lại được ""` },
    ]);
  });

  it('reports a code that does not read back at all', () => {
    const problems = vietQrProblems({ ...code, purpose: 'a'.repeat(100) });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('file');
    expect(problems[0]!.message).toMatch(/^mã VietQR tạo từ phần code không đọc lại được \(trang sẽ hiện "Mã này không đọc được"\): 000201/);
  });
});

describe('the practice-vs-quiz overlap', () => {
  const quizItem = [
    'Tin nhắn này có dấu hiệu lừa đảo nào? Chạm vào những phần đáng ngờ.',
    'Thông báo: thuê bao của quý khách chưa chuẩn hóa thông tin.',
    'SIM sẽ bị khóa hai chiều sau 24 giờ.',
    'Nhập số thẻ ngân hàng và mã OTP để xác minh chủ thuê bao.',
    'Rất đáng ngờ. Không ai đáng tin lại xin số thẻ và mã OTP.',
  ];
  const item = shingles(quizItem, 3);

  it('is high for a copy, even with changed case and punctuation', () => {
    const copy = shingles(quizItem.map((t) => t.toUpperCase().replace(/[.:?]/g, ' ! ')), 3);
    expect(overlap(copy, item).ratio).toBe(1);
  });

  it('is low for a different message on the same topic', () => {
    const other = shingles(
      [
        'Ngân hàng X thông báo: tài khoản của bạn vừa bị trừ 2 triệu đồng.',
        'Nếu không phải bạn, gọi ngay số lạ này để hủy giao dịch.',
        'Đừng gọi số trong tin nhắn. Mở ứng dụng ngân hàng để xem lại.',
      ],
      3,
    );
    expect(overlap(other, item).ratio).toBeLessThan(0.2);
  });

  it('never spans two texts', () => {
    expect([...shingles(['một hai', 'ba bốn'], 3)]).toEqual([]);
  });
});
