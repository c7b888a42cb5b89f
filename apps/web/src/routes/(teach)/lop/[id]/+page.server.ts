import { allModules } from '$lib/server/catalog';

export const load = () => ({
  modules: allModules().map((m) => ({
    id: m.id,
    title: m.title,
    lessons: m.lessons.map((l) => ({ id: l.id, title: l.title })),
  })),
});
