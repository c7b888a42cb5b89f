import { error } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import type { PublicQuizDto } from '@hvs/contracts';
import { findLesson } from '$lib/server/catalog';

// Each visit is a new attempt: its id decides which questions are drawn and in what order.
export const prerender = false;

export const load = async ({ params, fetch, setHeaders, url }) => {
  const found = findLesson(params.lessonId);
  if (!found) error(404, { message: 'lesson not found', code: 'lesson_not_found' });
  const attemptId = randomUUID();
  const res = await fetch(`/api/v1/lessons/${params.lessonId}/quiz?attemptId=${attemptId}`);
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    error(res.status, { message: 'quiz unavailable', code: body.code ?? 'internal_error' });
  }
  setHeaders({ 'cache-control': 'no-store' });
  return {
    lesson: { id: found.lesson.id, title: found.lesson.title },
    quiz: (await res.json()) as PublicQuizDto,
    startedAt: new Date().toISOString(),
    // set by the API when a form posted without JavaScript was refused
    problem: url.searchParams.get('loi'),
  };
};
