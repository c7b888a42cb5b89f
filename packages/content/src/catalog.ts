import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { splitFrontmatter } from './frontmatter.ts';
import { LessonFrontmatterSchema, ModuleFileSchema, type LessonFrontmatter, type ModuleFile } from './schema.ts';

/** The repository's `content/` folder. */
export const defaultContentDir = fileURLToPath(new URL('../../../content', import.meta.url));

export const LESSON_FILE = /^(\d{2})-([a-z0-9-]+)\.md$/;

export type LessonMeta = LessonFrontmatter & {
  moduleId: string;
  position: number;
  /** path of the Markdown file relative to the content folder, with forward slashes */
  file: string;
  /** path of the quiz file relative to the content folder */
  quizFile: string;
};
export type ModuleMeta = ModuleFile & { lessons: LessonMeta[] };
export type Catalog = { modules: ModuleMeta[]; lessons: Map<string, LessonMeta> };

export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(`${file} › ${field} — ${message}`);
  }
}

/** Lesson folders in `lessons/`, sorted. */
export function moduleDirs(contentDir: string): string[] {
  const root = join(contentDir, 'lessons');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/**
 * Reads modules and lesson frontmatter (never quiz files) into a catalog.
 * Throws CatalogError on the first invalid file; the checker reports every problem instead.
 */
export function loadCatalog(contentDir: string = defaultContentDir): Catalog {
  const lessons = new Map<string, LessonMeta>();
  const modules: ModuleMeta[] = [];
  for (const dir of moduleDirs(contentDir)) {
    const moduleFile = join(contentDir, 'lessons', dir, 'module.yaml');
    const rel = (p: string) => relative(contentDir, p).split('\\').join('/');
    if (!existsSync(moduleFile)) throw new CatalogError(rel(moduleFile), 'file', 'thiếu module.yaml');
    const parsed = ModuleFileSchema.safeParse(parse(readFileSync(moduleFile, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new CatalogError(rel(moduleFile), issue.path.join('.') || 'file', issue.message);
    }
    const mod: ModuleMeta = { ...parsed.data, lessons: [] };
    for (const name of readdirSync(join(contentDir, 'lessons', dir)).sort()) {
      const m = LESSON_FILE.exec(name);
      if (!m) continue;
      const path = join(contentDir, 'lessons', dir, name);
      const { data } = splitFrontmatter(readFileSync(path, 'utf8'));
      const fm = LessonFrontmatterSchema.safeParse(data);
      if (!fm.success) {
        const issue = fm.error.issues[0]!;
        throw new CatalogError(rel(path), issue.path.join('.') || 'frontmatter', issue.message);
      }
      const lesson: LessonMeta = {
        ...fm.data,
        moduleId: mod.id,
        position: Number(m[1]),
        file: rel(path),
        quizFile: rel(path.replace(/\.md$/, '.quiz.yaml')),
      };
      if (lessons.has(lesson.id)) throw new CatalogError(rel(path), 'id', `trùng id "${lesson.id}"`);
      lessons.set(lesson.id, lesson);
      mod.lessons.push(lesson);
    }
    modules.push(mod);
  }
  modules.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { modules, lessons };
}
