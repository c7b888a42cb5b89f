import { error } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { COOKIE, DEVICE_COOKIE_MAX_AGE, type PublicQuizDto } from '@hvs/contracts';
import { findLesson } from '$lib/server/catalog';

// Each visit is a new attempt: its id decides which questions are drawn and in what order.
export const prerender = false;

export const load = async ({ params, fetch, setHeaders, url, cookies }) => {
  const found = findLesson(params.lessonId);
  if (!found) error(404, { message: 'lesson not found', code: 'lesson_not_found' });
  // A guest's device gets its id with the quiz, not with its first answer: otherwise two first
  // sends at once (the offline outbox flushing while the learner taps "send again", two tabs) would
  // each be given a new guest, and the second would be refused as someone else's attempt.
  if (!cookies.get(COOKIE.device) && !cookies.get(COOKIE.access) && !cookies.get(COOKIE.refresh)) {
    cookies.set(COOKIE.device, randomUUID(), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: url.protocol === 'https:',
      maxAge: DEVICE_COOKIE_MAX_AGE,
    });
  }
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
