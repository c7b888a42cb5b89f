import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { validateQuiz, type QuizIssue } from '@hvs/quiz-engine';
import { LESSON_FILE, moduleDirs } from './catalog.ts';
import { splitFrontmatter } from './frontmatter.ts';
import { COMPETENCE_CODES, LessonFrontmatterSchema, ModuleFileSchema, type LessonFrontmatter } from './schema.ts';
import { PRACTICE_FILE, PRACTICE_FOLDER, PRACTICE_IMPORT, PRACTICE_TAG, PracticeSchema, practiceTagName, type Practice } from './practice.ts';
import { CURRICULUM_FILE, CurriculumSchema, GROUP_AUDIENCE, GROUPS } from './curriculum.ts';
import { countTextWords, countWords, overlap, shingles, textsOf } from './text.ts';
import { vietQrProblems } from './vietqr.ts';
import { checkAnswerLength } from './answer-length.ts';

export { countWords } from './text.ts';

export type ContentIssue = { file: string; field: string; message: string };

export const formatIssue = (i: ContentIssue) => `${i.file} › ${i.field} — ${i.message}`;

/** Limits the content must keep (docs/content-format.md, shared/content/GUIDE.md). */
export const RULES = {
  minPool: 8,
  minItemTypes: 2,
  minDraw: 5,
  maxDraw: 8,
  maxImageBytes: 30 * 1024,
  minMinutes: 3,
  maxMinutes: 7,
  // Reading speed, in syllables (tiếng: one per space-separated Vietnamese word) a minute. Measured
  // young adults read aloud 370 ± 80 syllables a minute on average over 17 languages (IReST,
  // Trauzettel-Klosinski & Dietz 2012, IOVS 53:5452); adults read slower with age and less practice
  // (Brysbaert 2019, J. Mem. Lang. 109). Our readers are adults new to screens, on a small phone,
  // following steps: we assume a bit over half of the IReST mean. This is the platform's assumption,
  // not a measurement of Vietnamese readers.
  syllablesPerMinute: 200,
  // A quiz item: its prompt, choices and explanation read at the same speed, plus this long to
  // decide, tap and read the feedback line of the answer.
  secondsPerItem: 10,
  // How far the stated `minutes` may be from the estimate.
  minutesSlack: 2,
  // Practice blocks vs the lesson's quiz items, compared as sets of 3-syllable runs (about one and a
  // half Vietnamese words). On the curriculum as of commit 413a5ea, a practice block and a quiz item
  // that tell different stories share at most 15% of the smaller one's runs, even on the same topic
  // and in the same lesson; a scam message rewritten from a quiz item with the same warning signs
  // shares 25–38%. The threshold sits between; the floor of shared runs keeps two short texts that
  // happen to share a few stock phrases ("mã OTP", "số tài khoản") from counting as a copy.
  shingleSize: 3,
  maxPracticeOverlap: 0.2,
  minSharedShingles: 10,
} as const;

const IMAGE = /!\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const LINK = /(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const HTML_IMG = /<img\b[^>]*>/gi;
const HTML_ATTR = /\b([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/** Item fields a learner never reads while answering: ids, answer keys, and the feedback (counted in secondsPerItem). */
const UNREAD_ITEM_FIELDS = new Set(['id', 'type', 'context', 'tags', 'accept', 'wrong', 'feedback', 'feedbackTrue', 'feedbackFalse', 'feedbackWrong']);
/** Fields that are not prose, left out when comparing practice blocks with quiz items. */
const NOT_PROSE = new Set(['id', 'type', 'kind', 'context', 'tags', 'bin', 'account']);

type PracticeEntry = { path: string; module: string; used: boolean; data?: Practice };

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
  practices: Map<string, PracticeEntry>,
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
    const entry: PracticeEntry = { path, module: moduleId, used: false };
    if (other) add(path, 'file', `trùng tên bài luyện tập với ${rel(other.path)} (tên phải khác nhau trong toàn bộ nội dung)`);
    else practices.set(m[1]!, entry);
    const raw = safeYaml(path, add);
    if (raw === undefined) continue;
    const parsed = PracticeSchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) add(path, i.path.join('.') || 'file', schemaMessage(i));
      continue;
    }
    const practice = parsed.data;
    entry.data = practice;
    if (practice.kind === 'spot') {
      if (!practice.segments.some((s) => s.redFlag)) add(path, 'segments', 'cần ít nhất một đoạn là dấu hiệu lừa đảo (redFlag: true)');
      practice.segments.forEach((s, i) => {
        if (!s.why?.trim()) add(path, `segments.${i}.why`, 'mỗi đoạn cần lời giải thích (why): vì sao nó là, hoặc không là, dấu hiệu lừa đảo');
      });
    } else {
      const bin = practice.code.bin;
      if (!practice.banks.some((b) => b.bin === bin)) add(path, 'code.bin', `mã ngân hàng ${bin} chưa có tên trong banks`);
      // The page builds the payload from `code` and reads it back; a code that does not survive that
      // would only show "Mã này không đọc được" to the learner.
      for (const p of vietQrProblems(practice.code)) add(path, p.field === 'file' ? 'code' : `code.${p.field}`, p.message);
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
    for (const i of parsed.error.issues) add(path, i.path.join('.') || 'file', schemaMessage(i));
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

function checkImage(folder: string, file: string, field: string, src: string, alt: string, add: Add, tag?: string) {
  if (!alt.trim()) add(file, field, `ảnh thiếu mô tả (alt): ${src || tag}`);
  if (!src.trim()) {
    add(file, field, `ảnh thiếu đường dẫn (src): ${tag}`);
    return;
  }
  if (/^https?:/.test(src)) {
    add(file, field, `ảnh phải nằm trong thư mục img/ của module, không lấy từ mạng: ${src}`);
    return;
  }
  const path = resolve(dirname(file), src);
  // Containment by path, not by prefix: "an-toan-x/img/…" starts with "an-toan" but is another folder.
  const inside = relative(join(folder, 'img'), path);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    add(file, field, `ảnh phải nằm trong thư mục img/ của module: ${src}`);
  } else if (!existsSync(path)) {
    add(file, field, `không tìm thấy ảnh: ${src}`);
  } else if (statSync(path).size > RULES.maxImageBytes) {
    add(file, field, `ảnh ${src} nặng ${Math.round(statSync(path).size / 1024)} KB, tối đa ${RULES.maxImageBytes / 1024} KB`);
  } else if (!/\.(svg|webp|png|jpe?g)$/.test(src)) {
    add(file, field, `định dạng ảnh không hỗ trợ: ${src}`);
  }
}

/** The parts of a quiz file the pool and reading-time rules need, read even when the quiz is invalid. */
type QuizShape = { items: Record<string, unknown>[]; draw: unknown };

function quizShape(raw: unknown): QuizShape {
  const obj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const items = Array.isArray(obj.items) ? obj.items.filter((i): i is Record<string, unknown> => i !== null && typeof i === 'object') : [];
  return { items, draw: obj.draw };
}

/** Pool size, item types, draw 5–8 and item tags. Returns how many items an attempt shows. */
function checkPool(quizPath: string, { items, draw }: QuizShape, add: Add): number {
  const pool = items.length;
  if (pool < RULES.minPool) add(quizPath, 'items', `ngân hàng câu hỏi cần ít nhất ${RULES.minPool} câu, đang có ${pool}`);
  const types = new Set(items.map((i) => i.type).filter((t) => typeof t === 'string'));
  if (types.size < RULES.minItemTypes) add(quizPath, 'items', `cần ít nhất ${RULES.minItemTypes} dạng câu hỏi, đang có ${types.size}`);

  const range = `${RULES.minDraw}–${RULES.maxDraw}`;
  let count: number | undefined;
  if (draw === undefined) {
    count = pool;
    if (pool > RULES.maxDraw) add(quizPath, 'draw', `không ghi draw nên mỗi lượt hỏi cả ${pool} câu; ghi draw từ ${range}`);
  } else {
    const written = typeof draw === 'object' && draw !== null ? (draw as { count?: unknown }).count : draw;
    const field = typeof draw === 'object' ? 'draw.count' : 'draw';
    if (typeof written === 'number') {
      count = Math.min(written, pool);
      if (written < RULES.minDraw || written > RULES.maxDraw) add(quizPath, field, `mỗi lượt cần ${range} câu hỏi, đang ghi ${written}`);
    }
  }

  items.forEach((item, i) => {
    if (!Array.isArray(item.tags)) return;
    item.tags.forEach((tag, j) => {
      if (typeof tag === 'string' && !(COMPETENCE_CODES as readonly string[]).includes(tag)) {
        add(quizPath, `items[${i}].tags[${j}]`, `mã năng lực "${tag}" không có trong khung năng lực số (xem shared/content/FRAMEWORK.md: 0.1 … 6.3)`);
      }
    });
  });
  return count ?? 0;
}

/** zod's own message for an absent required field is English and technical; say it plainly. */
function schemaMessage(issue: { path: PropertyKey[]; message: string }): string {
  const key = issue.path.at(-1);
  if (/received undefined$/.test(issue.message) && key !== undefined) return `thiếu trường bắt buộc "${String(key)}"`;
  return issue.message;
}

/** The engine's messages, with the two rules authors meet most often said in the checker's words. */
function quizMessage(issue: QuizIssue): string {
  const key = /([A-Za-z]+)$/.exec(issue.path)?.[1] ?? '';
  // zod's message for a required field that is absent
  const missing = /received undefined$/.test(issue.message);
  const blank = /must not be empty$/.test(issue.message);
  if (key === 'explanation' && (missing || blank)) return 'mỗi câu hỏi cần lời giải thích (explanation) dạy lại ý chính trong một hai câu';
  if (key.startsWith('feedback') && (missing || blank)) return 'mỗi lựa chọn cần lời phản hồi (feedback): vì sao nó đúng hoặc chưa đúng';
  if (missing) return `thiếu trường bắt buộc "${key}"`;
  return issue.message;
}

/**
 * Reading time: the body and the practice blocks at RULES.syllablesPerMinute, plus the drawn quiz
 * items (each its text at the same speed plus RULES.secondsPerItem). The estimate, rounded to whole
 * minutes as `minutes` is written, must be 3–7 and within RULES.minutesSlack of what the lesson states.
 */
function checkReadingTime(
  path: string,
  body: string,
  practices: readonly PracticeEntry[],
  items: readonly Record<string, unknown>[],
  drawn: number,
  stated: number | undefined,
  add: Add,
) {
  const speed = RULES.syllablesPerMinute;
  const words = countWords(body);
  const practiceWords = practices.reduce((n, p) => n + countTextWords(textsOf(p.data, new Set(['kind', 'context']))), 0);
  const itemWords = items.map((item) => countTextWords(textsOf(item, UNREAD_ITEM_FIELDS)));
  const perItem = itemWords.length === 0 ? 0 : itemWords.reduce((a, b) => a + b, 0) / itemWords.length / speed + RULES.secondsPerItem / 60;
  const estimate = (words + practiceWords) / speed + drawn * perItem;
  const shown = estimate.toFixed(1);
  const detail = `${words} tiếng trong bài${practiceWords ? `, ${practiceWords} tiếng luyện tập` : ''}, ${drawn} câu hỏi mỗi lượt`;
  if (Math.round(estimate) > RULES.maxMinutes) {
    add(path, 'minutes', `ước tính ${shown} phút (${detail}), quá ${RULES.maxMinutes} phút: rút gọn bài hoặc bớt câu hỏi mỗi lượt (draw)`);
  } else if (Math.round(estimate) < RULES.minMinutes) {
    add(path, 'minutes', `ước tính ${shown} phút (${detail}), chưa tới ${RULES.minMinutes} phút: bài cần đủ nội dung và bài kiểm tra`);
  }
  if (stated !== undefined && Math.abs(estimate - stated) > RULES.minutesSlack) {
    add(path, 'minutes', `ghi ${stated} phút nhưng ước tính ${shown} phút (${detail})`);
  }
}

/**
 * A practice block is printed in the lesson page with its answers: if it retells one of the lesson's
 * quiz items, the learner has seen that item answered before the quiz. Reported on the practice file,
 * at its field that shares the most with the item.
 */
function checkNotCopied(practice: PracticeEntry, items: readonly Record<string, unknown>[], quizPath: string, add: Add) {
  const n = RULES.shingleSize;
  const data = practice.data as Record<string, unknown>;
  const own = shingles(textsOf(data, NOT_PROSE), n);
  items.forEach((item, i) => {
    const theirs = shingles(textsOf(item, NOT_PROSE), n);
    const { shared, ratio } = overlap(own, theirs);
    if (ratio < RULES.maxPracticeOverlap || shared < RULES.minSharedShingles) return;
    const field = Object.keys(data)
      .map((key) => ({ key, shared: overlap(shingles(textsOf(data[key], NOT_PROSE), n), theirs).shared }))
      .sort((a, b) => b.shared - a.shared)[0]!.key;
    const id = typeof item.id === 'string' ? item.id : `items[${i}]`;
    add(
      practice.path,
      field,
      `giống câu hỏi ${id} của ${basename(quizPath)} (${Math.round(ratio * 100)}% cụm ${n} tiếng trùng nhau, ngưỡng ${RULES.maxPracticeOverlap * 100}%): phần luyện tập in cả đáp án ra trang bài học, người học sẽ thấy trước đáp án của câu này; hãy viết một tình huống khác`,
    );
  });
}
