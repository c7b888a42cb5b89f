import type { QuizIssue } from '@hvs/quiz-engine';
import { COMPETENCE_CODES } from '../schema.ts';
import type { Add } from './report.ts';
import { RULES } from './rules.ts';

/** The parts of a quiz file the pool and reading-time rules need, read even when the quiz is invalid. */
export type QuizShape = { items: Record<string, unknown>[]; draw: unknown };

export function quizShape(raw: unknown): QuizShape {
  const obj = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const items = Array.isArray(obj.items) ? obj.items.filter((i): i is Record<string, unknown> => i !== null && typeof i === 'object') : [];
  return { items, draw: obj.draw };
}

/** Pool size, item types, draw 5–8 and item tags. Returns how many items an attempt shows. */
export function checkPool(quizPath: string, { items, draw }: QuizShape, add: Add): number {
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

/** The engine's messages, with the two rules authors meet most often said in the checker's words. */
export function quizMessage(issue: QuizIssue): string {
  const key = /([A-Za-z]+)$/.exec(issue.path)?.[1] ?? '';
  // zod's message for a required field that is absent
  const missing = /received undefined$/.test(issue.message);
  const blank = /must not be empty$/.test(issue.message);
  if (key === 'explanation' && (missing || blank)) return 'mỗi câu hỏi cần lời giải thích (explanation) dạy lại ý chính trong một hai câu';
  if (key.startsWith('feedback') && (missing || blank)) return 'mỗi lựa chọn cần lời phản hồi (feedback): vì sao nó đúng hoặc chưa đúng';
  if (missing) return `thiếu trường bắt buộc "${key}"`;
  return issue.message;
}

