import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser } from './user.ts';

/**
 * What an account's trust rests on, kept beside `app_user` (issue 22): when its sessions were last
 * ended (an access token issued before is refused), and the hash of its one-time recovery code.
 * A separate table keeps `app_user` as it was for the other branches; one row per account that
 * ever had either.
 */
export const accountSecurity = pgTable('account_security', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => appUser.id, { onDelete: 'cascade' }),
  /** access tokens issued before this (whole seconds) are refused: a reset or password change ends them */
  sessionsEndedAt: timestamp('sessions_ended_at', { withTimezone: true }),
  /** sha-256 of the one-time recovery code shown at sign-up ("Mã khôi phục"); null once used or never made */
  recoveryCodeHash: text('recovery_code_hash'),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
});

/**
 * Append-only: who did what, when, from where. Never updated or deleted by the app (a trigger
 * refuses it). `actor_id` is not a foreign key: the record outlives the account that acted.
 */
export const auditEvent = pgTable(
  'audit_event',
  {
    id: uuid('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    /** the actor's login at the time, so the row still says who after a deletion */
    actorLogin: text('actor_login'),
    action: text('action').notNull(),
    /** the unit the act concerns (for province officials' view), or null for the whole country */
    unitCode: text('unit_code'),
    /** a province code for that unit (commune → its province), so a province sees its communes' rows */
    provinceCode: text('province_code'),
    targetId: text('target_id'),
    detail: jsonb('detail').notNull().default({}),
    /** the client address the request came from */
    ip: text('ip'),
  },
  (t) => [index('audit_event_at_idx').on(t.at), index('audit_event_province_idx').on(t.provinceCode, t.at)],
);

/**
 * A population figure as entered, with its old value: a commune official's entry waits for the
 * province's approval ('pending' → 'approved' / 'rejected'); a province's, the nation's or an
 * import takes effect at once ('applied'). The history of every denominator.
 */
export const populationChange = pgTable(
  'population_change',
  {
    id: uuid('id').primaryKey(),
    unitCode: text('unit_code').notNull(),
    year: integer('year').notNull(),
    group: text('group').notNull(),
    oldCount: integer('old_count'),
    newCount: integer('new_count').notNull(),
    /** 'entered' by an official, or 'imported' from a file */
    source: text('source').$type<'entered' | 'imported'>().notNull(),
    status: text('status').$type<'pending' | 'approved' | 'rejected' | 'applied' | 'withdrawn'>().notNull(),
    proposedBy: uuid('proposed_by'),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('population_change_unit_idx').on(t.unitCode, t.year, t.group),
    index('population_change_status_idx').on(t.status),
  ],
);
