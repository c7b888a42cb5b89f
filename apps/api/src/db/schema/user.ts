import { boolean, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { adminUnit } from './admin-unit.ts';

import type { Role, StudentLevel } from '@hvs/contracts';

export type { Role, StudentLevel };

/**
 * A learner with an account. Only what the indicators need: no ID number, no birth date (a year),
 * phone only if they chose it as their login. The id is also their learner id in `attempt`.
 */
export const appUser = pgTable(
  'app_user',
  {
    id: uuid('id').primaryKey(),
    /** phone number or username, normalised (lowercase, no spaces) */
    login: text('login').notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    birthYear: integer('birth_year').notNull(),
    communeCode: text('commune_code')
      .notNull()
      .references(() => adminUnit.code),
    householdKey: text('household_key'),
    publicServant: boolean('public_servant').notNull().default(false),
    worker: boolean('worker').notNull().default(false),
    studentLevel: text('student_level').$type<StudentLevel>(),
    hasSmartphone: boolean('has_smartphone'),
    hasEpayment: boolean('has_epayment'),
    consentVersion: text('consent_version').notNull(),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    /** the teacher who created this account for a pupil (bulk creation), if any */
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('app_user_commune_idx').on(t.communeCode)],
);

/** A role given to an account, with the unit (commune, province; none = the whole country) it covers. */
export const roleGrant = pgTable(
  'role_grant',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
    scopeUnitCode: text('scope_unit_code').references(() => adminUnit.code),
    grantedBy: uuid('granted_by'),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('role_grant_unique').on(t.userId, t.role, t.scopeUnitCode).nullsNotDistinct()],
);

/**
 * Refresh tokens, stored as hashes. Each sign-in starts a family; each refresh uses one token and
 * issues the next. A token used twice means it was stolen: the whole family is revoked.
 */
export const refreshToken = pgTable(
  'refresh_token',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('refresh_token_family_idx').on(t.familyId)],
);
