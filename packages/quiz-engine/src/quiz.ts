/**
 * A quiz: schema and validation, seeded selection, the public view and grading. Item-specific work is
 * delegated to the item types through the registry.
 */
import { z } from 'zod';
import type { Feedback, FormFields, IssueFn } from './items/item-type.ts';
import { ItemSchema, itemTypeNames, itemTypeOf } from './items/registry.ts';
import { rngForAttempt, shuffle, type Rng } from './rng.ts';
import { versionOf } from './version.ts';

export type QuizIssue = { path: string; message: string };

const DrawSchema = z.union([
  z.number().int('draw must be a whole number').min(1, 'draw must be at least 1'),
  z.strictObject({
    count: z.number().int('draw.count must be a whole number').min(1, 'draw.count must be at least 1'),
    coverTags: z.boolean().default(false),
  }),
]);

export const QuizSchema = z
  .strictObject({
    passMark: z
      .number()
      .min(0, 'passMark must be between 0 and 1')
      .max(1, 'passMark above 1 can never be reached'),
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
    const first = new Map<string, number>();
    quiz.items.forEach((item, i) => {
      const prev = first.get(item.id);
      if (prev === undefined) first.set(item.id, i);
      else ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate item id "${item.id}" (also items[${prev}])` });
    });
    const count = drawCount(quiz);
    const path = typeof quiz.draw === 'object' ? ['draw', 'count'] : ['draw'];
    if (count > quiz.items.length) {
      ctx.addIssue({ code: 'custom', path, message: `draw ${count} is larger than the pool of ${quiz.items.length} items` });
    }
    if (typeof quiz.draw === 'object' && quiz.draw.coverTags) {
      const tags = distinctTags(quiz.items);
      if (tags.length > quiz.draw.count) {
        ctx.addIssue({
          code: 'custom',
          path: ['draw', 'coverTags'],
          message: `cannot cover ${tags.length} distinct tags with ${quiz.draw.count} items`,
        });
      }
    }
  });

export type Quiz = z.output<typeof QuizSchema>;
export type QuizItem = Quiz['items'][number];

export class QuizValidationError extends Error {
  readonly issues: QuizIssue[];
  constructor(issues: QuizIssue[]) {
    super(`invalid quiz: ${issues.slice(0, 5).map((i) => `${i.path || '(quiz)'} — ${i.message}`).join('; ')}${issues.length > 5 ? ` (+${issues.length - 5} more)` : ''}`);
    this.name = 'QuizValidationError';
    this.issues = issues;
  }
}

export class ResponseError extends Error {
  readonly code = 'invalid_response' as const;
  readonly issues: QuizIssue[];
  constructor(issues: QuizIssue[]) {
    super(`invalid response: ${issues.slice(0, 5).map((i) => `${i.path} — ${i.message}`).join('; ')}`);
    this.name = 'ResponseError';
    this.issues = issues;
  }
}

/** "items[2].options[1].feedback" from ['items', 2, 'options', 1, 'feedback']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function toQuizIssues(error: z.ZodError): QuizIssue[] {
  const out: QuizIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatPath([...issue.path, key]), message: `unknown field "${key}"` });
    } else if (issue.code === 'invalid_union' && issue.path.at(-1) === 'type' && 'discriminator' in issue) {
      out.push({ path: formatPath(issue.path), message: `unknown item type; expected one of ${itemTypeNames.join(', ')}` });
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
 * cached by identity). Semantic checks of the quiz as a whole (duplicate item ids, draw) run once
 * every item is well-formed.
 */
export function validateQuiz(raw: unknown): { ok: true; quiz: Quiz; issues: QuizIssue[] } | { ok: false; issues: QuizIssue[] } {
  const result = QuizSchema.safeParse(raw);
  if (!result.success) return { ok: false, issues: toQuizIssues(result.error) };
  return { ok: true, quiz: deepFreeze(result.data), issues: [] };
}

export function parseQuiz(raw: unknown): Quiz {
  const result = validateQuiz(raw);
  if (!result.ok) throw new QuizValidationError(result.issues);
  return result.quiz;
}

export function quizVersion(quiz: Quiz): string {
  return versionOf(quiz);
}

function drawCount(quiz: Pick<Quiz, 'draw' | 'items'>): number {
  if (quiz.draw === undefined) return quiz.items.length;
  return typeof quiz.draw === 'number' ? quiz.draw : quiz.draw.count;
}

function distinctTags(items: readonly { tags?: string[] | undefined }[]): string[] {
  return [...new Set(items.flatMap((item) => item.tags ?? []))];
}

// ---------------------------------------------------------------------------------------------
// Selection

export type Selection = { seed: string; items: { id: string; arrangement: unknown }[] };

/** Indices of the drawn items, in authoring order. */
function drawIndices(quiz: Quiz, rng: Rng): number[] {
  const total = quiz.items.length;
  const count = Math.min(drawCount(quiz), total);
  const chosen = new Set<number>();
  if (typeof quiz.draw === 'object' && quiz.draw.coverTags) {
    // One random item per distinct tag (tags in order of first appearance), skipping tags that an
    // earlier pick already covers.
    for (const tag of distinctTags(quiz.items)) {
      if (chosen.size >= count) break;
      if ([...chosen].some((i) => quiz.items[i]?.tags?.includes(tag))) continue;
      const candidates = quiz.items.flatMap((item, i) => (item.tags?.includes(tag) && !chosen.has(i) ? [i] : []));
      chosen.add(candidates[rng.int(candidates.length)] as number);
    }
  }
  const rest = shuffle(
    quiz.items.map((_, i) => i).filter((i) => !chosen.has(i)),
    rng,
  );
  for (const i of rest) {
    if (chosen.size >= count) break;
    chosen.add(i);
  }
  return [...chosen].sort((a, b) => a - b);
}

/**
 * What an attempt shows, from the attempt id alone: which items, in which order, and each item's
 * arrangement. Order of random draws: items drawn, item order shuffled (if shuffleItems), then each
 * item's arrangement in presented order.
 */
export function selectItems(quiz: Quiz, attemptId: string): Selection {
  const { seed, rng } = rngForAttempt(attemptId);
  const drawn = drawIndices(quiz, rng);
  const order = quiz.shuffleItems ? shuffle(drawn, rng) : drawn;
  const items = order.map((i) => {
    const def = quiz.items[i] as QuizItem;
    return { id: def.id, arrangement: itemTypeOf(def.type).arrange(def, rng, quiz.shuffleOptions) };
  });
  return { seed, items };
}

function itemById(quiz: Quiz): Map<string, QuizItem> {
  return new Map(quiz.items.map((item) => [item.id, item]));
}

// ---------------------------------------------------------------------------------------------
// Public view

export type PublicItem = { id: string; type: string; prompt: string } & Record<string, unknown>;
export type PublicQuiz = { version: string; passMark: number; items: PublicItem[] };

export function publicQuiz(quiz: Quiz, attemptId: string): PublicQuiz {
  const defs = itemById(quiz);
  const items = selectItems(quiz, attemptId).items.map(({ id, arrangement }) => {
    const def = defs.get(id) as QuizItem;
    return itemTypeOf(def.type).publicView(def, arrangement) as PublicItem;
  });
  return { version: quizVersion(quiz), passMark: quiz.passMark, items };
}

// ---------------------------------------------------------------------------------------------
// Grading

export type ItemResult = {
  id: string;
  type: string;
  score: number;
  correct: boolean;
  response: unknown | null;
  explanation: string;
  feedback: Feedback[];
  solution: unknown;
};
export type AttemptGrade = { version: string; passMark: number; score: number; passed: boolean; items: ItemResult[] };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function prefixed(issues: QuizIssue[], prefix: string): IssueFn {
  return (path, message) => issues.push({ path: prefix + path, message });
}

/**
 * Grades the responses (item id → response) of an attempt. Missing or null responses score 0.
 * Throws ResponseError listing every problem when any response is malformed or does not fit what
 * the attempt showed.
 */
export function gradeAttempt(quiz: Quiz, attemptId: string, responses: Record<string, unknown>): AttemptGrade {
  if (!isPlainObject(responses)) throw new ResponseError([{ path: 'responses', message: 'expected an object of item id → response' }]);
  const selection = selectItems(quiz, attemptId);
  const defs = itemById(quiz);
  const selected = new Set(selection.items.map((s) => s.id));
  const issues: QuizIssue[] = [];
  for (const id of Object.keys(responses)) {
    if (!selected.has(id)) issues.push({ path: `responses.${id}`, message: `item "${id}" is not part of this attempt` });
  }
  const results: ItemResult[] = [];
  for (const { id, arrangement } of selection.items) {
    const def = defs.get(id) as QuizItem;
    const type = itemTypeOf(def.type);
    const raw = Object.hasOwn(responses, id) ? responses[id] : undefined;
    const base = { id, type: def.type, explanation: def.explanation, solution: type.solution(def, arrangement) };
    if (raw === undefined || raw === null) {
      results.push({ ...base, score: 0, correct: false, response: null, feedback: [] });
      continue;
    }
    const parsed = type.response.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ path: formatPath(['responses', id, ...issue.path]), message: issue.message });
      }
      continue;
    }
    const before = issues.length;
    type.checkResponse(def, arrangement, parsed.data, prefixed(issues, `responses.${id}`));
    if (issues.length > before) continue;
    const { score, feedback } = type.grade(def, arrangement, parsed.data);
    const clamped = Math.min(1, Math.max(0, score));
    results.push({ ...base, score: clamped, correct: clamped === 1, response: parsed.data, feedback });
  }
  if (issues.length > 0) throw new ResponseError(issues);
  const score = results.reduce((sum, r) => sum + r.score, 0) / Math.max(1, results.length);
  return { version: quizVersion(quiz), passMark: quiz.passMark, score, passed: score >= quiz.passMark - 1e-9, items: results };
}

/**
 * Responses from the no-JavaScript form. Only fields named `q.<itemId>` or `q.<itemId>.<sub>` for
 * items of this attempt are read; each type reads its own. Items with nothing filled in are left out.
 * Throws ResponseError when a type cannot make sense of its fields.
 */
export function responsesFromForm(quiz: Quiz, attemptId: string, form: Record<string, string[] | string>): Record<string, unknown> {
  const selection = selectItems(quiz, attemptId);
  const defs = itemById(quiz);
  const perItem = new Map<string, FormFields>(selection.items.map((s) => [s.id, Object.create(null) as FormFields]));
  for (const [name, value] of Object.entries(form)) {
    if (!name.startsWith('q.')) continue;
    const rest = name.slice(2);
    const dot = rest.indexOf('.');
    const id = dot === -1 ? rest : rest.slice(0, dot);
    const fields = perItem.get(id);
    if (fields === undefined) continue;
    fields[dot === -1 ? '' : rest.slice(dot + 1)] = Array.isArray(value) ? value.map(String) : [String(value)];
  }
  const issues: QuizIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const { id, arrangement } of selection.items) {
    const def = defs.get(id) as QuizItem;
    const response = itemTypeOf(def.type).fromForm(def, arrangement, perItem.get(id) as FormFields, prefixed(issues, `q.${id}`));
    if (response !== undefined) out[id] = response;
  }
  if (issues.length > 0) throw new ResponseError(issues);
  return out;
}
