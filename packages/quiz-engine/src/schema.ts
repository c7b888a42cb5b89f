/**
 * What a quiz is: its schema, the checks of the quiz as a whole, and validation with precise paths.
 * Item-specific rules live with the item types (items/<type>/); this file only looks them up.
 */
import { z } from 'zod';
import { formatPath, QuizValidationError, type QuizIssue } from './issues.ts';
import { ItemSchema, itemTypeNames } from './items/registry.ts';
import { versionOf } from './version.ts';

type LooseItem = { id?: unknown; tags?: unknown };
const tagsOf = (item: LooseItem): string[] =>
  Array.isArray(item.tags) ? item.tags.filter((t): t is string => typeof t === 'string') : [];

/**
 * Checks of the quiz as a whole: duplicate item ids, draw against the pool, coverTags against draw.
 * Written over loosely shaped items so that they also run, and are reported together with item
 * issues, when some items do not validate.
 */
function quizLevelIssues(quiz: {
  draw?: z.output<typeof DrawSchema> | undefined;
  items: readonly LooseItem[];
}): { path: PropertyKey[]; message: string }[] {
  const out: { path: PropertyKey[]; message: string }[] = [];
  const first = new Map<string, number>();
  quiz.items.forEach((item, i) => {
    if (typeof item.id !== 'string') return;
    const prev = first.get(item.id);
    if (prev === undefined) first.set(item.id, i);
    else out.push({ path: ['items', i, 'id'], message: `duplicate item id "${item.id}" (also items[${prev}])` });
  });
  const count =
    quiz.draw === undefined ? quiz.items.length : typeof quiz.draw === 'number' ? quiz.draw : quiz.draw.count;
  const path = typeof quiz.draw === 'object' ? ['draw', 'count'] : ['draw'];
  if (count > quiz.items.length)
    out.push({ path, message: `draw ${count} is larger than the pool of ${quiz.items.length} items` });
  if (typeof quiz.draw === 'object' && quiz.draw.coverTags) {
    const tags = new Set(quiz.items.flatMap(tagsOf)).size;
    if (tags > quiz.draw.count)
      out.push({
        path: ['draw', 'coverTags'],
        message: `cannot cover ${tags} distinct tags with ${quiz.draw.count} items`,
      });
  }
  return out;
}

const DrawSchema = z.union([
  z.number().int('draw must be a whole number').min(1, 'draw must be at least 1'),
  z.strictObject({
    count: z.number().int('draw.count must be a whole number').min(1, 'draw.count must be at least 1'),
    coverTags: z.boolean().default(false),
  }),
]);

export const QuizSchema = z
  .strictObject({
    passMark: z.number().min(0, 'passMark must be between 0 and 1').max(1, 'passMark above 1 can never be reached'),
    draw: DrawSchema.optional(),
    shuffleItems: z.boolean().default(true),
    shuffleOptions: z.boolean().default(true),
    attempts: z
      .strictObject({
        max: z.number().int().min(1, 'attempts.max must be at least 1').optional(),
        cooldownMinutes: z.number().min(0, 'attempts.cooldownMinutes must not be negative').optional(),
      })
      .optional(),
    items: z.array(ItemSchema).min(1, 'a quiz needs at least one item'),
  })
  .superRefine((quiz, ctx) => {
    for (const issue of quizLevelIssues(quiz))
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

export type Quiz = z.output<typeof QuizSchema>;
export type QuizItem = Quiz['items'][number];

function toQuizIssues(error: z.ZodError): QuizIssue[] {
  const out: QuizIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ path: formatPath([...issue.path, key]), message: `unknown field "${key}"` });
    } else if (issue.code === 'invalid_union' && issue.path.at(-1) === 'type' && 'discriminator' in issue) {
      out.push({
        path: formatPath(issue.path),
        message: `unknown item type; expected one of ${itemTypeNames.join(', ')}`,
      });
    } else {
      out.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Schema and semantic checks with precise paths. The returned quiz is deeply frozen (its version is
 * cached by identity). Checks of the quiz as a whole (duplicate item ids, draw) are reported with
 * the item issues, also when some items are broken.
 */
export function validateQuiz(
  raw: unknown,
): { ok: true; quiz: Quiz; issues: QuizIssue[] } | { ok: false; issues: QuizIssue[] } {
  const result = QuizSchema.safeParse(raw);
  if (result.success) return { ok: true, quiz: deepFreeze(result.data), issues: [] };
  const issues = toQuizIssues(result.error);
  // zod skips the quiz-level refinement when anything inside is invalid: run it on what is there.
  const loose = z
    .looseObject({ draw: DrawSchema.optional().catch(undefined), items: z.array(z.looseObject({})) })
    .safeParse(raw);
  if (loose.success) {
    const seen = new Set(issues.map((i) => `${i.path}\n${i.message}`));
    for (const issue of quizLevelIssues(loose.data as { draw?: z.output<typeof DrawSchema>; items: LooseItem[] })) {
      const q = { path: formatPath(issue.path), message: issue.message };
      if (!seen.has(`${q.path}\n${q.message}`)) issues.push(q);
    }
  }
  return { ok: false, issues };
}

export function parseQuiz(raw: unknown): Quiz {
  const result = validateQuiz(raw);
  if (!result.ok) throw new QuizValidationError(result.issues);
  return result.quiz;
}

export function quizVersion(quiz: Quiz): string {
  return versionOf(quiz);
}
