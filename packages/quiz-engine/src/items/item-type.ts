/**
 * The contract every item type fulfils. Shared code (quiz.ts) only ever looks a type up in the
 * registry and calls these; it never branches on the type name.
 */
import type { z } from 'zod';
import type { Rng } from '../rng.ts';

/**
 * Authored feedback as shown after grading. `ref` is what it is about, in the ids of the public view
 * (an option, a segment, a left-hand item) or a name the type documents ("true", "wrong", "wrong[0]",
 * "unreadable"). `picked`: the learner chose this; `correct`: this is (part of) the key.
 */
export type Feedback = { ref: string; text: string; picked?: boolean; correct?: boolean };

/** Report a problem. `path` is relative to what is being checked: "" (the thing itself), "[2]", ".p1". */
export type IssueFn = (path: string, message: string) => void;

/**
 * Form fields of one item, keyed by what follows `q.<itemId>`: "" for the field `q.<itemId>` itself,
 * "s2" for `q.<itemId>.s2`. Values as posted (a field may repeat).
 */
export type FormFields = Record<string, string[]>;

/** Words for answers that have no text of their own (true/false), in the reader's language. */
export type AnswerWords = { true: string; false: string };

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
  /**
   * Builds a raw response from the no-JavaScript form; undefined = not answered. Whatever a person can
   * enter with the form as rendered must come out as a response that grades (possibly as wrong); an
   * issue is only for fields the page cannot produce.
   */
  fromForm(def: z.output<S>, arrangement: Arrangement, fields: FormFields, issue: IssueFn): unknown;
  /**
   * Score in [0, 1] (never clamped by the caller: a score outside is a bug and throws) and the
   * authored feedback for this response; `null` = not answered (score 0, but the feedback that
   * teaches, e.g. on every option, is still given).
   */
  grade(def: z.output<S>, arrangement: Arrangement, response: Response | null): { score: number; feedback: Feedback[] };
  /** The key as shown after grading, in public ids. */
  solution(def: z.output<S>, arrangement: Arrangement): Solution;
  /** A response that scores 1, in public ids (tests, seeds, benchmarks). */
  keyResponse(def: z.output<S>, arrangement: Arrangement): Response;
  /**
   * The response as stored with the attempt: authored ids where the public view uses attempt-local
   * ones, so stored answers keep their meaning however public ids are made. JSON-serialisable.
   */
  toStored(def: z.output<S>, arrangement: Arrangement, response: Response): unknown;
  /** Back from the stored form to a raw public response (checked again like one from the browser). */
  fromStored(def: z.output<S>, arrangement: Arrangement, stored: unknown, issue: IssueFn): unknown;
  /**
   * How a given (non-null) response, in public ids, reads as text for a teacher looking at a class's
   * wrong answers: chosen options or segments by their text, a typed answer as typed, true/false in
   * `words`; null when the answer has no single text (an order, pairs) or is not one this type gives.
   */
  answerText(def: z.output<S>, arrangement: Arrangement, response: unknown, words: AnswerWords): string | null;
  /**
   * Fields of the authored item (at any depth) that a learner does not read while answering: the key
   * and the feedback. The content checker leaves them out of a lesson's reading time.
   */
  readonly unreadFields: readonly string[];
  /** Fields of the authored item that hold codes or settings, not prose (the checker compares prose only). */
  readonly codeFields: readonly string[];
}

export function defineItemType<S extends ItemSchemaLike, Arrangement, Response, Public, Solution>(
  t: ItemType<S, Arrangement, Response, Public, Solution>,
): ItemType<S, Arrangement, Response, Public, Solution> {
  return t;
}
