import { sql } from 'drizzle-orm';
import { integer, pgSequence, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser } from './user.ts';

/**
 * Each certificate's position in the published Bitstring Status List (certificates/status-list.ts).
 * Never reused: a position whose certificate is gone (account deleted) reads as revoked.
 */
export const certificationStatusIndex = pgSequence('certification_status_index_seq', { startWith: 0, minValue: 0 });

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
    statusIndex: integer('status_index')
      .notNull()
      .unique()
      .default(sql`nextval('certification_status_index_seq')`),
    revokedReason: text('revoked_reason'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.curriculumVersion] })],
);

/**
 * Who revoked which certificate, when and why (append-only). Kept when the learner's account is
 * deleted: it names the certificate by code and status position, not by learner.
 */
export const certificateRevocation = pgTable('certificate_revocation', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull(),
  statusIndex: integer('status_index').notNull(),
  revokedBy: uuid('revoked_by'),
  reason: text('reason').notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }).notNull(),
});

/**
 * Every public key the platform has signed credentials with (key id = JWK thumbprint). Published in
 * the issuer profile for good, so a credential signed before a key rotation still verifies.
 */
export const issuerKey = pgTable('issuer_key', {
  kid: text('kid').primaryKey(),
  publicJwk: text('public_jwk').notNull(),
  firstUsedAt: timestamp('first_used_at', { withTimezone: true }).notNull().defaultNow(),
});
