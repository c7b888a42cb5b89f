/**
 * One attempt at a quiz, opened once: the draw (from the attempt id alone) is made when the attempt
 * is opened, and everything an attempt is asked for afterwards (its public view, reading the form,
 * grading, reading stored answers back) works on that one draw. Item-specific work is delegated to
 * the item types; nothing here branches on a type.
 */
import { parseAnswerField } from '@hvs/contracts/answer-fields';
import { formatPath, prefixed, ResponseError, type QuizIssue } from './issues.ts';
import type { AnswerWords, Feedback, FormFields } from './items/item-type.ts';
import { quizVersion, type Quiz } from './schema.ts';
import { draw, type DrawnItem, type Selection } from './selection.ts';

export type PublicItem = { id: string; type: string; prompt: string } & Record<string, unknown>;
/** `attempts`: the quiz's attempt policy, so the page can say it before the learner starts. */
export type PublicQuiz = {
  version: string;
  passMark: number;
  attempts?: { max?: number; cooldownMinutes?: number };
  items: PublicItem[];
};

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

/** An attempt whose items are drawn: open it once per request and ask it for what is needed. */
export class OpenAttempt {
  /** which items the attempt shows, in order, with their arrangements (what a record keeps) */
  readonly selection: Selection;
  private readonly drawn: DrawnItem[];
  private readonly views = new Map<string, PublicItem>();

  constructor(
    readonly quiz: Quiz,
    readonly attemptId: string,
  ) {
    const { seed, items } = draw(quiz, attemptId);
    this.drawn = items;
    this.selection = { seed, items: items.map(({ id, arrangement }) => ({ id, arrangement })) };
  }

  /** The ids of the drawn items, in the order shown. */
  get itemIds(): string[] {
    return this.drawn.map((d) => d.id);
  }

  /** What the browser may see of one drawn item (made once per item). */
  private view(d: DrawnItem): PublicItem {
    let v = this.views.get(d.id);
    if (v === undefined) {
      v = d.type.publicView(d.def, d.arrangement) as PublicItem;
      this.views.set(d.id, v);
    }
    return v;
  }

  /** The public view: the drawn items as shown, without keys. */
  publicView(): PublicQuiz {
    const quiz = this.quiz;
    return {
      version: quizVersion(quiz),
      passMark: quiz.passMark,
      ...(quiz.attempts === undefined ? {} : { attempts: quiz.attempts }),
      items: this.drawn.map((d) => this.view(d)),
    };
  }

  /** Responses not for an item of the selection. */
  private strayIssues(responses: Record<string, unknown>, prefix: string): QuizIssue[] {
    const selected = new Set(this.drawn.map((d) => d.id));
    return Object.keys(responses)
      .filter((id) => !selected.has(id))
      .map((id) => ({ path: `${prefix}.${id}`, message: `item "${id}" is not part of this attempt` }));
  }

  /**
   * Grades the responses (item id → response, in the ids of the public view). Missing or null
   * responses score 0. Throws ResponseError listing every problem when any response is malformed or
   * does not fit what the attempt showed.
   */
  grade(responses: Record<string, unknown>): AttemptGrade {
    if (!isPlainObject(responses))
      throw new ResponseError([{ path: 'responses', message: 'expected an object of item id → response' }]);
    const issues = this.strayIssues(responses, 'responses');
    const results: ItemResult[] = [];
    const stored: Record<string, unknown> = {};
    for (const d of this.drawn) {
      const { id, def, type, arrangement } = d;
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
        item: this.view(d),
      });
    }
    if (issues.length > 0) throw new ResponseError(issues);
    const score = results.reduce((sum, r) => sum + r.score, 0) / Math.max(1, results.length);
    return {
      version: quizVersion(this.quiz),
      passMark: this.quiz.passMark,
      score,
      passed: score >= this.quiz.passMark - 1e-9,
      items: results,
      stored,
      seed: this.selection.seed,
    };
  }

  /**
   * Stored responses (`AttemptGrade.stored`) back in the ids of the public view. Throws
   * ResponseError when they do not fit what the attempt shows (e.g. the quiz is not the one they
   * were stored for).
   */
  responsesFromStored(stored: Record<string, unknown>): Record<string, unknown> {
    if (!isPlainObject(stored))
      throw new ResponseError([{ path: 'stored', message: 'expected an object of item id → response' }]);
    const issues = this.strayIssues(stored, 'stored');
    const out: Record<string, unknown> = {};
    for (const { id, def, type, arrangement } of this.drawn) {
      if (!Object.hasOwn(stored, id) || stored[id] === null || stored[id] === undefined) continue;
      out[id] = type.fromStored(def, arrangement, stored[id], prefixed(issues, `stored.${id}`));
    }
    if (issues.length > 0) throw new ResponseError(issues);
    return out;
  }

  /** Grades the attempt again from its stored responses (to show it again, or to audit it). */
  gradeStored(stored: Record<string, unknown>): AttemptGrade {
    return this.grade(this.responsesFromStored(stored));
  }

  /**
   * How a response to one drawn item (public ids, e.g. from `responsesFromStored`) reads as text for
   * a teacher: `words.blank` when unanswered, else as the item's type writes it (null when it has no
   * single text, or the item is not part of this attempt).
   */
  answerText(itemId: string, response: unknown, words: AnswerWords & { blank: string }): string | null {
    const d = this.drawn.find((x) => x.id === itemId);
    if (d === undefined) return null;
    if (response === undefined || response === null) return words.blank;
    return d.type.answerText(d.def, d.arrangement, response, words);
  }

  /** Responses that score 1 for every item, in the ids of the public view (tests, seeds, benchmarks). */
  keyResponses(): Record<string, unknown> {
    return Object.fromEntries(
      this.drawn.map(({ id, def, type, arrangement }) => [id, type.keyResponse(def, arrangement)]),
    );
  }

  /**
   * Responses from the no-JavaScript form. Only answer fields (`q.<itemId>` or `q.<itemId>.<sub>`,
   * @hvs/contracts) for items of this attempt are read; each type reads its own. Items with nothing
   * filled in are left out. Throws ResponseError only for fields the page could not have produced
   * (e.g. two values for a single choice); what a person can enter is graded, as wrong when it is wrong.
   */
  responsesFromForm(form: Readonly<Record<string, readonly string[] | string>>): Record<string, unknown> {
    const perItem = new Map<string, FormFields>(this.drawn.map((d) => [d.id, Object.create(null) as FormFields]));
    for (const name of Object.keys(form)) {
      const field = parseAnswerField(name);
      const fields = field ? perItem.get(field.itemId) : undefined;
      if (!field || fields === undefined) continue;
      const value = form[name] as readonly string[] | string;
      fields[field.sub] = Array.isArray(value) ? value.map(String) : [String(value)];
    }
    const issues: QuizIssue[] = [];
    const out: Record<string, unknown> = {};
    for (const { id, def, type, arrangement } of this.drawn) {
      const response = type.fromForm(def, arrangement, perItem.get(id) as FormFields, prefixed(issues, `q.${id}`));
      if (response !== undefined) out[id] = response;
    }
    if (issues.length > 0) throw new ResponseError(issues);
    return out;
  }
}

/** Draws the attempt's items once; ask the result for the public view, the form's responses, the grade. */
export const openAttempt = (quiz: Quiz, attemptId: string): OpenAttempt => new OpenAttempt(quiz, attemptId);

// One-shot forms of the above, for callers that need one thing of an attempt.

export const publicQuiz = (quiz: Quiz, attemptId: string): PublicQuiz => openAttempt(quiz, attemptId).publicView();

export const gradeAttempt = (quiz: Quiz, attemptId: string, responses: Record<string, unknown>): AttemptGrade =>
  openAttempt(quiz, attemptId).grade(responses);

export const responsesFromStored = (
  quiz: Quiz,
  attemptId: string,
  stored: Record<string, unknown>,
): Record<string, unknown> => openAttempt(quiz, attemptId).responsesFromStored(stored);

export const gradeStoredAttempt = (quiz: Quiz, attemptId: string, stored: Record<string, unknown>): AttemptGrade =>
  openAttempt(quiz, attemptId).gradeStored(stored);

export const keyResponses = (quiz: Quiz, attemptId: string): Record<string, unknown> =>
  openAttempt(quiz, attemptId).keyResponses();

export const responsesFromForm = (
  quiz: Quiz,
  attemptId: string,
  form: Readonly<Record<string, readonly string[] | string>>,
): Record<string, unknown> => openAttempt(quiz, attemptId).responsesFromForm(form);
