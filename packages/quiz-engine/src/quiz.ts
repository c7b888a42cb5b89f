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

export class QuizValidationError extends Error {
  readonly issues: QuizIssue[];
  constructor(issues: QuizIssue[]) {
    super(
      `invalid quiz: ${issues
        .slice(0, 5)
        .map((i) => `${i.path || '(quiz)'} — ${i.message}`)
        .join('; ')}${issues.length > 5 ? ` (+${issues.length - 5} more)` : ''}`,
    );
    this.name = 'QuizValidationError';
    this.issues = issues;
  }
}

export class ResponseError extends Error {
  readonly code = 'invalid_response' as const;
  readonly issues: QuizIssue[];
  constructor(issues: QuizIssue[]) {
    super(
      `invalid response: ${issues
        .slice(0, 5)
        .map((i) => `${i.path} — ${i.message}`)
        .join('; ')}`,
    );
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
/** `attempts`: the quiz's attempt policy, so the page can say it before the learner starts. */
export type PublicQuiz = {
  version: string;
  passMark: number;
  attempts?: { max?: number; cooldownMinutes?: number };
  items: PublicItem[];
};

export function publicQuiz(quiz: Quiz, attemptId: string): PublicQuiz {
  const defs = itemById(quiz);
  const items = selectItems(quiz, attemptId).items.map(({ id, arrangement }) => {
    const def = defs.get(id) as QuizItem;
    return itemTypeOf(def.type).publicView(def, arrangement) as PublicItem;
  });
  return {
    version: quizVersion(quiz),
    passMark: quiz.passMark,
    ...(quiz.attempts === undefined ? {} : { attempts: quiz.attempts }),
    items,
  };
}

// ---------------------------------------------------------------------------------------------
// Grading

export type ItemResult = {
  id: string;
  type: string;
  score: number;
  correct: boolean;
  /** the response in the ids of the public view (as the learner saw it); null = not answered */
  response: unknown | null;
  explanation: string;
  feedback: Feedback[];
  solution: unknown;
  /** the item as this attempt showed it (public view), so a result can show texts, not ids */
  item: PublicItem;
};
export type AttemptGrade = {
  version: string;
  passMark: number;
  score: number;
  passed: boolean;
  items: ItemResult[];
  /** the responses in their stored form (authored ids), what an attempt record keeps */
  stored: Record<string, unknown>;
  /** the selection seed the items were drawn and arranged with (Selection.seed) */
  seed: string;
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function prefixed(issues: QuizIssue[], prefix: string): IssueFn {
  return (path, message) => issues.push({ path: prefix + path, message });
}

/** Responses not for an item of the selection. */
function strayIssues(selection: Selection, responses: Record<string, unknown>, prefix: string): QuizIssue[] {
  const selected = new Set(selection.items.map((s) => s.id));
  return Object.keys(responses)
    .filter((id) => !selected.has(id))
    .map((id) => ({ path: `${prefix}.${id}`, message: `item "${id}" is not part of this attempt` }));
}

function grade(quiz: Quiz, selection: Selection, responses: Record<string, unknown>): AttemptGrade {
  const defs = itemById(quiz);
  const issues = strayIssues(selection, responses, 'responses');
  const results: ItemResult[] = [];
  const stored: Record<string, unknown> = {};
  for (const { id, arrangement } of selection.items) {
    const def = defs.get(id) as QuizItem;
    const type = itemTypeOf(def.type);
    const raw = Object.hasOwn(responses, id) ? responses[id] : undefined;
    let response: unknown = null;
    if (raw !== undefined && raw !== null) {
      const parsed = type.response.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          issues.push({ path: formatPath(['responses', id, ...issue.path]), message: issue.message });
        continue;
      }
      const before = issues.length;
      type.checkResponse(def, arrangement, parsed.data, prefixed(issues, `responses.${id}`));
      if (issues.length > before) continue;
      response = parsed.data;
      stored[id] = type.toStored(def, arrangement, response);
    }
    const { score, feedback } = type.grade(def, arrangement, response);
    // Not clamped: a grader that leaves [0, 1] is a bug, and tests must see it.
    if (!(score >= 0 && score <= 1)) throw new Error(`grader of "${def.type}" returned ${score} for item "${id}"`);
    results.push({
      id,
      type: def.type,
      score,
      correct: score === 1,
      response,
      explanation: def.explanation,
      feedback,
      solution: type.solution(def, arrangement),
      item: type.publicView(def, arrangement) as PublicItem,
    });
  }
  if (issues.length > 0) throw new ResponseError(issues);
  const score = results.reduce((sum, r) => sum + r.score, 0) / Math.max(1, results.length);
  return {
    version: quizVersion(quiz),
    passMark: quiz.passMark,
    score,
    passed: score >= quiz.passMark - 1e-9,
    items: results,
    stored,
    seed: selection.seed,
  };
}

/**
 * Grades the responses (item id → response, in the ids of the public view) of an attempt. Missing
 * or null responses score 0. Throws ResponseError listing every problem when any response is
 * malformed or does not fit what the attempt showed.
 */
export function gradeAttempt(quiz: Quiz, attemptId: string, responses: Record<string, unknown>): AttemptGrade {
  if (!isPlainObject(responses))
    throw new ResponseError([{ path: 'responses', message: 'expected an object of item id → response' }]);
  return grade(quiz, selectItems(quiz, attemptId), responses);
}

/**
 * Stored responses (`AttemptGrade.stored`) back in the ids of the public view of the attempt.
 * Throws ResponseError when they do not fit what the attempt shows (e.g. the quiz is not the one
 * they were stored for).
 */
export function responsesFromStored(
  quiz: Quiz,
  attemptId: string,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  if (!isPlainObject(stored))
    throw new ResponseError([{ path: 'stored', message: 'expected an object of item id → response' }]);
  const selection = selectItems(quiz, attemptId);
  const defs = itemById(quiz);
  const issues = strayIssues(selection, stored, 'stored');
  const out: Record<string, unknown> = {};
  for (const { id, arrangement } of selection.items) {
    if (!Object.hasOwn(stored, id) || stored[id] === null || stored[id] === undefined) continue;
    const def = defs.get(id) as QuizItem;
    out[id] = itemTypeOf(def.type).fromStored(def, arrangement, stored[id], prefixed(issues, `stored.${id}`));
  }
  if (issues.length > 0) throw new ResponseError(issues);
  return out;
}

/** Grades an attempt again from its stored responses (to show it again, or to audit it). */
export function gradeStoredAttempt(quiz: Quiz, attemptId: string, stored: Record<string, unknown>): AttemptGrade {
  return gradeAttempt(quiz, attemptId, responsesFromStored(quiz, attemptId, stored));
}

/** Responses that score 1 for every item of the attempt, in the ids of its public view (tests, seeds, benchmarks). */
export function keyResponses(quiz: Quiz, attemptId: string): Record<string, unknown> {
  const defs = itemById(quiz);
  return Object.fromEntries(
    selectItems(quiz, attemptId).items.map(({ id, arrangement }) => {
      const def = defs.get(id) as QuizItem;
      return [id, itemTypeOf(def.type).keyResponse(def, arrangement)];
    }),
  );
}

/**
 * Responses from the no-JavaScript form. Only fields named `q.<itemId>` or `q.<itemId>.<sub>` for
 * items of this attempt are read; each type reads its own. Items with nothing filled in are left out.
 * Throws ResponseError only for fields the page could not have produced (e.g. two values for a
 * single choice); what a person can enter is graded, as wrong when it is wrong.
 */
export function responsesFromForm(
  quiz: Quiz,
  attemptId: string,
  form: Readonly<Record<string, readonly string[] | string>>,
): Record<string, unknown> {
  const selection = selectItems(quiz, attemptId);
  const defs = itemById(quiz);
  const perItem = new Map<string, FormFields>(selection.items.map((s) => [s.id, Object.create(null) as FormFields]));
  for (const name of Object.keys(form)) {
    if (!name.startsWith('q.')) continue;
    const value = form[name] as readonly string[] | string;
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
    const response = itemTypeOf(def.type).fromForm(
      def,
      arrangement,
      perItem.get(id) as FormFields,
      prefixed(issues, `q.${id}`),
    );
    if (response !== undefined) out[id] = response;
  }
  if (issues.length > 0) throw new ResponseError(issues);
  return out;
}
