import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseQuiz, quizVersion, type Quiz } from '@hvs/quiz-engine';
import type { Catalog } from './catalog.ts';

export type LoadedQuiz = { lessonId: string; quiz: Quiz; version: string };

/**
 * Server-only: reads every lesson's quiz, with its keys. Never import this from code that runs in,
 * or is bundled for, the browser.
 */
export function loadQuizzes(catalog: Catalog, contentDir: string): Map<string, LoadedQuiz> {
  const out = new Map<string, LoadedQuiz>();
  for (const lesson of catalog.lessons.values()) {
    const raw = parse(readFileSync(join(contentDir, lesson.quizFile), 'utf8'));
    const quiz = parseQuiz(raw);
    out.set(lesson.id, { lessonId: lesson.id, quiz, version: quizVersion(quiz) });
  }
  return out;
}
