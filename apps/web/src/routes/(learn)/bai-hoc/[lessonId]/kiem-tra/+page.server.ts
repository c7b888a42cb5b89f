import { error } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import {
  AttemptParamsSchema,
  COOKIE,
  parseAnswerField,
  cookieAttributes,
  DEVICE_COOKIE_MAX_AGE,
  ReturnedAnswersSchema,
  type PublicQuizDto,
} from '@hvs/contracts';
import type { ItemFields } from '$lib/components/items';
import { findLesson } from '$lib/server/catalog';

/** Per item id, its fields keyed by what follows `q.<itemId>` ("" for the field itself). */
function returnedAnswers(encoded: string | null): Record<string, ItemFields> {
  if (!encoded) return {};
  let parsed;
  try {
    parsed = ReturnedAnswersSchema.safeParse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
  } catch {
    return {};
  }
  if (!parsed.success) return {};
  const out: Record<string, ItemFields> = Object.create(null);
  for (const [name, values] of parsed.data) {
    const field = parseAnswerField(name);
    if (field) (out[field.itemId] ??= Object.create(null))[field.sub] = values;
  }
  return out;
}

// Each visit is a new attempt: its id decides which questions are drawn and in what order.
export const prerender = false;
// A plain form and one small script, no framework (docs/adr/0007).
export const csr = false;

export const load = async ({ params, fetch, setHeaders, url, cookies }) => {
  const found = findLesson(params.lessonId);
  if (!found) error(404, { message: 'lesson not found', code: 'lesson_not_found' });
  // A guest's device gets its id with the quiz, not with its first answer: otherwise two first
  // sends at once (the offline outbox flushing while the learner taps "send again", two tabs) would
  // each be given a new guest, and the second would be refused as someone else's attempt.
  if (!cookies.get(COOKIE.device) && !cookies.get(COOKIE.access) && !cookies.get(COOKIE.refresh)) {
    cookies.set(COOKIE.device, randomUUID(), cookieAttributes(url.protocol === 'https:', DEVICE_COOKIE_MAX_AGE));
  }
  // Sent back after a refused form (no JavaScript): the same attempt again, with what was entered.
  const again = AttemptParamsSchema.safeParse({ id: url.searchParams.get('lan') });
  const attemptId = again.success ? again.data.id : randomUUID();
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
    initial: again.success ? returnedAnswers(url.searchParams.get('tl')) : {},
  };
};
