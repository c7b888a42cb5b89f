import { z } from 'zod';

/** Competence codes of Thông tư 02/2025/TT-BGDĐT plus QĐ 757's group 0 (shared/content/FRAMEWORK.md). */
export const COMPETENCE_CODES = [
  '0.1', '0.2',
  '1.1', '1.2', '1.3',
  '2.1', '2.2', '2.3', '2.4', '2.5', '2.6',
  '3.1', '3.2', '3.3', '3.4',
  '4.1', '4.2', '4.3', '4.4',
  '5.1', '5.2', '5.3', '5.4',
  '6.1', '6.2', '6.3',
] as const;

export const LEVELS = ['CB1', 'CB2', 'TC1', 'TC2', 'NC1', 'NC2', 'CS1', 'CS2'] as const;
export const AUDIENCES = ['adult', 'public_servant', 'worker', 'student'] as const;

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'chỉ dùng chữ thường không dấu, số và dấu gạch ngang');

export const ModuleFileSchema = z.strictObject({
  id: slug,
  title: z.string().min(3),
  summary: z.string().min(10),
  order: z.number().int().min(0),
  audiences: z.array(z.enum(AUDIENCES)).min(1),
  cover: z.string().optional(),
});
export type ModuleFile = z.infer<typeof ModuleFileSchema>;

export const SourceSchema = z.strictObject({
  title: z.string().min(5),
  url: z.url({ protocol: /^https$/ }).optional(),
});

const FRAMEWORK_HINT = 'xem shared/content/FRAMEWORK.md: 0.1 … 6.3';
/** A competence code of the framework, with a message that names the wrong one. */
export const CompetenceSchema = z.enum(COMPETENCE_CODES, {
  error: (issue) => `mã năng lực "${String(issue.input)}" không có trong khung năng lực số (${FRAMEWORK_HINT})`,
});
const SOURCES_NEEDED = 'cần ít nhất một nguồn (sources): văn bản hoặc trang chính thức cho mọi thông tin trong bài';

export const LessonFrontmatterSchema = z.strictObject({
  id: slug,
  title: z.string().min(3),
  summary: z.string().min(10),
  minutes: z.number().int('số phút là số nguyên').min(3, 'từ 3 đến 7 phút (đọc bài và làm bài kiểm tra)').max(7, 'từ 3 đến 7 phút (đọc bài và làm bài kiểm tra)'),
  level: z.enum(LEVELS),
  competences: z.array(CompetenceSchema).min(1, `cần ít nhất một mã năng lực (${FRAMEWORK_HINT})`),
  audiences: z.array(z.enum(AUDIENCES)).min(1),
  sources: z.array(SourceSchema, { error: SOURCES_NEEDED }).min(1, SOURCES_NEEDED),
  // YAML turns an unquoted 2026-11-22 into a Date; accept both and keep the ISO day.
  updated: z.union([z.iso.date(), z.date().transform((d) => d.toISOString().slice(0, 10))]),
});
export type LessonFrontmatter = z.infer<typeof LessonFrontmatterSchema>;
