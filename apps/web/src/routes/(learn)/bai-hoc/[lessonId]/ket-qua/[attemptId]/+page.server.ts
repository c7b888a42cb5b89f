import { error } from '@sveltejs/kit';
import type { AttemptResult } from '@hvs/contracts';
import { findLesson } from '$lib/server/catalog';

export const prerender = false;
// Rendered from the server's record of the attempt; no framework on the page (docs/adr/0007).
export const csr = false;

export const load = async ({ params, fetch, setHeaders }) => {
  const found = findLesson(params.lessonId);
  if (!found) error(404, { message: 'lesson not found', code: 'lesson_not_found' });
  const res = await fetch(`/api/v1/attempts/${encodeURIComponent(params.attemptId)}`).catch(() => null);
  if (!res?.ok) {
    const code = ((await res?.json().catch(() => ({}))) as { code?: string } | undefined)?.code;
    error(res?.status ?? 503, { message: 'attempt unavailable', code: code ?? 'internal_error' });
  }
  setHeaders({ 'cache-control': 'private, no-store' });
  return {
    lesson: { id: found.lesson.id, title: found.lesson.title },
    module: { id: found.module.id, title: found.module.title },
    next: found.next ? { id: found.next.id, title: found.next.title } : null,
    result: (await res.json()) as AttemptResult,
  };
};
