import { error, json } from '@sveltejs/kit';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DownloadManifest } from '$lib/offline/names';
import { allModules, findModule } from '$lib/server/catalog';

/**
 * What "Tải về" stores for a module, with sizes, made when the site is built (issue 16): the lesson
 * pages as prerendered, what they link to (stylesheet, script, images), and a content version that
 * is a hash of all of it, so a stored module is replaced exactly when what it stored changed. The
 * quiz pages are rendered for the learner at download (each with its own attempt id): their size is
 * estimated from the lesson's, and measured once stored.
 */
export const prerender = true;
export const entries = () => allModules().map((m) => ({ moduleId: m.id }));

export const GET = async ({ params, fetch }) => {
  const m = findModule(params.moduleId);
  if (!m) error(404, { message: 'module not found', code: 'not_found' });
  const hash = createHash('sha256');
  const files = new Map<string, number>();
  // Built assets are not served to the prerenderer's fetch: they are read where the build wrote them.
  const built = (url: string) =>
    [join('.svelte-kit/output/client', url), join('static', url)].find((f) => existsSync(f));
  const add = async (url: string) => {
    if (files.has(url)) return '';
    const res = await fetch(url);
    const file = res.ok ? null : built(url);
    if (!res.ok && !file) throw new Error(`tai-ve.json: ${url} answered ${res.status} and is not a built file`);
    const body = file ? readFileSync(file) : Buffer.from(await res.arrayBuffer());
    files.set(url, body.length);
    hash.update(url).update(body);
    return body.toString('utf8');
  };
  for (const lesson of m.lessons) {
    const page = `/bai-hoc/${lesson.id}`;
    const html = await add(page);
    // asset links of prerendered pages are relative to the page (`../_app/…`)
    for (const [, href] of html.matchAll(/(?:href|src)="((?:\.{0,2}\/)+(?:_app\/immutable|noi-dung)\/[^"?#]+)"/g))
      await add(new URL(href!, `http://page${page}`).pathname);
  }
  const lessonBytes = m.lessons.reduce((n, l) => n + (files.get(`/bai-hoc/${l.id}`) ?? 0), 0);
  const manifest: DownloadManifest = {
    id: m.id,
    title: m.title,
    version: hash.digest('base64url').slice(0, 16),
    lessons: m.lessons.map((l) => ({ id: l.id, title: l.title })),
    files: [...files].map(([url, bytes]) => ({ url, bytes })),
    // measured: a quiz page is about as large as its lesson page (items, choices, the form)
    quizPageBytes: Math.round(lessonBytes / Math.max(1, m.lessons.length)),
  };
  return json(manifest);
};
