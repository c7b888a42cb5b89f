import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { validateQuiz } from '@hvs/quiz-engine';
import { LESSON_FILE, moduleDirs } from './catalog.ts';
import { splitFrontmatter } from './frontmatter.ts';
import { LessonFrontmatterSchema, ModuleFileSchema, type LessonFrontmatter } from './schema.ts';
import { PRACTICE_FILE, PRACTICE_FOLDER, PRACTICE_IMPORT, PRACTICE_TAG, PracticeSchema, practiceTagName } from './practice.ts';
import { CURRICULUM_FILE, CurriculumSchema, GROUP_AUDIENCE, GROUPS } from './curriculum.ts';

export type ContentIssue = { file: string; field: string; message: string };

export const formatIssue = (i: ContentIssue) => `${i.file} › ${i.field} — ${i.message}`;

/** Limits the content must keep (docs/content-format.md, shared/content/GUIDE.md). */
export const RULES = {
  minPool: 8,
  minItemTypes: 2,
  maxImageBytes: 30 * 1024,
  // Adults new to reading on screens: ~150 words a minute; a quiz item ~30 s.
  wordsPerMinute: 150,
  secondsPerItem: 30,
  minutesSlack: 2,
} as const;

const IMAGE = /!\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const LINK = /(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const HTML_IMG = /<img\b[^>]*>/gi;

/** Counts the words a learner reads: the body without tags, code and link targets. */
export function countWords(body: string): number {
  const text = body
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/[#>*_`|[\]-]/g, ' ');
  return text.split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w)).length;
}

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
  const practices = new Map<string, { path: string; module: string; used: boolean }>();
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
        for (const i of mod.error.issues) add(moduleFile, i.path.join('.') || 'file', i.message);
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
      if (!fm.success) for (const i of fm.error.issues) add(path, i.path.join('.') || 'frontmatter', i.message);
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
        if (!/\balt="[^"]+"/.test(m[0])) add(path, 'image', `ảnh thiếu mô tả (alt): ${m[0].slice(0, 60)}`);
      }
      for (const m of body.matchAll(LINK)) links.push({ file: path, href: m[1]! });
      const tags = [...body.matchAll(PRACTICE_TAG)];
      for (const m of tags) {
        const name = practiceTagName(m[1]!);
        if (name) practiceRefs.push({ file: path, module: dir, name });
        else add(path, 'practice', `thẻ <Practice> thiếu name="…": ${m[0].slice(0, 60)}`);
      }
      if (tags.length > 0 && !body.includes(PRACTICE_IMPORT)) {
        add(path, 'practice', `dùng <Practice> nhưng thiếu dòng ${PRACTICE_IMPORT} trong <script>`);
      }

      const quizPath = path.replace(/\.md$/, '.quiz.yaml');
      let drawn = 0;
      if (!existsSync(quizPath)) {
        add(quizPath, 'file', 'thiếu tệp câu hỏi của bài');
      } else {
        const raw = safeYaml(quizPath, add);
        if (raw !== undefined) {
          const result = validateQuiz(raw);
          if (!result.ok) {
            for (const i of result.issues) add(quizPath, i.path || 'quiz', i.message);
          } else {
            const { quiz } = result;
            const pool = quiz.items.length;
            if (pool < RULES.minPool) add(quizPath, 'items', `ngân hàng câu hỏi cần ít nhất ${RULES.minPool} câu, đang có ${pool}`);
            const types = new Set(quiz.items.map((i) => i.type));
            if (types.size < RULES.minItemTypes) add(quizPath, 'items', `cần ít nhất ${RULES.minItemTypes} dạng câu hỏi, đang có ${types.size}`);
            drawn = typeof quiz.draw === 'number' ? quiz.draw : (quiz.draw?.count ?? pool);
          }
        }
      }

      if (fm.success) {
        const words = countWords(body);
        const estimate = words / RULES.wordsPerMinute + (drawn * RULES.secondsPerItem) / 60;
        if (Math.abs(estimate - fm.data.minutes) > RULES.minutesSlack) {
          add(path, 'minutes', `ghi ${fm.data.minutes} phút nhưng ước tính ${estimate.toFixed(1)} phút (${words} từ, ${drawn} câu hỏi)`);
        }
      }
    }
  }

  for (const { file, href } of links) {
    if (/^https?:\/\//.test(href)) {
      if (!href.startsWith('https://')) add(file, 'link', `liên kết ngoài phải dùng https: ${href}`);
      continue;
    }
    if (href.startsWith('mailto:') || href.startsWith('tel:') || href.startsWith('#')) continue;
    const lesson = /^\/bai-hoc\/([a-z0-9-]+)\/?$/.exec(href);
    const mod = /^\/hoc\/([a-z0-9-]+)\/?$/.exec(href);
    if (lesson) {
      if (!lessonIds.has(lesson[1]!)) add(file, 'link', `liên kết tới bài không tồn tại: ${href}`);
    } else if (mod) {
      if (!moduleIds.has(mod[1]!)) add(file, 'link', `liên kết tới module không tồn tại: ${href}`);
    } else {
      add(file, 'link', `liên kết trong phải có dạng /bai-hoc/<id> hoặc /hoc/<module>: ${href}`);
    }
  }
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

type Add = (f: string, field: string, m: string) => void;

/** The practice files of one module: schema per kind, unique names, and the rules zod does not say. */
function checkPractices(
  folder: string,
  moduleId: string,
  practices: Map<string, { path: string; module: string; used: boolean }>,
  add: Add,
  rel: (p: string) => string,
) {
  const dir = join(folder, PRACTICE_FOLDER);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const m = PRACTICE_FILE.exec(name);
    if (!m) {
      add(path, 'file', 'tên tệp luyện tập phải có dạng ten-bai-luyen-tap.yaml (chữ thường không dấu, số, gạch ngang)');
      continue;
    }
    const other = practices.get(m[1]!);
    if (other) add(path, 'file', `trùng tên bài luyện tập với ${rel(other.path)} (tên phải khác nhau trong toàn bộ nội dung)`);
    else practices.set(m[1]!, { path, module: moduleId, used: false });
    const raw = safeYaml(path, add);
    if (raw === undefined) continue;
    const parsed = PracticeSchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) add(path, i.path.join('.') || 'file', i.message);
      continue;
    }
    const practice = parsed.data;
    if (practice.kind === 'spot') {
      if (!practice.segments.some((s) => s.redFlag)) add(path, 'segments', 'cần ít nhất một đoạn là dấu hiệu lừa đảo (redFlag: true)');
      practice.segments.forEach((s, i) => {
        if (!s.why?.trim()) add(path, `segments.${i}.why`, 'mỗi đoạn cần lời giải thích (why): vì sao nó là, hoặc không là, dấu hiệu lừa đảo');
      });
    } else {
      const bin = practice.code.bin;
      if (!practice.banks.some((b) => b.bin === bin)) add(path, 'code.bin', `mã ngân hàng ${bin} chưa có tên trong banks`);
    }
  }
}

/** `content/curriculum.yaml`: schema, lesson references, duplicates, a core lesson in every group. */
function checkCurriculum(
  contentDir: string,
  lessonIds: Map<string, string>,
  lessons: Map<string, LessonFrontmatter['audiences']>,
  add: Add,
) {
  const path = join(contentDir, CURRICULUM_FILE);
  if (!existsSync(path)) {
    add(path, 'file', 'thiếu tệp chương trình: bài bắt buộc của từng nhóm, quy tắc đạt, phiên bản');
    return;
  }
  const raw = safeYaml(path, add);
  if (raw === undefined) return;
  const parsed = CurriculumSchema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) add(path, i.path.join('.') || 'file', i.message);
    return;
  }
  for (const group of GROUPS) {
    const g = parsed.data.groups[group];
    if (g.core.length === 0) add(path, `groups.${group}.core`, 'nhóm cần ít nhất một bài bắt buộc');
    const seen = new Set<string>();
    for (const list of ['core', 'recommended'] as const) {
      g[list].forEach((id, i) => {
        const field = `groups.${group}.${list}.${i}`;
        if (seen.has(id)) add(path, field, `bài "${id}" đã có trong nhóm này`);
        seen.add(id);
        const audiences = lessons.get(id);
        if (!lessonIds.has(id)) add(path, field, `không có bài học với id "${id}"`);
        else if (audiences && !audiences.includes(GROUP_AUDIENCE[group])) {
          add(path, field, `bài "${id}" không dành cho đối tượng ${GROUP_AUDIENCE[group]} (xem audiences của bài)`);
        }
      });
    }
  }
}

function safeYaml(path: string, add: Add): unknown {
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch (e) {
    add(path, 'file', `YAML không hợp lệ: ${(e as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function checkImage(
  folder: string,
  file: string,
  field: string,
  src: string,
  alt: string,
  add: (f: string, field: string, m: string) => void,
) {
  if (!alt.trim()) add(file, field, `ảnh thiếu mô tả (alt): ${src}`);
  if (/^https?:/.test(src)) {
    add(file, field, `ảnh phải nằm trong thư mục img/ của module, không lấy từ mạng: ${src}`);
    return;
  }
  const path = resolve(dirname(file), src);
  if (!path.startsWith(folder)) {
    add(file, field, `ảnh phải nằm trong thư mục của module: ${src}`);
  } else if (!existsSync(path)) {
    add(file, field, `không tìm thấy ảnh: ${src}`);
  } else if (statSync(path).size > RULES.maxImageBytes) {
    add(file, field, `ảnh ${src} nặng ${Math.round(statSync(path).size / 1024)} KB, tối đa ${RULES.maxImageBytes / 1024} KB`);
  } else if (!/\.(svg|webp|png|jpe?g)$/.test(src)) {
    add(file, field, `định dạng ảnh không hỗ trợ: ${src}`);
  }
}
