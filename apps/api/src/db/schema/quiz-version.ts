import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every quiz version the server has ever served, with its keys. An attempt made offline against an
 * older version is graded against exactly that version, and an old result can be shown again.
 */
export const quizVersion = pgTable(
  'quiz_version',
  {
    lessonId: text('lesson_id').notNull(),
    version: text('version').notNull(),
    definition: jsonb('definition').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Two lessons may carry the same quiz text; a version is always read together with its lesson.
  (t) => [primaryKey({ columns: [t.lessonId, t.version] })],
);
