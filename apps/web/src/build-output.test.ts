import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { defaultContentDir, loadCatalog } from '@hvs/content';

// The web build is what any browser can download (and what its server code holds). Quiz keys and
// explanations live only in the API; this test fails if any of them reached the build.
const buildDir = fileURLToPath(new URL('../build', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    // .gz and .br are compressed copies of the files beside them
    return /\.(gz|br)$/.test(name) ? [] : [p];
  });
}

/**
 * Every text in a quiz file that only the server may know: feedback (of options, pairs, segments,
 * true/false, numbers), explanations, accepted answers and the known wrong answers of text items.
 */
function secrets(node: unknown, key = ''): string[] {
  if (typeof node === 'string') {
    const secret = /^(feedback\w*|explanation|answer)$/.test(key) || key === 'accept[]';
    return secret && node.length >= 12 ? [node] : [];
  }
  if (Array.isArray(node)) return node.flatMap((v) => secrets(v, key === 'accept' ? 'accept[]' : ''));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => secrets(v, k));
  return [];
}

describe('the web build', () => {
  const catalog = loadCatalog(defaultContentDir);
  // A lesson may say in its own words what an explanation repeats (that is its job); such a text is
  // public already. Everything else from a quiz file must be absent.
  const lessonTexts = [...catalog.lessons.values()]
    .map((l) => readFileSync(join(defaultContentDir, l.file), 'utf8'))
    .join('\n');
  const quizTexts = [...catalog.lessons.values()]
    .flatMap((l) =>
      secrets(parse(readFileSync(join(defaultContentDir, l.quizFile), 'utf8'))).map((text) => ({ lesson: l.id, text })),
    )
    .filter((s) => !lessonTexts.includes(s.text));

  it('exists (run `pnpm build` first) and holds every lesson page', () => {
    expect(existsSync(buildDir)).toBe(true);
    const all = files(buildDir).join('\n');
    for (const id of catalog.lessons.keys()) expect(all).toContain(`/bai-hoc/${id}.html`);
  });

  it('contains no quiz feedback, explanation, accepted answer or key field', () => {
    expect(quizTexts.length).toBeGreaterThan(100);
    const leaks: string[] = [];
    for (const file of files(buildDir)) {
      const text = readFileSync(file, 'utf8');
      for (const s of quizTexts) if (text.includes(s.text)) leaks.push(`${file}: ${s.lesson}: ${s.text.slice(0, 60)}`);
      for (const marker of [
        '"correct":true',
        'correct:true',
        'correct: true',
        '"suspicious":true',
        'suspicious:true',
        'suspicious: true',
        'feedbackTrue',
        'feedbackWrong',
      ]) {
        if (text.includes(marker)) leaks.push(`${file}: ${marker}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
