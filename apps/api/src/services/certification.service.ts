import { sql } from 'drizzle-orm';
import type { StudentLevel } from '@hvs/contracts';
import type { Db, Tx } from '../db/client.ts';
import { certification } from '../db/schema/index.ts';
import { certificateCode } from '../domain/certificate-code.ts';
import { curriculumGroupOf } from '../domain/curriculum.ts';
import type { ContentStore } from './content-store.ts';
import { rollupCertified, writeChanges, type RollupChanges } from './indicator-rollup.ts';

/** A learner's account row, locked for the rest of the transaction: what certification needs, and the household for its lock order. */
export type LockedLearner = {
  id: string;
  publicServant: boolean;
  worker: boolean;
  studentLevel: StudentLevel | null;
  communeCode: string;
  householdKey: string | null;
};

/** A learner who may have just completed their curriculum, and when. */
export type Candidate = {
  learner: LockedLearner;
  at: Date;
  /** the lesson just passed, when only that can have completed it (a passed lesson outside the core cannot) */
  passedLesson?: string;
};

/**
 * The one place a certification is awarded: when a learner's passed lessons cover the core lessons
 * of their curriculum group. Runs inside the transaction that changed their progress, after their
 * row was locked (`lockLearners`), so two completing attempts at once cannot both miss (or both
 * write) it; the user's row is read once, by the lock.
 */
export class CertificationService {
  constructor(private readonly content: ContentStore) {}

  /**
   * Locks the accounts among these learner ids, in id order (so two transactions cannot deadlock on
   * them), and reads what certification needs. A guest has no row and is not in the result.
   */
  async lockLearners(tx: Tx | Db, ids: readonly string[]): Promise<Map<string, LockedLearner>> {
    const sorted = [...new Set(ids)].sort();
    const { rows } = (await tx.execute(sql`
      select id, public_servant, worker, student_level, commune_code, household_key from app_user
      where id = any(${sql.param(sorted)}::uuid[]) order by id for update`)) as unknown as {
      rows: {
        id: string;
        public_servant: boolean;
        worker: boolean;
        student_level: StudentLevel | null;
        commune_code: string;
        household_key: string | null;
      }[];
    };
    return new Map(
      rows.map((u) => [
        u.id,
        {
          id: u.id,
          publicServant: u.public_servant,
          worker: u.worker,
          studentLevel: u.student_level,
          communeCode: u.commune_code,
          householdKey: u.household_key,
        },
      ]),
    );
  }

  /**
   * Certifies every candidate whose passed lessons now cover their core lessons, dated by the latest
   * attempt that could have completed it. The indicator roll-ups move in this same transaction,
   * written once for all (commune, province, nation in one order: two transactions certifying
   * learners of different provinces cannot deadlock on them).
   */
  async awardCompleted(tx: Tx | Db, candidates: readonly Candidate[]): Promise<void> {
    const curriculum = this.content.curriculum;
    if (!curriculum || candidates.length === 0) return;
    const cores = new Map<string, { learner: LockedLearner; group: string; core: string[]; at: Date }>();
    for (const { learner, at, passedLesson } of candidates) {
      const group = curriculumGroupOf(learner);
      const core = curriculum.groups[group]?.core ?? [];
      if (core.length === 0 || (passedLesson !== undefined && !core.includes(passedLesson))) continue;
      const prev = cores.get(learner.id);
      if (!prev || prev.at < at) cores.set(learner.id, { learner, group, core, at });
    }
    if (cores.size === 0) return;
    const pairs = [...cores.values()].flatMap(({ learner, core }) =>
      core.map((lesson) => [learner.id, lesson] as const),
    );
    const held = (
      (await tx.execute(sql`
        select p.learner_id, count(*)::int as n from lesson_progress p
        join unnest(${sql.param(pairs.map((x) => x[0]))}::uuid[], ${sql.param(pairs.map((x) => x[1]))}::text[]) as c(learner_id, lesson_id)
          on p.learner_id = c.learner_id and p.lesson_id = c.lesson_id
        where p.first_passed_at is not null group by p.learner_id`)) as unknown as {
        rows: { learner_id: string; n: number }[];
      }
    ).rows;
    const complete = held
      .filter((h) => h.n === cores.get(h.learner_id)!.core.length)
      .map((h) => cores.get(h.learner_id)!);
    // Households are locked by the roll-ups: take them in one order, as the learners' rows.
    const household = (c: { learner: LockedLearner }) => `${c.learner.communeCode}/${c.learner.householdKey ?? ''}`;
    complete.sort((a, b) => household(a).localeCompare(household(b)));
    const changes: RollupChanges = new Map();
    for (const { learner, group, at } of complete) {
      const inserted = await tx
        .insert(certification)
        .values({
          userId: learner.id,
          curriculumVersion: curriculum.version,
          curriculumGroup: group,
          code: certificateCode(),
          earnedAt: at,
        })
        .onConflictDoNothing()
        .returning({ userId: certification.userId });
      if (inserted.length > 0) await rollupCertified(tx, learner.id, curriculum.version, changes);
    }
    await writeChanges(tx, changes);
  }
}
