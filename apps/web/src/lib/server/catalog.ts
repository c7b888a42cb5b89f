import { modules } from 'virtual:hvs-catalog';
import type { LessonMeta, ModuleMeta } from '@hvs/content';
import type { LessonCard, ModuleCard } from '$lib/catalog-types';

const card = (l: LessonMeta): LessonCard => ({
  id: l.id,
  title: l.title,
  summary: l.summary,
  minutes: l.minutes,
  moduleId: l.moduleId,
  position: l.position,
});

export function allModules(): ModuleCard[] {
  return modules.map((m) => ({
    id: m.id,
    title: m.title,
    summary: m.summary,
    order: m.order,
    lessons: m.lessons.map(card),
  }));
}

export function findModule(id: string): ModuleMeta | undefined {
  return modules.find((m) => m.id === id);
}

export function findLesson(
  id: string,
): { lesson: LessonMeta; module: ModuleMeta; next: LessonCard | null } | undefined {
  for (const module of modules) {
    const i = module.lessons.findIndex((l) => l.id === id);
    if (i >= 0) {
      const next = module.lessons[i + 1];
      return { lesson: module.lessons[i]!, module, next: next ? card(next) : null };
    }
  }
  return undefined;
}

export const allLessonIds = () => modules.flatMap((m) => m.lessons.map((l) => l.id));
