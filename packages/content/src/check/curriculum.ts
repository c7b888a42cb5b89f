import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CURRICULUM_FILE, CurriculumSchema, GROUP_AUDIENCE, GROUPS } from '../curriculum.ts';
import type { LessonFrontmatter } from '../schema.ts';
import { safeYaml, schemaMessage, type Add } from './report.ts';

/** `content/curriculum.yaml`: schema, lesson references, duplicates, a core lesson in every group. */
export function checkCurriculum(
  contentDir: string,
  lessonIds: Map<string, string>,
  lessons: Map<string, LessonFrontmatter['audiences']>,
  add: Add,
) {
  const path = join(contentDir, CURRICULUM_FILE);
  if (!existsSync(path)) {
    add(path, 'file', 'thiếu tệp chương trình: bài bắt buộc của từng nhóm, quy tắc đạt, phiên bản');
    return;
  }
  const raw = safeYaml(path, add);
  if (raw === undefined) return;
  const parsed = CurriculumSchema.safeParse(raw);
  if (!parsed.success) {
    for (const i of parsed.error.issues) add(path, i.path.join('.') || 'file', schemaMessage(i));
    return;
  }
  for (const group of GROUPS) {
    const g = parsed.data.groups[group];
    if (g.core.length === 0) add(path, `groups.${group}.core`, 'nhóm cần ít nhất một bài bắt buộc');
    const seen = new Set<string>();
    for (const list of ['core', 'recommended'] as const) {
      g[list].forEach((id, i) => {
        const field = `groups.${group}.${list}.${i}`;
        if (seen.has(id)) add(path, field, `bài "${id}" đã có trong nhóm này`);
        seen.add(id);
        const audiences = lessons.get(id);
        if (!lessonIds.has(id)) add(path, field, `không có bài học với id "${id}"`);
        else if (audiences && !audiences.includes(GROUP_AUDIENCE[group])) {
          add(path, field, `bài "${id}" không dành cho đối tượng ${GROUP_AUDIENCE[group]} (xem audiences của bài)`);
        }
      });
    }
  }
}

