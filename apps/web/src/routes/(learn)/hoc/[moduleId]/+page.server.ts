import { error } from '@sveltejs/kit';
import { findModule } from '$lib/server/catalog';
import { passedLessons } from '$lib/server/learner';

// Rendered per visitor, with the lessons passed ticked; no framework on the page (docs/adr/0007).
export const prerender = false;
export const csr = false;

export const load = async ({ params, fetch, cookies }) => {
  const m = findModule(params.moduleId);
  if (!m) error(404, { message: 'module not found', code: 'not_found' });
  return {
    passed: await passedLessons(fetch, cookies),
    module: {
      id: m.id,
      title: m.title,
      summary: m.summary,
      lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, summary: l.summary, minutes: l.minutes })),
    },
  };
};
