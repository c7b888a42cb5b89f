import { date, integer, numeric, pgTable, primaryKey, serial, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * Denominators entered or imported by officials: one figure per unit, year and group
 * (adults, public servants, workers, students by level, households). No figure, no percent.
 */
export const population = pgTable(
  'population',
  {
    unitCode: text('unit_code').notNull(),
    year: integer('year').notNull(),
    group: text('group').notNull(),
    count: integer('count').notNull(),
    enteredBy: uuid('entered_by'),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.group, t.year] })],
);

/** A plan's target for an indicator: for every unit (unit_code null) or for one province or commune. */
export const planTarget = pgTable(
  'plan_target',
  {
    id: serial('id').primaryKey(),
    unitCode: text('unit_code'),
    year: integer('year').notNull(),
    indicator: text('indicator').notNull(),
    percent: numeric('percent', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    plan: text('plan').notNull(),
    enteredBy: uuid('entered_by'),
  },
  (t) => [unique('plan_target_unique').on(t.unitCode, t.year, t.indicator).nullsNotDistinct()],
);

/**
 * Roll-ups of the indicators, kept in step with certifications, sign-ups and deletions in the same
 * transaction: per unit (commune, its province, and 'VN' for the nation) × metric, a running total,
 * and the change per ISO week (week = its Monday) for the trend. Dashboards read only these.
 */
export const indicatorTotal = pgTable(
  'indicator_total',
  {
    unitCode: text('unit_code').notNull(),
    metric: text('metric').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.metric] })],
);

export const indicatorWeek = pgTable(
  'indicator_week',
  {
    unitCode: text('unit_code').notNull(),
    metric: text('metric').notNull(),
    week: date('week', { mode: 'string' }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.metric, t.week] })],
);
