import { and, eq, sql } from 'drizzle-orm';
import { gradeAttempt, publicQuiz, ResponseError, responsesFromForm, selectItems, type AttemptGrade, type Quiz } from '@hvs/quiz-engine';
import type { AttemptResult, SubmitAttemptSchema } from '@hvs/contracts';
import type { z } from 'zod';
import type { Db } from '../db/client.ts';
import { attempt, lessonProgress } from '../db/schema/index.ts';
import { attemptBodyHash } from '../domain/attempt-identity.ts';
import { toLessonProgress } from '../domain/progress.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import type { Actor } from '../plugins/learner.ts';
import type { CertificationService } from './certification.service.ts';
import type { ContentStore } from './content-store.ts';

type SubmitInput = z.output<typeof SubmitAttemptSchema>;
type AttemptRow = typeof attempt.$inferSelect;

export class AttemptService {
  constructor(
    private readonly db: Db,
    private readonly content: ContentStore,
    private readonly certifications: CertificationService,
  ) {}

  /**
   * Grades and records an attempt. The attempt, and the learner's progress on the lesson, are written
   * in one transaction. The same attempt sent again returns the first result and writes nothing; the
   * same id with other answers is a conflict.
   */
  async submit(actor: Actor, input: SubmitInput): Promise<{ created: boolean; result: AttemptResult }> {
    // Scope: an attempt is always the caller's own; there is nothing else to check before reading.
    if (!this.content.lesson(input.lessonId)) {
      throw notFound('lesson_not_found', `No lesson ${input.lessonId}`);
    }
    const quiz = await this.content.quizAt(input.lessonId, input.quizVersion);
    if (!quiz) {
      throw conflict('quiz_version_unknown', `Quiz version ${input.quizVersion} is not a version of lesson ${input.lessonId}`);
    }
    const grade = this.checked(() => gradeAttempt(quiz, input.id, input.answers));
    const bodyHash = attemptBodyHash(input);
    const now = new Date();

    const written = await this.db.transaction(async (tx) => {
      // A user's attempts are serialised on their row, so certification sees every passed lesson.
      const isUser = await this.certifications.lockUser(tx, actor.learnerId);
      if (actor.kind === 'guest' && isUser) {
        throw new AppError(401, 'unauthenticated', 'This device id belongs to an account: sign in');
      }
      if (actor.kind === 'user' && !isUser) throw new AppError(401, 'unauthenticated', 'The account no longer exists');
      const inserted = await tx
        .insert(attempt)
        .values({
          id: input.id,
          learnerId: actor.learnerId,
          lessonId: input.lessonId,
          quizVersion: input.quizVersion,
          selectionSeed: selectItems(quiz, input.id).seed,
          itemIds: grade.items.map((i) => i.id),
          answers: input.answers,
          itemScores: Object.fromEntries(grade.items.map((i) => [i.id, i.score])),
          score: grade.score,
          passMark: grade.passMark,
          passed: grade.passed,
          bodyHash,
          source: input.source,
          deviceStartedAt: input.startedAt ? new Date(input.startedAt) : null,
          deviceSubmittedAt: input.submittedAt ? new Date(input.submittedAt) : null,
          receivedAt: now,
        })
        .onConflictDoNothing({ target: attempt.id })
        .returning({ id: attempt.id });
      if (inserted.length === 0) return null;
      const [progress] = await tx
        .insert(lessonProgress)
        .values({
          learnerId: actor.learnerId,
          lessonId: input.lessonId,
          attempts: 1,
          bestScore: grade.score,
          lastScore: grade.score,
          firstPassedAt: grade.passed ? now : null,
          lastAttemptAt: now,
        })
        .onConflictDoUpdate({
          target: [lessonProgress.learnerId, lessonProgress.lessonId],
          set: {
            attempts: sql`${lessonProgress.attempts} + 1`,
            bestScore: sql`greatest(${lessonProgress.bestScore}, excluded.best_score)`,
            lastScore: sql`excluded.last_score`,
            firstPassedAt: sql`coalesce(${lessonProgress.firstPassedAt}, excluded.first_passed_at)`,
            lastAttemptAt: sql`excluded.last_attempt_at`,
          },
        })
        .returning();
      if (isUser && grade.passed) await this.certifications.awardIfComplete(tx, actor.learnerId, now);
      return progress!;
    });

    if (written) {
      return { created: true, result: this.toResult(quiz, input.id, input.lessonId, input.quizVersion, now, grade, written) };
    }
    // Already recorded: the same attempt again, or a different one reusing the id.
    const existing = await this.findRow(input.id);
    if (!existing || existing.learnerId !== actor.learnerId || existing.bodyHash !== bodyHash) {
      throw conflict('attempt_conflict', `Attempt ${input.id} was already recorded with other answers`);
    }
    return { created: false, result: await this.resultOf(existing) };
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
   * The same, for a quiz page posted as an HTML form (no JavaScript): the quiz's item types read
   * their own form fields (`q.<itemId>…`) into responses.
   */
  async submitForm(
    actor: Actor,
    input: Omit<SubmitInput, 'answers' | 'source'> & { fields: Record<string, string[]> },
  ): Promise<{ created: boolean; result: AttemptResult }> {
    const quiz = await this.content.quizAt(input.lessonId, input.quizVersion);
    if (!quiz) {
      throw conflict('quiz_version_unknown', `Quiz version ${input.quizVersion} is not a version of lesson ${input.lessonId}`);
    }
    const answers = this.checked(() => responsesFromForm(quiz, input.id, input.fields));
    const { fields: _fields, ...rest } = input;
    return this.submit(actor, { ...rest, answers, source: 'online' });
  }

  /** Runs quiz-engine work on learner input; answers that do not fit the quiz are a 400, not a 500. */
  private checked<T>(work: () => T): T {
    try {
      return work();
    } catch (e) {
      if (e instanceof ResponseError) {
        const detail = e.issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ');
        throw new AppError(400, 'invalid_response', `Answers do not fit the quiz: ${detail}`);
      }
      throw e;
    }
  }

  private async findRow(id: string): Promise<AttemptRow | undefined> {
    const [row] = await this.db.select().from(attempt).where(eq(attempt.id, id)).limit(1);
    return row;
  }

  /** Rebuilds the graded result from the stored answers and the exact quiz version they were graded on. */
  private async resultOf(row: AttemptRow): Promise<AttemptResult> {
    const quiz = await this.content.quizAt(row.lessonId, row.quizVersion);
    if (!quiz) throw new Error(`quiz version ${row.quizVersion} of attempt ${row.id} is missing`);
    const grade = gradeAttempt(quiz, row.id, row.answers);
    const [progress] = await this.db
      .select()
      .from(lessonProgress)
      .where(and(eq(lessonProgress.learnerId, row.learnerId), eq(lessonProgress.lessonId, row.lessonId)))
      .limit(1);
    return this.toResult(quiz, row.id, row.lessonId, row.quizVersion, row.receivedAt, grade, progress!);
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
    const byId = new Map(publicQuiz(quiz, id).items.map((i) => [i.id, i]));
    const shown = grade.items.map((i) => byId.get(i.id)!);
    return {
      id,
      lessonId,
      quizVersion,
      score: grade.score,
      passMark: grade.passMark,
      passed: grade.passed,
      receivedAt: receivedAt.toISOString(),
      // with each item, the public view the learner saw, so the result can show texts, not ids
      items: grade.items.map((item, i) => ({ ...item, item: shown[i]! })),
      progress: toLessonProgress(progress),
    };
  }
}
