import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { CatalogError, defaultContentDir } from './catalog.ts';
import { AUDIENCES } from './schema.ts';

export const CURRICULUM_FILE = 'curriculum.yaml';

/** Target groups of the movement; students by school level. */
export const GROUPS = [
  'adult',
  'public_servant',
  'worker',
  'student_primary',
  'student_lower_secondary',
  'student_upper_secondary',
  'student_higher',
] as const;
export type GroupId = (typeof GROUPS)[number];

/** The lesson audience (frontmatter `audiences`) that a group belongs to. */
export const GROUP_AUDIENCE: Record<GroupId, (typeof AUDIENCES)[number]> = {
  adult: 'adult',
  public_servant: 'public_servant',
  worker: 'worker',
  student_primary: 'student',
  student_lower_secondary: 'student',
  student_upper_secondary: 'student',
  student_higher: 'student',
};

const lessonId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id bài học: chữ thường không dấu, số và dấu gạch ngang');

export const CurriculumGroupSchema = z.strictObject({
  title: z.string().min(3),
  /** lessons whose quizzes must be passed ("đạt phổ cập tri thức số" on this platform) */
  core: z.array(lessonId),
  /** lessons suggested, not required */
  recommended: z.array(lessonId).default([]),
});

export const CurriculumSchema = z.strictObject({
  // YYYY.MM; a second version in the same month takes a suffix, YYYY.MM.N (N from 2).
  version: z.string().regex(/^\d{4}\.\d{2}(?:\.(?:[2-9]|[1-9]\d+))?$/, 'dạng YYYY.MM, hoặc YYYY.MM.N cho lần đổi thứ N trong tháng: ví dụ "2026.11", "2026.12.2"'),
  // YAML turns an unquoted 2026-11-22 into a Date; accept both and keep the ISO day.
  effective: z.union([z.iso.date(), z.date().transform((d) => d.toISOString().slice(0, 10))]),
  passRule: z.strictObject({
    /** share of the quiz's maximum score, best attempt, for every core lesson */
    minScore: z.number().gt(0).max(1),
    attempt: z.literal('best').default('best'),
    /** what the certificate prints */
    text: z.string().min(10),
    /** why this is the platform's own rule */
    note: z.string().min(10),
  }),
  groups: z.strictObject(Object.fromEntries(GROUPS.map((g) => [g, CurriculumGroupSchema])) as Record<GroupId, typeof CurriculumGroupSchema>),
});
export type Curriculum = z.infer<typeof CurriculumSchema>;
export type CurriculumGroup = z.infer<typeof CurriculumGroupSchema>;

/** Reads `content/curriculum.yaml`. Throws CatalogError if it is missing or invalid; the checker reports every problem. */
export function loadCurriculum(contentDir: string = defaultContentDir): Curriculum {
  const path = join(contentDir, CURRICULUM_FILE);
  if (!existsSync(path)) throw new CatalogError(CURRICULUM_FILE, 'file', 'thiếu tệp chương trình');
  const parsed = CurriculumSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CatalogError(CURRICULUM_FILE, issue.path.join('.') || 'file', issue.message);
  }
  return parsed.data;
}
