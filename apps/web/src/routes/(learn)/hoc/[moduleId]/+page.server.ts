import { error } from '@sveltejs/kit';
import { allModuleIds, findModule } from '$lib/server/catalog';

export const prerender = true;

export const entries = () => allModuleIds().map((moduleId) => ({ moduleId }));

export const load = ({ params }) => {
  const m = findModule(params.moduleId);
  if (!m) error(404, { message: 'module not found', code: 'not_found' });
  return {
    module: {
      id: m.id,
      title: m.title,
      summary: m.summary,
      lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, summary: l.summary, minutes: l.minutes })),
    },
  };
};
