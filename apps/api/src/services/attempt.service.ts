import { and, eq, sql } from 'drizzle-orm';
import {
  gradeAttempt,
  openAttempt,
  QuizValidationError,
  ResponseError,
  type AttemptGrade,
  type ItemResult,
  type OpenAttempt,
  type Quiz,
} from '@hvs/quiz-engine';
import type { AttemptResult, SubmitAttemptSchema } from '@hvs/contracts';
import type { z } from 'zod';
import type { Db } from '../db/client.ts';
import { attempt, lessonProgress } from '../db/schema/index.ts';
import { attemptBodyHash } from '../domain/attempt-identity.ts';
import { toLessonProgress } from '../domain/progress.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import type { Actor } from '../domain/actor.ts';
import { AttemptWriter } from './attempt-writer.ts';
import type { CertificationService } from './certification.service.ts';
import { countedAt } from '../domain/device-time.ts';
import { deviceTimes } from '../domain/device-times.ts';
import type { ContentStore } from './content-store.ts';

type SubmitInput = z.output<typeof SubmitAttemptSchema>;
type AttemptRow = typeof attempt.$inferSelect;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Log = { warn(obj: object, msg: string): void };

export class AttemptService {
  constructor(
    private readonly db: Db,
    private readonly content: ContentStore,
    private readonly certifications: CertificationService,
    private readonly log: Log = { warn: () => {} },
  ) {
    this.writer = new AttemptWriter(db, certifications);
  }

  private readonly writer: AttemptWriter;

  /**
   * Grades and records an attempt. The attempt, and the learner's progress on the lesson, are written
   * in one transaction. The same attempt sent again returns the first result and writes nothing; the
   * same id with other answers is a conflict. The quiz's attempt policy (`attempts.max`,
   * `attempts.cooldownMinutes`) is enforced here, in the transaction, except for attempts synced
   * from the device's outbox: those were answered offline, without a way to know the policy's
   * state and without seeing a result, and are recorded rather than lost (docs/adr/0005).
   */
  async submit(actor: Actor, input: SubmitInput): Promise<{ created: boolean; result: AttemptResult }> {
    // Scope: an attempt is always the caller's own; there is nothing else to check before reading.
    this.mustHaveLesson(input.lessonId);
    return this.record(actor, input, openAttempt(await this.quizOf(input), input.id));
  }

  /**
   * The same, for a quiz page posted as an HTML form (no JavaScript): the quiz's item types read
   * their own form fields (`q.<itemId>…`) into responses.
   */
  async submitForm(
    actor: Actor,
    input: Omit<SubmitInput, 'answers'> & { fields: Record<string, string[]> },
  ): Promise<{ created: boolean; result: AttemptResult }> {
    const opened = openAttempt(await this.quizOf(input), input.id);
    const answers = this.checked(() => opened.responsesFromForm(input.fields));
    const { fields: _fields, ...rest } = input;
    this.mustHaveLesson(input.lessonId);
    return this.record(actor, { ...rest, answers }, opened);
  }

  private mustHaveLesson(lessonId: string): void {
    if (!this.content.lesson(lessonId)) throw notFound('lesson_not_found', `No lesson ${lessonId}`);
  }

  private async quizOf(input: { lessonId: string; quizVersion: string }): Promise<Quiz> {
    const quiz = await this.content.quizAt(input.lessonId, input.quizVersion);
    if (!quiz) {
      throw conflict(
        'quiz_version_unknown',
        `Quiz version ${input.quizVersion} is not a version of lesson ${input.lessonId}`,
      );
    }
    return quiz;
  }

  /** Grades the opened attempt (drawn once for this request) and records it. */
  private async record(
    actor: Actor,
    input: SubmitInput,
    opened: OpenAttempt,
  ): Promise<{ created: boolean; result: AttemptResult }> {
    const quiz = opened.quiz;
    const grade = this.checked(() => opened.grade(input.answers));
    const bodyHash = attemptBodyHash(input);
    const now = new Date();

    // Attempts share transactions with those arriving at the same moment (attempt-writer.ts); one
    // with a policy to check goes in a transaction of its own.
    const times = deviceTimes(input.startedAt, input.submittedAt, now);
    const outcome = await this.writer.write({
      actor,
      id: input.id,
      lessonId: input.lessonId,
      quizVersion: input.quizVersion,
      grade,
      bodyHash,
      source: input.source,
      ...times,
      now,
      countedAt: countedAt({ source: input.source, ...times, receivedAt: now }),
      check:
        this.hasPolicy(quiz) && input.source !== 'offline_sync'
          ? (tx) => this.enforcePolicy(tx, quiz, actor.learnerId, input.lessonId, input.id, now)
          : undefined,
    });
    if (outcome.written) {
      return {
        created: true,
        result: this.toResult(quiz, input.id, input.lessonId, input.quizVersion, now, grade, outcome.progress),
      };
    }
    return { created: false, result: await this.recordedBefore(actor, input.id, bodyHash) };
  }

  /** Already recorded: the same attempt again (its first result), or a different one reusing the id. */
  private async recordedBefore(actor: Actor, id: string, bodyHash: string): Promise<AttemptResult> {
    const existing = await this.findRow(id);
    if (!existing || existing.learnerId !== actor.learnerId || existing.bodyHash !== bodyHash) {
      throw conflict('attempt_conflict', `Attempt ${id} was already recorded with other answers`);
    }
    return this.resultOf(existing);
  }

  private hasPolicy(quiz: Quiz): boolean {
    return quiz.attempts?.max !== undefined || Boolean(quiz.attempts?.cooldownMinutes);
  }

  /** An attempt the caller made, with its graded items and the current progress on the lesson. */
  async get(actor: Actor | null, id: string): Promise<AttemptResult> {
    const row = await this.findRow(id);
    // Scope first: someone else's attempt is reported exactly like a missing one.
    if (!row || !actor || row.learnerId !== actor.learnerId) {
      throw notFound('attempt_not_found', `No attempt ${id}`);
    }
    return this.resultOf(row);
  }

  /**
   * Refuses an attempt the quiz's policy does not allow yet: more than `max` recorded attempts, or
   * one sooner than `cooldownMinutes` after the last. A resend of an attempt already recorded is not
   * a new attempt and passes. Serialised per learner and lesson, so two tabs cannot both slip in.
   */
  private async enforcePolicy(
    tx: Tx,
    quiz: Quiz,
    learnerId: string,
    lessonId: string,
    attemptId: string,
    now: Date,
  ): Promise<void> {
    const policy = quiz.attempts;
    if (!policy || !this.hasPolicy(quiz)) return;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${learnerId}:${lessonId}`}, 0))`);
    const [again] = await tx.select({ id: attempt.id }).from(attempt).where(eq(attempt.id, attemptId)).limit(1);
    if (again) return;
    const [progress] = await tx
      .select({ attempts: lessonProgress.attempts, lastAttemptAt: lessonProgress.lastAttemptAt })
      .from(lessonProgress)
      .where(and(eq(lessonProgress.learnerId, learnerId), eq(lessonProgress.lessonId, lessonId)))
      .limit(1);
    if (!progress) return;
    if (policy.max !== undefined && progress.attempts >= policy.max) {
      throw conflict(
        'attempt_limit_reached',
        `This quiz allows ${policy.max} attempts; ${progress.attempts} are recorded`,
      );
    }
    const wait = (policy.cooldownMinutes ?? 0) * 60_000 - (now.getTime() - progress.lastAttemptAt.getTime());
    if (wait > 0) {
      throw new AppError(
        429,
        'attempt_too_soon',
        `The next attempt at this quiz is allowed in ${Math.ceil(wait / 60_000)} min`,
      );
    }
  }

  /** Runs quiz-engine work on learner input; answers that do not fit the quiz are a 400, not a 500. */
  private checked<T>(work: () => T): T {
    try {
      return work();
    } catch (e) {
      if (e instanceof ResponseError) {
        const detail = e.issues
          .slice(0, 3)
          .map((i) => `${i.path}: ${i.message}`)
          .join('; ');
        throw new AppError(400, 'invalid_response', `Answers do not fit the quiz: ${detail}`);
      }
      throw e;
    }
  }

  private async findRow(id: string): Promise<AttemptRow | undefined> {
    const [row] = await this.db.select().from(attempt).where(eq(attempt.id, id)).limit(1);
    return row;
  }

  /**
   * Rebuilds the graded result from the stored answers and the exact quiz version they were graded
   * on. A stored attempt is never a 500: if the version cannot be loaded, it is reported as such; if
   * regrading no longer reproduces what was recorded (the items drawn, or answers that no longer
   * fit), the recorded scores are shown, without per-answer detail.
   */
  private async resultOf(row: AttemptRow): Promise<AttemptResult> {
    let quiz: Quiz | undefined;
    try {
      quiz = await this.content.quizAt(row.lessonId, row.quizVersion);
    } catch (e) {
      if (!(e instanceof QuizValidationError)) throw e;
      this.log.warn(
        { attemptId: row.id, quizVersion: row.quizVersion, err: e.message },
        'stored quiz version no longer parses',
      );
    }
    if (!quiz)
      throw conflict('quiz_version_unknown', `Quiz version ${row.quizVersion} of attempt ${row.id} is not available`);
    const [progress] = await this.db
      .select()
      .from(lessonProgress)
      .where(and(eq(lessonProgress.learnerId, row.learnerId), eq(lessonProgress.lessonId, row.lessonId)))
      .limit(1);
    return this.toResult(
      quiz,
      row.id,
      row.lessonId,
      row.quizVersion,
      row.receivedAt,
      this.regrade(quiz, row),
      progress!,
    );
  }

  private regrade(quiz: Quiz, row: AttemptRow): AttemptGrade {
    const opened = openAttempt(quiz, row.id);
    const drawn = opened.itemIds;
    const same = drawn.length === row.itemIds.length && drawn.every((id, i) => id === row.itemIds[i]);
    if (same) {
      try {
        const grade = opened.gradeStored(row.answers);
        const scores = grade.items.map((i) => [i.id, i.score] as const);
        if (scores.every(([id, score]) => Math.abs(score - (row.itemScores[id] ?? Number.NaN)) < 1e-9)) return grade;
        this.log.warn({ attemptId: row.id }, 'regrading a stored attempt gives other scores than were recorded');
      } catch (e) {
        if (!(e instanceof ResponseError)) throw e;
        this.log.warn(
          { attemptId: row.id, issues: e.issues.slice(0, 3) },
          'stored answers no longer fit their quiz version',
        );
      }
    } else {
      this.log.warn(
        { attemptId: row.id, drawn, stored: row.itemIds },
        'the selection of a stored attempt no longer reproduces',
      );
    }
    return this.recorded(quiz, row);
  }

  /** What was recorded, shown against the quiz version: scores, explanations, no per-answer detail. */
  private recorded(quiz: Quiz, row: AttemptRow): AttemptGrade {
    // The recorded items, in the recorded order, each shown with its key (no answer is matched to it).
    const defs = new Map(quiz.items.map((i) => [i.id, i]));
    const items = row.itemIds.flatMap((id) => defs.get(id) ?? []);
    const shown = items.length
      ? gradeAttempt({ ...quiz, draw: undefined, shuffleItems: false, items }, row.id, {}).items
      : [];
    const results = shown.map((item): ItemResult => {
      const score = row.itemScores[item.id] ?? 0;
      return { ...item, score, correct: score === 1, response: null, feedback: [] };
    });
    return {
      version: row.quizVersion,
      passMark: row.passMark,
      score: row.score,
      passed: row.passed,
      seed: row.selectionSeed,
      items: results,
      stored: row.answers,
    };
  }

  private toResult(
    quiz: Quiz,
    id: string,
    lessonId: string,
    quizVersion: string,
    receivedAt: Date,
    grade: AttemptGrade,
    progress: typeof lessonProgress.$inferSelect,
  ): AttemptResult {
    return {
      id,
      lessonId,
      quizVersion,
      score: grade.score,
      passMark: grade.passMark,
      passed: grade.passed,
      receivedAt: receivedAt.toISOString(),
      // each item carries the public view the learner saw, so the result can show texts, not ids
      items: grade.items,
      progress: toLessonProgress(progress),
    };
  }
}
