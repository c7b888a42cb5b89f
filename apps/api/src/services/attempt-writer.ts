import { sql } from 'drizzle-orm';
import type { AttemptGrade, Quiz } from '@hvs/quiz-engine';
import type { Db, Tx } from '../db/client.ts';
import { attempt, lessonProgress } from '../db/schema/index.ts';
import { curriculumGroupOf } from '../domain/curriculum.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../plugins/learner.ts';
import type { CertificationService } from './certification.service.ts';
import { writeChanges, type RollupChanges } from './indicator-rollup.ts';
import type { ContentStore } from './content-store.ts';

export type ProgressRecord = typeof lessonProgress.$inferSelect;

/** A graded attempt ready to be recorded. */
export type AttemptWrite = {
  actor: Actor;
  id: string;
  lessonId: string;
  quizVersion: string;
  quiz: Quiz;
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

/** A learner's row as the batch locks it: what certification needs, and the household for its lock order. */
type LockedUser = {
  id: string;
  public_servant: boolean;
  worker: boolean;
  student_level: string | null;
  commune_code: string;
  household_key: string | null;
};

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
    private readonly content: ContentStore,
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

  private async writeAll(tx: Tx, batch: Pending[]): Promise<(WriteOutcome | AppError)[]> {
    // 1. Lock every learner that has an account, in one order, and read their groups.
    const learnerIds = [...new Set(batch.map((p) => p.actor.learnerId))].sort();
    const users = new Map(
      (
        (await tx.execute(sql`
          select id, public_servant, worker, student_level, commune_code, household_key from app_user
          where id = any(${sql.param(learnerIds)}::uuid[]) order by id for update`)) as unknown as {
          rows: LockedUser[];
        }
      ).rows.map((u) => [u.id, u]),
    );

    const outcomes: (WriteOutcome | AppError | undefined)[] = batch.map((p) => {
      const isUser = users.has(p.actor.learnerId);
      if (p.actor.kind === 'guest' && isUser)
        return new AppError(401, 'unauthenticated', 'This device id belongs to an account: sign in');
      if (p.actor.kind === 'user' && !isUser)
        return new AppError(401, 'unauthenticated', 'The account no longer exists');
      return undefined;
    });
    // The same id twice in one batch (a resend racing its first send): the first is written, the
    // others are "already recorded" and the caller compares them with it.
    const seen = new Set<string>();
    let todo: number[] = [];
    batch.forEach((p, i) => {
      if (outcomes[i]) return;
      if (seen.has(p.id)) outcomes[i] = { written: false };
      else {
        seen.add(p.id);
        todo.push(i);
      }
    });
    for (const i of todo) {
      try {
        await batch[i]!.check?.(tx);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        outcomes[i] = e;
      }
    }
    todo = todo.filter((i) => !outcomes[i]);
    if (todo.length === 0) return outcomes as (WriteOutcome | AppError)[];

    // 2. The attempts, immutable; an id recorded before is left as it is.
    const inserted = new Set(
      (
        await tx
          .insert(attempt)
          .values(
            todo.map((i) => {
              const p = batch[i]!;
              return {
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
              };
            }),
          )
          .onConflictDoNothing({ target: attempt.id })
          .returning({ id: attempt.id })
      ).map((r) => r.id),
    );
    const written = todo.filter((i) => inserted.has(batch[i]!.id));
    for (const i of todo) if (!inserted.has(batch[i]!.id)) outcomes[i] = { written: false };
    if (written.length === 0) return outcomes as (WriteOutcome | AppError)[];

    // 3. Progress, one row per learner and lesson, whatever the number of attempts at it here.
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
    for (const i of written) {
      const p = batch[i]!;
      const key = `${p.actor.learnerId}/${p.lessonId}`;
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
    const progressOf = new Map(progress.map((r) => [`${r.learnerId}/${r.lessonId}`, r]));
    for (const i of written)
      outcomes[i] = { written: true, progress: progressOf.get(`${batch[i]!.actor.learnerId}/${batch[i]!.lessonId}`)! };

    // 4. Certification, for accounts that passed something here and now hold every core lesson.
    await this.certify(
      tx,
      written.map((i) => batch[i]!).filter((p) => p.grade.passed && users.has(p.actor.learnerId)),
      users,
    );
    return outcomes as (WriteOutcome | AppError)[];
  }

  private async certify(tx: Tx, passed: Pending[], users: Map<string, LockedUser>): Promise<void> {
    const curriculum = this.content.curriculum;
    if (!curriculum || passed.length === 0) return;
    const cores = new Map<string, string[]>();
    // a certificate is dated by the latest attempt that could have completed it
    const latest = new Map<string, Date>();
    for (const p of passed) {
      const u = users.get(p.actor.learnerId)!;
      const core =
        curriculum.groups[
          curriculumGroupOf({
            publicServant: u.public_servant,
            worker: u.worker,
            studentLevel: u.student_level as never,
          })
        ]?.core ?? [];
      // only a passed core lesson can complete the curriculum
      if (!core.includes(p.lessonId)) continue;
      cores.set(u.id, core);
      const prev = latest.get(u.id);
      if (!prev || prev < p.countedAt) latest.set(u.id, p.countedAt);
    }
    if (cores.size === 0) return;
    const pairs = [...cores].flatMap(([id, core]) => core.map((lesson) => [id, lesson] as const));
    const held = (
      (await tx.execute(sql`
        select p.learner_id, count(*)::int as n from lesson_progress p
        join unnest(${sql.param(pairs.map((x) => x[0]))}::uuid[], ${sql.param(pairs.map((x) => x[1]))}::text[]) as c(learner_id, lesson_id)
          on p.learner_id = c.learner_id and p.lesson_id = c.lesson_id
        where p.first_passed_at is not null group by p.learner_id`)) as unknown as {
        rows: { learner_id: string; n: number }[];
      }
    ).rows;
    const complete = held.filter((h) => h.n === cores.get(h.learner_id)!.length).map((h) => users.get(h.learner_id)!);
    // Households are locked by the roll-ups: take them in one order, as the learners above.
    complete.sort((a, b) =>
      `${a.commune_code}/${a.household_key ?? ''}`.localeCompare(`${b.commune_code}/${b.household_key ?? ''}`),
    );
    // The roll-up rows (commune, province, nation) are written once for all, in one order: two batches
    // certifying learners of different provinces cannot deadlock on them.
    const changes: RollupChanges = new Map();
    for (const u of complete) await this.certifications.awardIfComplete(tx, u.id, latest.get(u.id)!, changes);
    await writeChanges(tx, changes);
  }
}
