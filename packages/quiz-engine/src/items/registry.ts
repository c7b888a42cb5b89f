/**
 * The item types. Adding a type = adding its folder and one line here; nothing else changes.
 */
import { z } from 'zod';
import type { ItemType } from './item-type.ts';
import { single } from './single/index.ts';

export const itemTypes = [
  single,
] as const;

// biome-ignore lint: the registry holds types of every shape
export type AnyItemType = ItemType<any, any, any, any, any>;
type Registered = (typeof itemTypes)[number];
type SchemasOf<T extends readonly Registered[]> = { [K in keyof T]: T[K]['schema'] };

export const itemTypeNames: readonly string[] = itemTypes.map((t) => t.name);

export const ItemSchema = z.discriminatedUnion(
  'type',
  itemTypes.map((t) => t.schema) as unknown as SchemasOf<typeof itemTypes>,
);

const byName = new Map<string, AnyItemType>(itemTypes.map((t) => [t.name as string, t as AnyItemType]));

export function itemTypeOf(name: string): AnyItemType {
  const t = byName.get(name);
  if (t === undefined) throw new Error(`unknown item type "${name}"`);
  return t;
}
