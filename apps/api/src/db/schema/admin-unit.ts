import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Provinces and communes after 1/7/2025 (seeded from seeds/, with its source recorded in seed_source). */
export const adminUnit = pgTable(
  'admin_unit',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').$type<'province' | 'city' | 'commune' | 'ward' | 'special_zone'>().notNull(),
    parentCode: text('parent_code'),
    /** lowercase, without diacritics: what a search matches against */
    searchKey: text('search_key').notNull(),
  },
  (t) => [index('admin_unit_parent_idx').on(t.parentCode)],
);

/** Which seed data is in the database, from which source and version. */
export const seedSource = pgTable('seed_source', {
  name: text('name').primaryKey(),
  version: text('version').notNull(),
  details: jsonb('details').notNull(),
  rows: integer('rows').notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
});
