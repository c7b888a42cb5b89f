import {
  bigint,
  date,
  integer,
  numeric,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

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
 * Denominators as the dashboards read them, per unit, group and year: a commune's own figure; a
 * province's own figure, else the sum of its communes' figures of that year; the nation's own, else
 * the sum of the provinces'. `reported` of `communes` communes are covered. Rewritten in the
 * transaction of every population write (rare), so a dashboard reads a few rows instead of summing
 * thousands of figures.
 */
export const populationRollup = pgTable(
  'population_rollup',
  {
    unitCode: text('unit_code').notNull(),
    group: text('group').notNull(),
    year: integer('year').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    reported: integer('reported').notNull(),
    communes: integer('communes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.group, t.year] })],
);

/**
 * Roll-ups of the indicators, kept in step with certifications, sign-ups and deletions in the same
 * transaction: per unit (commune, its province, and 'VN' for the nation) × metric × cohort, a running
 * total, and the change per week (week = its local Monday) for the trend. `cohort` is the birth year
 * (everyone born in or before 2007 shares 2007) for the metrics that count adults, so that adulthood
 * is decided at reading time; 0 for the others. Dashboards read only these.
 */
export const indicatorTotal = pgTable(
  'indicator_total',
  {
    unitCode: text('unit_code').notNull(),
    metric: text('metric').notNull(),
    cohort: smallint('cohort').notNull().default(0),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.metric, t.cohort] })],
);

export const indicatorWeek = pgTable(
  'indicator_week',
  {
    unitCode: text('unit_code').notNull(),
    metric: text('metric').notNull(),
    week: date('week', { mode: 'string' }).notNull(),
    cohort: smallint('cohort').notNull().default(0),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.metric, t.week, t.cohort] })],
);
