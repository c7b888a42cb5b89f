/**
 * The contract every item type fulfils. Shared code (quiz.ts) only ever looks a type up in the
 * registry and calls these; it never branches on the type name.
 */
import type { z } from 'zod';
import type { Rng } from '../rng.ts';

export type Feedback = { ref: string; text: string };

/** Report a problem. `path` is relative to what is being checked: "" (the thing itself), "[2]", ".p1". */
export type IssueFn = (path: string, message: string) => void;

/**
 * Form fields of one item, keyed by what follows `q.<itemId>`: "" for the field `q.<itemId>` itself,
 * "s2" for `q.<itemId>.s2`. Values as posted (a field may repeat).
 */
export type FormFields = Record<string, string[]>;

export type PublicBase<T extends string> = { id: string; type: T; prompt: string };

// The schema is a zod object with a literal `type`, so the registry can build the discriminated union.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a schema of any shape
export type ItemSchemaLike = z.ZodObject<any, any>;

export interface ItemType<S extends ItemSchemaLike, Arrangement, Response, Public, Solution> {
  readonly name: z.output<S>['type'];
  /** Authoring schema (strict) including the type's semantic checks as refinements. */
  readonly schema: S;
  /** Per-attempt presentation (option order…). Must be JSON-serialisable. */
  arrange(def: z.output<S>, rng: Rng, shuffleOptions: boolean): Arrangement;
  /** What the browser may see: enough to render and answer, nothing that reveals the key. */
  publicView(def: z.output<S>, arrangement: Arrangement): Public;
  /** Shape of a response; may normalise it (e.g. "2,5" → 2.5). */
  readonly response: z.ZodType<Response>;
  /** Checks a shaped response against the item as presented (known ids, no duplicates…). */
  checkResponse(def: z.output<S>, arrangement: Arrangement, response: Response, issue: IssueFn): void;
  /** Builds a raw response from the no-JavaScript form; undefined = not answered. */
  fromForm(def: z.output<S>, arrangement: Arrangement, fields: FormFields, issue: IssueFn): unknown;
  /** Score in [0, 1] and the authored feedback that applies to this response. */
  grade(def: z.output<S>, arrangement: Arrangement, response: Response): { score: number; feedback: Feedback[] };
  /** The key as shown after grading. */
  solution(def: z.output<S>, arrangement: Arrangement): Solution;
  /** A response that scores 1 (used by tests and by "show me" tools). */
  keyResponse(def: z.output<S>, arrangement: Arrangement): Response;
}

export function defineItemType<S extends ItemSchemaLike, Arrangement, Response, Public, Solution>(
  t: ItemType<S, Arrangement, Response, Public, Solution>,
): ItemType<S, Arrangement, Response, Public, Solution> {
  return t;
}
