/** Building blocks shared by item types (fields and checks that are the same everywhere). */
import { z } from 'zod';
import type { AnswerWords, FormFields, IssueFn } from './item-type.ts';

export const ItemIdSchema = z
  .string()
  .regex(/^[a-z0-9_-]+$/, 'id must be non-empty and use only a-z, 0-9, "-" and "_"');

/** Ids of options, steps, pairs, segments: they end up in form field names, so no dots or spaces. */
export const ChildIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, 'id must be non-empty and use only letters, digits, "-" and "_"');

export const TextSchema = z.string().refine((s) => s.trim().length > 0, 'must not be empty');
export const FeedbackSchema = z.string().refine((s) => s.trim().length > 0, 'feedback must not be empty');

/** Fields every item has. Spread into each type's z.strictObject. */
export const itemBaseShape = {
  id: ItemIdSchema,
  prompt: TextSchema,
  explanation: z.string().refine((s) => s.trim().length > 0, 'explanation must not be empty'),
  tags: z.array(TextSchema).optional(),
};

/** Fields of `itemBaseShape` (and the type tag) that are not read while answering, and are not prose. */
export const BASE_CODE_FIELDS = ['id', 'type', 'tags'] as const;

/** An answer given without a list to pick from: true/false in words, a text or a number as given. */
export function plainAnswerText(response: unknown, words: AnswerWords): string | null {
  if (typeof response === 'boolean') return response ? words.true : words.false;
  if (typeof response === 'string' || typeof response === 'number') return String(response);
  return null;
}

/** The parts picked from a list (options, segments) by their text, joined with " + "; null when none. */
export function listedAnswerText(parts: readonly { id: string; text: string }[], response: unknown): string | null {
  const text = new Map(parts.map((p) => [p.id, p.text]));
  const ids = [response].flat().filter((x): x is string => typeof x === 'string');
  return ids.length ? ids.map((id) => text.get(id) ?? id).join(' + ') : null;
}

type Ctx = { addIssue(issue: { code: 'custom'; message: string; path: PropertyKey[] }): void };

/** Adds an issue at `<listKey>[i].id` for every id already seen earlier in the list. */
export function checkUniqueIds(list: readonly { id: string }[], listKey: string, what: string, ctx: Ctx): void {
  const first = new Map<string, number>();
  list.forEach((el, i) => {
    const prev = first.get(el.id);
    if (prev === undefined) first.set(el.id, i);
    else
      ctx.addIssue({
        code: 'custom',
        path: [listKey, i, 'id'],
        message: `duplicate ${what} id "${el.id}" (also ${listKey}[${prev}])`,
      });
  });
}

/** Issues for a list of ids answered by a learner: unknown ids and repeats. */
export function checkIdList(ids: readonly string[], known: ReadonlySet<string>, what: string, issue: IssueFn): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (!known.has(id)) issue(`[${i}]`, `unknown ${what} id "${id}"`);
    else if (seen.has(id)) issue(`[${i}]`, `${what} "${id}" given more than once`);
    seen.add(id);
  });
}

/** Non-empty values of the field `q.<itemId>` itself. */
export function ownValues(fields: FormFields): string[] {
  return (fields[''] ?? []).map((v) => v.trim()).filter((v) => v !== '');
}

/** The single non-empty value of `q.<itemId>`, undefined when empty; an issue when several. */
export function singleValue(fields: FormFields, issue: IssueFn): string | undefined {
  const values = ownValues(fields);
  if (values.length > 1) issue('', 'expected one value');
  return values[0];
}

/**
 * Attempt-local ids for children shown in a list: the i-th shown gets `${prefix}${i + 1}`. Public
 * views use these instead of authored ids, which authors tend to write in key order (`a` is right,
 * `s1, s2, s3` is the order) or with telling names; a position says nothing the page does not show.
 */
export type PositionalIds = {
  publicIds: string[];
  toPublic: ReadonlyMap<string, string>;
  toAuthored: ReadonlyMap<string, string>;
};

export function positionalIds(prefix: string, authoredInShownOrder: readonly string[]): PositionalIds {
  const publicIds = authoredInShownOrder.map((_, i) => `${prefix}${i + 1}`);
  return {
    publicIds,
    toPublic: new Map(authoredInShownOrder.map((id, i) => [id, publicIds[i] as string])),
    toAuthored: new Map(authoredInShownOrder.map((id, i) => [publicIds[i] as string, id])),
  };
}

/** One stored (authored) id back to its public id; an unknown one is reported and kept as is. */
export function storedId(value: unknown, ids: PositionalIds, what: string, issue: IssueFn, path = ''): unknown {
  if (typeof value !== 'string') return value;
  const id = ids.toPublic.get(value);
  if (id === undefined) issue(path, `stored ${what} id "${value}" is not in this item`);
  return id ?? value;
}

/** A stored list of authored ids back to public ids (anything else is left for the response schema to refuse). */
export function storedIdList(value: unknown, ids: PositionalIds, what: string, issue: IssueFn): unknown {
  return Array.isArray(value) ? value.map((v, i) => storedId(v, ids, what, issue, `[${i}]`)) : value;
}
