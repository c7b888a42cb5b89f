import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser } from './user.ts';

/**
 * "Đạt phổ cập tri thức số" on this platform: written once, in the transaction of the attempt that
 * completed the learner's curriculum, with the curriculum version and group it was earned under.
 */
export const certification = pgTable(
  'certification',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    curriculumVersion: text('curriculum_version').notNull(),
    curriculumGroup: text('curriculum_group').notNull(),
    code: text('code').notNull().unique(),
    earnedAt: timestamp('earned_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.curriculumVersion] })],
);
