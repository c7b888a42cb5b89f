import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { itemCodeFields } from '@hvs/quiz-engine';
import { PRACTICE_FILE, PRACTICE_FOLDER, PracticeSchema, type Practice } from '../practice.ts';
import { overlap, shingles, textsOf } from '../text.ts';
import { vietQrProblems } from '../vietqr.ts';
import { safeYaml, schemaMessage, type Add } from './report.ts';
import { RULES } from './rules.ts';

/** Fields that are not prose, left out when comparing practice blocks with quiz items: the items' codes and the practices'. */
const NOT_PROSE = new Set([...itemCodeFields, 'kind', 'bin', 'account']);

/** A practice file: where it is, its module, whether a lesson uses it, and its content once it parsed. */
export type PracticeEntry = { path: string; module: string; used: boolean; data?: Practice };

/** The practice files of one module: schema per kind, unique names, and the rules zod does not say. */
export function checkPractices(
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

/**
 * A practice block is printed in the lesson page with its answers: if it retells one of the lesson's
 * quiz items, the learner has seen that item answered before the quiz. Reported on the practice file,
 * at its field that shares the most with the item.
 */
export function checkNotCopied(practice: PracticeEntry, items: readonly Record<string, unknown>[], quizPath: string, add: Add) {
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
