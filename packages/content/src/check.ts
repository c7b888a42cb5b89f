/**
 * The content checker: walks every module and lesson once and hands each file to the rule it is
 * about (check/*.ts). Prints nothing; the CLI does (`file › field — message`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { validateQuiz } from '@hvs/quiz-engine';
import { LESSON_FILE, moduleDirs } from './catalog.ts';
import { checkCurriculum } from './check/curriculum.ts';
import { checkImage, HTML_ATTR, HTML_IMG, IMAGE } from './check/images.ts';
import { checkLinks, LINK } from './check/links.ts';
import { checkNotCopied, checkPractices, type PracticeEntry } from './check/practice.ts';
import { checkPool, quizMessage, quizShape } from './check/quiz.ts';
import { checkReadingTime } from './check/reading-time.ts';
import { safeYaml, schemaMessage, type ContentIssue } from './check/report.ts';
import { splitFrontmatter } from './frontmatter.ts';
import { PRACTICE_FOLDER, PRACTICE_IMPORT, PRACTICE_TAG, practiceTagName } from './practice.ts';
import { LessonFrontmatterSchema, ModuleFileSchema, type LessonFrontmatter } from './schema.ts';
import { checkAnswerLength } from './answer-length.ts';

export { formatIssue, type ContentIssue } from './check/report.ts';

/** Checks every module, lesson, quiz, image and link under `contentDir`; returns all problems found. */
export function checkContent(contentDir: string): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const rel = (p: string) => relative(contentDir, p).split('\\').join('/');
  const add = (file: string, field: string, message: string) => issues.push({ file: rel(file), field, message });
  const lessonIds = new Map<string, string>();
  const moduleIds = new Map<string, string>();
  const links: { file: string; href: string }[] = [];
  const lessonAudiences = new Map<string, LessonFrontmatter['audiences']>();
  /** practice name → its file; names are unique across modules (the component looks them up by name) */
  const practices = new Map<string, PracticeEntry>();
  const practiceRefs: { file: string; module: string; name: string }[] = [];

  const dirs = moduleDirs(contentDir);
  if (dirs.length === 0) add(join(contentDir, 'lessons'), 'folder', 'không có module nào');

  for (const dir of dirs) {
    const folder = join(contentDir, 'lessons', dir);
    const moduleFile = join(folder, 'module.yaml');
    if (!existsSync(moduleFile)) {
      add(moduleFile, 'file', 'thiếu module.yaml');
    } else {
      const mod = ModuleFileSchema.safeParse(safeYaml(moduleFile, add));
      if (!mod.success) {
        for (const i of mod.error.issues) add(moduleFile, i.path.join('.') || 'file', schemaMessage(i));
      } else {
        if (mod.data.id !== dir) add(moduleFile, 'id', `phải trùng tên thư mục "${dir}"`);
        if (moduleIds.has(mod.data.id)) add(moduleFile, 'id', `trùng id với ${moduleIds.get(mod.data.id)}`);
        moduleIds.set(mod.data.id, rel(moduleFile));
        if (mod.data.cover) checkImage(folder, moduleFile, 'cover', mod.data.cover, 'ảnh bìa', add);
      }
    }

    checkPractices(folder, dir, practices, add, rel);

    const names = readdirSync(folder);
    const lessonFiles = names.filter((n) => n.endsWith('.md'));
    if (lessonFiles.length === 0) add(folder, 'folder', 'module chưa có bài học nào');
    for (const name of names) {
      if (name.endsWith('.quiz.yaml') && !names.includes(name.replace(/\.quiz\.yaml$/, '.md'))) {
        add(join(folder, name), 'file', 'không có bài học .md đi kèm');
      }
    }
    for (const name of lessonFiles) {
      const path = join(folder, name);
      if (!LESSON_FILE.test(name)) {
        add(path, 'file', 'tên tệp phải có dạng NN-ten-bai.md (NN là hai chữ số)');
        continue;
      }
      const source = readFileSync(path, 'utf8');
      let split;
      try {
        split = splitFrontmatter(source);
      } catch (e) {
        add(path, 'frontmatter', `YAML không hợp lệ: ${(e as Error).message.split('\n')[0]}`);
        continue;
      }
      const fm = LessonFrontmatterSchema.safeParse(split.data);
      if (!fm.success) for (const i of fm.error.issues) add(path, i.path.join('.') || 'frontmatter', schemaMessage(i));
      else lessonAudiences.set(fm.data.id, fm.data.audiences);
      // Duplicates are found even when other fields of the frontmatter are wrong.
      const id = (split.data as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') {
        const other = lessonIds.get(id);
        if (other) add(path, 'id', `trùng id "${id}" với ${other}`);
        else lessonIds.set(id, rel(path));
      }
      const body = split.body;
      if (/^#\s/m.test(body)) add(path, 'body', 'không dùng tiêu đề cấp 1 (#); trang đã in tên bài');
      // mdsvex compiles lessons as Svelte: a brace in the text would start a Svelte expression.
      const braces = body.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
      if (/[{}]/.test(braces)) add(path, 'body', 'không dùng dấu { } trong bài (mdsvex hiểu là mã Svelte); dùng ( ) thay thế');
      if (!/<aside class="remember">/.test(body)) add(path, 'body', 'thiếu hộp "Ghi nhớ" (<aside class="remember">)');

      for (const m of body.matchAll(IMAGE)) checkImage(folder, path, 'image', m[2]!, m[1]!, add);
      for (const m of body.matchAll(HTML_IMG)) {
        const attrs = new Map([...m[0].matchAll(HTML_ATTR)].map((a) => [a[1]!.toLowerCase(), a[2] ?? a[3] ?? '']));
        checkImage(folder, path, 'image', attrs.get('src') ?? '', attrs.get('alt') ?? '', add, m[0].slice(0, 60));
      }
      for (const m of body.matchAll(LINK)) links.push({ file: path, href: m[1]! });
      const tags = [...body.matchAll(PRACTICE_TAG)];
      /** this lesson's practice blocks that exist in its module */
      const ownPractices: PracticeEntry[] = [];
      for (const m of tags) {
        const name = practiceTagName(m[1]!);
        if (name) practiceRefs.push({ file: path, module: dir, name });
        else add(path, 'practice', `thẻ <Practice> thiếu name="…": ${m[0].slice(0, 60)}`);
        const found = name ? practices.get(name) : undefined;
        if (found?.module === dir && found.data) ownPractices.push(found);
      }
      if (tags.length > 0 && !body.includes(PRACTICE_IMPORT)) {
        add(path, 'practice', `dùng <Practice> nhưng thiếu dòng ${PRACTICE_IMPORT} trong <script>`);
      }

      const quizPath = path.replace(/\.md$/, '.quiz.yaml');
      let items: Record<string, unknown>[] = [];
      let drawn = 0;
      if (!existsSync(quizPath)) {
        add(quizPath, 'file', 'thiếu tệp câu hỏi của bài');
      } else {
        const raw = safeYaml(quizPath, add);
        if (raw !== undefined) {
          const result = validateQuiz(raw);
          if (!result.ok) for (const i of result.issues) add(quizPath, i.path || 'quiz', quizMessage(i));
          // Pool, draw and tags are read from the file as written, so that they are reported together
          // with the engine's findings instead of one round of fixes later.
          const shape = quizShape(raw);
          items = shape.items;
          drawn = checkPool(quizPath, shape, add);
        }
      }

      const stated = (split.data as { minutes?: unknown } | undefined)?.minutes;
      checkReadingTime(path, body, ownPractices, items, drawn, typeof stated === 'number' ? stated : undefined, add);
      for (const practice of ownPractices) checkNotCopied(practice, items, quizPath, add);
    }
    checkAnswerLength(folder, add);
  }

  checkLinks(links, lessonIds, moduleIds, add);
  for (const ref of practiceRefs) {
    const found = practices.get(ref.name);
    if (!found) add(ref.file, 'practice', `không có bài luyện tập "${ref.name}" (cần tệp lessons/${ref.module}/${PRACTICE_FOLDER}/${ref.name}.yaml)`);
    else if (found.module !== ref.module) add(ref.file, 'practice', `bài luyện tập "${ref.name}" phải nằm trong module của bài (${ref.module}), đang ở ${rel(found.path)}`);
    else found.used = true;
  }
  for (const p of practices.values()) {
    if (!p.used) add(p.path, 'file', 'bài luyện tập không được bài học nào dùng (<Practice name="…" />)');
  }

  checkCurriculum(contentDir, lessonIds, lessonAudiences, add);
  return issues;
}
