import { sql } from 'drizzle-orm';
import type { AttemptGrade } from '@hvs/quiz-engine';
import type { Db, Tx } from '../db/client.ts';
import { attempt, lessonProgress } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../domain/actor.ts';
import type { CertificationService } from './certification.service.ts';

type ProgressRecord = typeof lessonProgress.$inferSelect;

/** A graded attempt ready to be recorded. */
export type AttemptWrite = {
  actor: Actor;
  id: string;
  lessonId: string;
  quizVersion: string;
  grade: AttemptGrade;
  bodyHash: string;
  source: 'online' | 'offline_sync' | 'assisted';
  startedAt: Date | null;
  submittedAt: Date | null;
  now: Date;
  /** when it counts for progress and certification: the device's time within bounds (domain/device-time.ts) */
  countedAt: Date;
  /**
   * Runs in the transaction once the learner's row is locked, before anything is written (the quiz's
   * attempt policy); an AppError refuses this attempt only. An attempt with a check is written in a
   * transaction of its own: what it checks must include every attempt recorded before it.
   */
  check?: (tx: Tx) => Promise<void>;
};

/** Written now, with the learner's progress on the lesson after it; or the id was already recorded. */
export type WriteOutcome = { written: true; progress: ProgressRecord } | { written: false };

type Pending = AttemptWrite & { resolve: (o: WriteOutcome) => void; reject: (e: unknown) => void };

/**
 * Records attempts in shared transactions ("group commit"). An ICT period is 40 pupils pressing
 * "Nộp bài" within seconds, and each attempt is a handful of statements (lock the learner, insert the
 * attempt, upsert the progress, check the curriculum, commit); one at a time, the round trips and
 * their system calls, not the database, set the pace (measured: ~600 attempts/s on 2 cores). Here
 * the attempts that arrive while a transaction is on its way wait for the next one, which writes them
 * all with the same five statements. Nothing waits for a timer: alone, an attempt goes at once.
 *
 * Each attempt is recorded as it would be alone: its row is written exactly once (a repeated id is
 * reported as already recorded, and the caller compares it), the learner's row is locked first
 * (ordered by id across the batch, so two batches cannot deadlock on learners), and certification
 * runs in the same transaction. One difference: two attempts of one learner at one lesson in the same
 * batch both answer with the progress after both. If a shared transaction fails, each of its attempts
 * is written in a transaction of its own, so one bad attempt never fails another.
 */
export class AttemptWriter {
  private queue: Pending[] = [];
  private running = 0;

  constructor(
    private readonly db: Db,
    private readonly certifications: CertificationService,
    private readonly options: { inFlight: number; maxBatch: number } = { inFlight: 2, maxBatch: 64 },
  ) {}

  write(attempt: AttemptWrite): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...attempt, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.inFlight && this.queue.length > 0) {
      const batch = this.take();
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /** The next batch: an attempt with a check alone, else up to maxBatch of those without one. */
  private take(): Pending[] {
    if (this.queue[0]!.check) return this.queue.splice(0, 1);
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of this.queue) (!p.check && batch.length < this.options.maxBatch ? batch : rest).push(p);
    this.queue = rest;
    return batch;
  }

  private async run(batch: Pending[]): Promise<void> {
    let outcomes: (WriteOutcome | AppError)[];
    try {
      outcomes = await this.db.transaction((tx) => this.writeAll(tx, batch));
    } catch (e) {
      if (batch.length === 1) return batch[0]!.reject(e);
      // Alone, each attempt gets its own chance (and its own error).
      for (const one of batch) await this.run([one]);
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o instanceof AppError) p.reject(o);
      else p.resolve(o);
    });
  }

  /**
   * One shared transaction: lock the learners, refuse what cannot be written, insert the attempts,
   * upsert the progress, award certifications. Each step is one statement for the whole batch.
   */
  private async writeAll(tx: Tx, batch: Pending[]): Promise<(WriteOutcome | AppError)[]> {
    // 1. Lock every learner that has an account, in one order, and read what certification needs.
    const users = await this.certifications.lockLearners(
      tx,
      batch.map((p) => p.actor.learnerId),
    );
    const outcomes = refusals(batch, users);
    let todo = firstOfEachId(batch, outcomes);
    await runChecks(tx, batch, todo, outcomes);
    todo = todo.filter((i) => !outcomes[i]);

    // 2. The attempts, immutable; an id recorded before is left as it is.
    const inserted =
      todo.length > 0
        ? await insertAttempts(
            tx,
            todo.map((i) => batch[i]!),
          )
        : new Set<string>();
    const written = todo.filter((i) => inserted.has(batch[i]!.id));
    for (const i of todo) if (!inserted.has(batch[i]!.id)) outcomes[i] = { written: false };

    if (written.length > 0) {
      // 3. Progress, one row per learner and lesson, whatever the number of attempts at it here.
      const progressOf = await upsertProgress(
        tx,
        written.map((i) => batch[i]!),
      );
      for (const i of written) outcomes[i] = { written: true, progress: progressOf.get(progressKey(batch[i]!))! };

      // 4. Certification, for accounts that passed a core lesson here and now hold every core lesson.
      await this.certifications.awardCompleted(
        tx,
        written.flatMap((i) => {
          const p = batch[i]!;
          const learner = users.get(p.actor.learnerId);
          return p.grade.passed && learner ? [{ learner, at: p.countedAt, passedLesson: p.lessonId }] : [];
        }),
      );
    }
    return outcomes as (WriteOutcome | AppError)[];
  }
}

/** A guest whose device id is an account, or an account that is gone: refused, the others undefined. */
function refusals(
  batch: readonly Pending[],
  users: ReadonlyMap<string, unknown>,
): (WriteOutcome | AppError | undefined)[] {
  return batch.map((p) => {
    const isUser = users.has(p.actor.learnerId);
    if (p.actor.kind === 'guest' && isUser)
      return new AppError(401, 'unauthenticated', 'This device id belongs to an account: sign in');
    if (p.actor.kind === 'user' && !isUser) return new AppError(401, 'unauthenticated', 'The account no longer exists');
    return undefined;
  });
}

/**
 * The same id twice in one batch (a resend racing its first send): the first is written, the others
 * are "already recorded" and the caller compares them with it. Returns the indices still to write.
 */
function firstOfEachId(batch: readonly Pending[], outcomes: (WriteOutcome | AppError | undefined)[]): number[] {
  const seen = new Set<string>();
  const todo: number[] = [];
  batch.forEach((p, i) => {
    if (outcomes[i]) return;
    if (seen.has(p.id)) outcomes[i] = { written: false };
    else {
      seen.add(p.id);
      todo.push(i);
    }
  });
  return todo;
}

/** Each attempt's own check (the quiz's policy); an AppError refuses that attempt only. */
async function runChecks(
  tx: Tx,
  batch: readonly Pending[],
  todo: readonly number[],
  outcomes: (WriteOutcome | AppError | undefined)[],
): Promise<void> {
  for (const i of todo) {
    try {
      await batch[i]!.check?.(tx);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      outcomes[i] = e;
    }
  }
}

/** Inserts the attempts (an id recorded before is left as it is); returns the ids written now. */
async function insertAttempts(tx: Tx, writes: readonly AttemptWrite[]): Promise<Set<string>> {
  const rows = await tx
    .insert(attempt)
    .values(
      writes.map((p) => ({
        id: p.id,
        learnerId: p.actor.learnerId,
        lessonId: p.lessonId,
        quizVersion: p.quizVersion,
        selectionSeed: p.grade.seed,
        itemIds: p.grade.items.map((it) => it.id),
        // the engine's stored form (authored ids, except ordering's o1…on, which reveal nothing), not
        // the attempt-local ids the browser sent
        answers: p.grade.stored,
        itemScores: Object.fromEntries(p.grade.items.map((it) => [it.id, it.score])),
        score: p.grade.score,
        passMark: p.grade.passMark,
        passed: p.grade.passed,
        bodyHash: p.bodyHash,
        source: p.source,
        deviceStartedAt: p.startedAt,
        deviceSubmittedAt: p.submittedAt,
        receivedAt: p.now,
      })),
    )
    .onConflictDoNothing({ target: attempt.id })
    .returning({ id: attempt.id });
  return new Set(rows.map((r) => r.id));
}

const progressKey = (p: { actor: { learnerId: string }; lessonId: string }) => `${p.actor.learnerId}/${p.lessonId}`;

/** Adds the written attempts to their learners' lesson progress: one upsert, one row per learner and lesson. */
async function upsertProgress(tx: Tx, written: readonly AttemptWrite[]): Promise<Map<string, ProgressRecord>> {
  type Sum = {
    learnerId: string;
    lessonId: string;
    attempts: number;
    bestScore: number;
    lastScore: number;
    passedAt: Date | null;
    at: Date;
  };
  const sums = new Map<string, Sum>();
  for (const p of written) {
    const key = progressKey(p);
    const s = sums.get(key);
    if (!s) {
      sums.set(key, {
        learnerId: p.actor.learnerId,
        lessonId: p.lessonId,
        attempts: 1,
        bestScore: p.grade.score,
        lastScore: p.grade.score,
        passedAt: p.grade.passed ? p.countedAt : null,
        at: p.countedAt,
      });
    } else {
      s.attempts++;
      s.bestScore = Math.max(s.bestScore, p.grade.score);
      s.lastScore = p.grade.score;
      if (p.grade.passed && (!s.passedAt || p.countedAt < s.passedAt)) s.passedAt = p.countedAt;
      if (p.countedAt > s.at) s.at = p.countedAt;
    }
  }
  const progress = await tx
    .insert(lessonProgress)
    .values(
      [...sums.values()].map((s) => ({
        learnerId: s.learnerId,
        lessonId: s.lessonId,
        attempts: s.attempts,
        bestScore: s.bestScore,
        lastScore: s.lastScore,
        firstPassedAt: s.passedAt,
        lastAttemptAt: s.at,
      })),
    )
    .onConflictDoUpdate({
      target: [lessonProgress.learnerId, lessonProgress.lessonId],
      set: {
        attempts: sql`${lessonProgress.attempts} + excluded.attempts`,
        bestScore: sql`greatest(${lessonProgress.bestScore}, excluded.best_score)`,
        lastScore: sql`excluded.last_score`,
        firstPassedAt: sql`coalesce(${lessonProgress.firstPassedAt}, excluded.first_passed_at)`,
        // an attempt synced late may have been made before the last one recorded
        lastAttemptAt: sql`greatest(${lessonProgress.lastAttemptAt}, excluded.last_attempt_at)`,
      },
    })
    .returning();
  return new Map(progress.map((r) => [`${r.learnerId}/${r.lessonId}`, r]));
}
