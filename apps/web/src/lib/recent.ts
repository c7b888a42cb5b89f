/** The lesson the learner last opened on this device, for "Tiếp tục học". */
const KEY = 'hvs.lastLesson.v1';

export function rememberLesson(lessonId: string) {
  try {
    localStorage.setItem(KEY, lessonId);
  } catch {
    // storage full or disabled: the server's progress still says where they are
  }
}

export function lastLesson(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}
