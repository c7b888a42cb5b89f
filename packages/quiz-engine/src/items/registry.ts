/**
 * The item types. Adding a type = adding its folder and one line here; nothing else changes.
 */
import { z } from 'zod';
import { BASE_CODE_FIELDS } from './common.ts';
import type { ItemType } from './item-type.ts';
import { matching } from './matching/index.ts';
import { multiple } from './multiple/index.ts';
import { number } from './number/index.ts';
import { ordering } from './ordering/index.ts';
import { single } from './single/index.ts';
import { spot } from './spot/index.ts';
import { text } from './text/index.ts';
import { truefalse } from './truefalse/index.ts';

export const itemTypes = [single, multiple, truefalse, ordering, matching, text, number, spot] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds types of every shape
export type AnyItemType = ItemType<any, any, any, any, any>;
type Registered = (typeof itemTypes)[number];
type SchemasOf<T extends readonly Registered[]> = { [K in keyof T]: T[K]['schema'] };

/** Union of the public views of every registered type. */
export type PublicItemOf = ReturnType<Registered['publicView']>;

export const itemTypeNames: readonly string[] = itemTypes.map((t) => t.name);

export const ItemSchema = z.discriminatedUnion(
  'type',
  itemTypes.map((t) => t.schema) as unknown as SchemasOf<typeof itemTypes>,
);

/**
 * Item fields, of any type and at any depth, that a learner does not read while answering (ids, tags,
 * keys, feedback): what the content checker leaves out of a lesson's reading time.
 */
export const unreadItemFields: ReadonlySet<string> = new Set([
  ...BASE_CODE_FIELDS,
  ...itemTypes.flatMap((t) => t.unreadFields),
]);

/** Item fields, of any type, that hold codes or settings rather than prose. */
export const itemCodeFields: ReadonlySet<string> = new Set([
  ...BASE_CODE_FIELDS,
  ...itemTypes.flatMap((t) => t.codeFields),
]);

const byName = new Map<string, AnyItemType>(itemTypes.map((t) => [t.name as string, t as AnyItemType]));

export function itemTypeOf(name: string): AnyItemType {
  const t = byName.get(name);
  if (t === undefined) throw new Error(`unknown item type "${name}"`);
  return t;
}
