import { error } from '@sveltejs/kit';
import { findLesson } from '$lib/server/catalog';

export const prerender = false;

export const load = ({ params }) => {
  const found = findLesson(params.lessonId);
  if (!found) error(404, { message: 'lesson not found', code: 'lesson_not_found' });
  return {
    lesson: { id: found.lesson.id, title: found.lesson.title },
    module: { id: found.module.id, title: found.module.title },
    next: found.next ? { id: found.next.id, title: found.next.title } : null,
  };
};
