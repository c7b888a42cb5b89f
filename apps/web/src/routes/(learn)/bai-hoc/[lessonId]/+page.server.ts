import { error } from '@sveltejs/kit';
import { allLessonIds, findLesson } from '$lib/server/catalog';

export const prerender = true;
// A lesson is reading: it ships as HTML and CSS only, with no client JavaScript (a phone on slow data
// gets it in a few KB). The quiz page that follows is where the app's JavaScript loads.
export const csr = false;

export const entries = () => allLessonIds().map((lessonId) => ({ lessonId }));

export const load = ({ params }) => {
  const found = findLesson(params.lessonId);
  if (!found) error(404, { message: 'lesson not found', code: 'lesson_not_found' });
  const { lesson, module } = found;
  return {
    lesson: {
      id: lesson.id,
      file: lesson.file,
      title: lesson.title,
      summary: lesson.summary,
      minutes: lesson.minutes,
      level: lesson.level,
      sources: lesson.sources,
      updated: lesson.updated,
    },
    module: { id: module.id, title: module.title },
  };
};
