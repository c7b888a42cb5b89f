import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One graded submission. Immutable: written once, never updated. The key is made by the learner's
 * device, so a resent attempt is recognised; `body_hash` tells a resend from a different attempt.
 */
export const attempt = pgTable(
  'attempt',
  {
    id: uuid('id').primaryKey(),
    learnerId: uuid('learner_id').notNull(),
    lessonId: text('lesson_id').notNull(),
    quizVersion: text('quiz_version').notNull(),
    /** the quiz engine's selection seed (derived from the id; kept so audits need no code) */
    selectionSeed: text('selection_seed').notNull().default(''),
    /** item ids in the order the learner saw them (reproducible from the id; kept for audits) */
    itemIds: jsonb('item_ids').$type<string[]>().notNull(),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
    itemScores: jsonb('item_scores').$type<Record<string, number>>().notNull(),
    score: real('score').notNull(),
    passMark: real('pass_mark').notNull(),
    passed: boolean('passed').notNull(),
    bodyHash: text('body_hash').notNull(),
    source: text('source').$type<'online' | 'offline_sync' | 'assisted'>().notNull(),
    assistedBy: uuid('assisted_by'),
    deviceStartedAt: timestamp('device_started_at', { withTimezone: true }),
    deviceSubmittedAt: timestamp('device_submitted_at', { withTimezone: true }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attempt_learner_lesson_idx').on(t.learnerId, t.lessonId)],
);

/** Summary of a learner's attempts at one lesson, kept in step with `attempt` in the same transaction. */
export const lessonProgress = pgTable(
  'lesson_progress',
  {
    learnerId: uuid('learner_id').notNull(),
    lessonId: text('lesson_id').notNull(),
    attempts: integer('attempts').notNull(),
    bestScore: real('best_score').notNull(),
    lastScore: real('last_score').notNull(),
    firstPassedAt: timestamp('first_passed_at', { withTimezone: true }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.lessonId] })],
);
