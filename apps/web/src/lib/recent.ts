/** The lesson the learner last opened on this device, for "Tiếp tục học". */
const KEY = 'hvs.lastLesson.v1';

/**
 * An inline script that remembers the lesson, for pages that ship without client JavaScript.
 * Storage may be full or disabled: then the server's progress still says where the learner is.
 */
export function rememberScript(lessonId: string): string {
  if (!/^[a-z0-9-]+$/.test(lessonId)) throw new Error(`not a lesson id: ${lessonId}`);
  return `<script>try{localStorage.setItem(${JSON.stringify(KEY)},${JSON.stringify(lessonId)})}catch(e){}</script>`;
}

export function lastLesson(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}
