import type { LessonMeta, ModuleMeta } from '@hvs/content';

/** A lesson as pages list it. */
export type LessonCard = Pick<LessonMeta, 'id' | 'title' | 'summary' | 'minutes' | 'moduleId' | 'position'>;
export type ModuleCard = Pick<ModuleMeta, 'id' | 'title' | 'summary' | 'order'> & { lessons: LessonCard[] };
