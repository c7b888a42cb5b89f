import type { Cookies } from '@sveltejs/kit';
import { COOKIE, type MyAssignments, type Profile, type Progress } from '@hvs/contracts';
import { LAST_LESSON_COOKIE } from '$lib/recent';

/**
 * What the learner's pages show about the person reading them, read on the server (the pages ship no
 * framework, docs/adr/0007): the lessons passed, the last lesson opened, the assignments of a pupil
 * and who is signed in. A device that never answered anything has no cookie and costs no query.
 */
const signedIn = (cookies: Cookies) => Boolean(cookies.get(COOKIE.access) || cookies.get(COOKIE.refresh));
const known = (cookies: Cookies) => signedIn(cookies) || Boolean(cookies.get(COOKIE.device));

async function json<T>(fetch: typeof globalThis.fetch, url: string): Promise<T | null> {
  try {
    const res = await fetch(url);
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

export async function passedLessons(fetch: typeof globalThis.fetch, cookies: Cookies): Promise<string[]> {
  if (!known(cookies)) return [];
  const progress = await json<Progress>(fetch, '/api/v1/progress');
  return progress?.lessons.filter((l) => l.passed).map((l) => l.lessonId) ?? [];
}

export async function myAssignments(fetch: typeof globalThis.fetch, cookies: Cookies): Promise<MyAssignments> {
  return signedIn(cookies) ? ((await json<MyAssignments>(fetch, '/api/v1/me/assignments')) ?? []) : [];
}

export async function me(
  fetch: typeof globalThis.fetch,
  cookies: Cookies,
): Promise<Pick<Profile, 'id' | 'roles'> | null> {
  if (!signedIn(cookies)) return null;
  const profile = await json<Profile>(fetch, '/api/v1/me');
  return profile ? { id: profile.id, roles: profile.roles } : null;
}

export const lastLessonOpened = (cookies: Cookies): string | null => {
  const id = cookies.get(LAST_LESSON_COOKIE);
  return id && /^[a-z0-9-]{1,80}$/.test(id) ? id : null;
};
