import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser } from './user.ts';

/** A teacher's class. Archived classes keep their members, assignments and history, read-only. */
export const schoolClass = pgTable(
  'class',
  {
    id: uuid('id').primaryKey(),
    teacherId: uuid('teacher_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    school: text('school'),
    /** short, unambiguous; null once revoked (a new one can be made) */
    joinCode: text('join_code').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [index('class_teacher_idx').on(t.teacherId)],
);

/** Who is in a class. Leaving or being removed ends membership but keeps the row for history. */
export const classMember = pgTable(
  'class_member',
  {
    classId: uuid('class_id')
      .notNull()
      .references(() => schoolClass.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp('left_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.classId, t.userId] }), index('class_member_user_idx').on(t.userId)],
);

/** Work given to a class: a whole module or chosen lessons, due at a moment (server time, UTC). */
export const assignment = pgTable(
  'assignment',
  {
    id: uuid('id').primaryKey(),
    classId: uuid('class_id')
      .notNull()
      .references(() => schoolClass.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    moduleId: text('module_id'),
    lessonIds: jsonb('lesson_ids').$type<string[]>().notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('assignment_class_idx').on(t.classId)],
);
