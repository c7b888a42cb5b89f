import { unreadItemFields } from '@hvs/quiz-engine';
import { countTextWords, countWords, textsOf } from '../text.ts';
import type { PracticeEntry } from './practice.ts';
import type { Add } from './report.ts';
import { RULES } from './rules.ts';

/**
 * Reading time: the body and the practice blocks at RULES.syllablesPerMinute, plus the drawn quiz
 * items (each its text at the same speed plus RULES.secondsPerItem). The estimate, rounded to whole
 * minutes as `minutes` is written, must be 3–7 and within RULES.minutesSlack of what the lesson states.
 */
export function checkReadingTime(
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
  const itemWords = items.map((item) => countTextWords(textsOf(item, unreadItemFields)));
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

