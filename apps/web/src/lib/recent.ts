/** The lesson the learner last opened on this device, for "Tiếp tục học" (read by the server). */
export const LAST_LESSON_COOKIE = 'hvs_last';

/**
 * An inline script that remembers the lesson, for pages that are prerendered and the same for everyone.
 * A cookie, not storage, so that the server renders "Tiếp tục học" (the home page ships no framework).
 * It holds a lesson id only; cookies disabled: the server's progress still says where the learner is.
 */
export function rememberScript(lessonId: string): string {
  if (!/^[a-z0-9-]+$/.test(lessonId)) throw new Error(`not a lesson id: ${lessonId}`);
  return `<script>document.cookie=${JSON.stringify(`${LAST_LESSON_COOKIE}=${lessonId};path=/;max-age=31536000;samesite=lax`)}</script>`;
}
