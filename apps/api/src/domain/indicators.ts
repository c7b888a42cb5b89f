/**
 * The movement's indicators (DESIGN.md, Indicators) as pure rules: which roll-up metric counts what,
 * which population figure divides it, how a week and an adult are decided, and how a result is shaped
 * (no complete denominator, no percent; public views hide small counts and what would reveal them).
 * No I/O here.
 */

import { POPULATION_GROUP_IDS, STUDENT_LEVELS, TARGET_INDICATOR_IDS } from '@hvs/contracts';

export { STUDENT_LEVELS };

/**
 * Roll-up metrics, counted per commune, province and nation, in total and per week. The metrics in
 * `AGED_METRICS` are kept per birth cohort (see `cohortOf`) so that "adult" is decided when a report
 * is read, not when the event happened: someone certified at 17 counts as an adult from the year
 * they turn 18. Every other metric has cohort 0.
 */
export const METRICS = [
  'certificates',
  'certified_people',
  'certified_public_servants',
  'certified_workers',
  ...STUDENT_LEVELS.map((l) => `certified_students_${l}` as const),
  'certified_households',
  // indicators 6 and 7 divide by the learners who answered the question, not by every learner
  'learners_smartphone_answered',
  'learners_smartphone',
  'learners_epayment_answered',
  'learners_epayment',
] as const;
export type Metric = (typeof METRICS)[number];
export const AGED_METRICS: ReadonlySet<Metric> = new Set<Metric>([
  'certified_people',
  'learners_smartphone_answered',
  'learners_smartphone',
  'learners_epayment_answered',
  'learners_epayment',
]);

/** Denominator groups an official enters in `population` (the API contract's list). */
export const POPULATION_GROUPS = POPULATION_GROUP_IDS;
export type PopulationGroup = (typeof POPULATION_GROUPS)[number];

/** Indicators a plan sets targets for (students: one target for every level). */
export const TARGET_INDICATORS = TARGET_INDICATOR_IDS;
export type TargetIndicator = (typeof TARGET_INDICATORS)[number];

export type IndicatorDef = {
  /** stable id, also the row key in CSV */
  id: string;
  /** the number in DESIGN.md (1–8) */
  number: number;
  metric: Metric;
  /** where the denominator comes from: an official's population figure, a roll-up of learners, or none */
  denominator: { kind: 'population'; group: PopulationGroup } | { kind: 'learners'; metric: Metric } | { kind: 'none' };
  target: TargetIndicator | null;
  /** asked of learners in wards only (indicator 7: urban adults) */
  wardsOnly?: boolean;
};

export const INDICATORS: IndicatorDef[] = [
  {
    id: 'adults',
    number: 1,
    metric: 'certified_people',
    denominator: { kind: 'population', group: 'adults' },
    target: 'adults',
  },
  {
    id: 'public_servants',
    number: 2,
    metric: 'certified_public_servants',
    denominator: { kind: 'population', group: 'public_servants' },
    target: 'public_servants',
  },
  ...STUDENT_LEVELS.map((l): IndicatorDef => ({
    id: `students_${l}`,
    number: 3,
    metric: `certified_students_${l}`,
    denominator: { kind: 'population', group: `students_${l}` },
    target: 'students',
  })),
  {
    id: 'workers',
    number: 4,
    metric: 'certified_workers',
    denominator: { kind: 'population', group: 'workers' },
    target: 'workers',
  },
  {
    id: 'households',
    number: 5,
    metric: 'certified_households',
    denominator: { kind: 'population', group: 'households' },
    target: 'households',
  },
  {
    id: 'smartphone',
    number: 6,
    metric: 'learners_smartphone',
    denominator: { kind: 'learners', metric: 'learners_smartphone_answered' },
    target: 'smartphone',
  },
  {
    id: 'epayment',
    number: 7,
    metric: 'learners_epayment',
    denominator: { kind: 'learners', metric: 'learners_epayment_answered' },
    target: 'epayment',
    wardsOnly: true,
  },
  { id: 'certificates', number: 8, metric: 'certificates', denominator: { kind: 'none' }, target: null },
];

export const TARGET_YEARS = [2025, 2026] as const;
/** Public views hide any count below this, and publish the others rounded to a multiple of it. */
export const SUPPRESS_BELOW = 5;
/** Weeks of trend a dashboard shows. */
export const TREND_WEEKS = 26;
export const ADULT_AGE = 18;
/** The movement's first year: no report is made for an earlier one. */
export const FIRST_REPORT_YEAR = 2025;
/** Everyone born in or before this year is an adult in every reported year: they share one cohort. */
export const OLDEST_COHORT = FIRST_REPORT_YEAR - ADULT_AGE;

const LOCAL_OFFSET_MS = 7 * 3600 * 1000; // Vietnam, UTC+7, no daylight saving
const DAY_MS = 86400000;

/** The Monday (local date, YYYY-MM-DD) of the week a moment falls in. SQL twin: `weekSql` in the roll-up. */
export function weekOf(at: Date): string {
  const local = new Date(at.getTime() + LOCAL_OFFSET_MS);
  const day = (local.getUTCDay() + 6) % 7; // Monday = 0
  local.setUTCDate(local.getUTCDate() - day);
  return local.toISOString().slice(0, 10);
}

/** The local calendar year of a moment. */
export function localYear(at: Date): number {
  return new Date(at.getTime() + LOCAL_OFFSET_MS).getUTCFullYear();
}

/** The roll-up cohort of a birth year (only the year is kept). SQL twin: `greatest(birth_year, OLDEST_COHORT)`. */
export const cohortOf = (birthYear: number): number => Math.max(birthYear, OLDEST_COHORT);

/** The youngest cohort that is adult (18+) in a local year: an adult count sums cohorts up to it. */
export const adultCohortIn = (year: number): number => year - ADULT_AGE;

/** Adult (18+) in a year: only the birth year is kept, so the year decides. */
export function isAdult(birthYear: number, at: Date): boolean {
  return birthYear <= adultCohortIn(localYear(at));
}

/**
 * The adult cutoff at the end of a trend week (its Sunday), or now for the week still running: a
 * cohort counts in that week's point when it is at most this.
 */
export function weekCutoff(week: string, now: Date): number {
  const sunday = new Date(`${week}T00:00:00Z`).getTime() + 6 * DAY_MS;
  return adultCohortIn(Math.min(new Date(sunday).getUTCFullYear(), localYear(now)));
}

export type LearnerFacts = {
  birthYear: number;
  publicServant: boolean;
  worker: boolean;
  studentLevel: string | null;
  hasSmartphone: boolean | null;
  hasEpayment: boolean | null;
  createdAt: Date;
  /** the commune is a ward (urban) */
  urban: boolean;
};

/** A roll-up cell one person adds to: a metric and a cohort (0 for metrics that do not depend on age). */
export type Cell = { metric: Metric; cohort: number };
const cell = (metric: Metric, birthYear: number): Cell => ({
  metric,
  cohort: AGED_METRICS.has(metric) ? cohortOf(birthYear) : 0,
});

/** What one person adds once certified (at the time of their first active certificate). */
export function certifiedMetrics(p: LearnerFacts): Cell[] {
  const out: Metric[] = ['certified_people'];
  if (p.publicServant) out.push('certified_public_servants');
  if (p.worker) out.push('certified_workers');
  if (p.studentLevel && (STUDENT_LEVELS as readonly string[]).includes(p.studentLevel)) {
    out.push(`certified_students_${p.studentLevel}` as Metric);
  }
  return out.map((m) => cell(m, p.birthYear));
}

/** What one account adds as a learner (self-reported at sign-up; a question left blank adds nothing). */
export function learnerMetrics(p: LearnerFacts): Cell[] {
  const out: Metric[] = [];
  if (p.hasSmartphone !== null) out.push('learners_smartphone_answered');
  if (p.hasSmartphone === true) out.push('learners_smartphone');
  if (p.urban && p.hasEpayment !== null) out.push('learners_epayment_answered');
  if (p.urban && p.hasEpayment === true) out.push('learners_epayment');
  return out.map((m) => cell(m, p.birthYear));
}

export type Target = { year: number; percent: number; plan: string; unitCode: string | null };

/**
 * A denominator from `population`: the unit's own figure, or the sum of the figures of the units
 * below it for one year. `reported` of `communes` communes are covered (all of them with an own figure).
 */
export type PopulationFigure = { count: number; year: number; reported: number; communes: number };

export type IndicatorValue = {
  id: string;
  number: number;
  /** null when hidden (public view) */
  value: number | null;
  suppressed: boolean;
  denominatorKind: 'population' | 'learners' | 'none';
  /** null: no figure entered (population) or hidden (learners, public view) */
  denominator: number | null;
  /** the year of the population figure used */
  denominatorYear: number | null;
  /** set when the denominator sums only some of the communes below: no percent then */
  coverage: { reported: number; of: number } | null;
  /** only with a complete denominator and nothing hidden */
  percent: number | null;
  /** false: the indicator does not apply to this unit (e-payment outside wards); no target then */
  applies: boolean;
  targets: Target[];
};

export const percentOf = (value: number, denominator: number | null): number | null =>
  denominator && denominator > 0 ? Math.round((value / denominator) * 1000) / 10 : null;

/**
 * Shapes one unit's indicators from its roll-up totals (adults already filtered by cohort), its
 * population figures and the targets that apply to it (most specific first).
 */
export function shapeIndicators(
  totals: Partial<Record<Metric, number>>,
  population: Partial<Record<PopulationGroup, PopulationFigure>>,
  targets: Partial<Record<TargetIndicator, Target[]>>,
  options: { hasWards: boolean } = { hasWards: true },
): IndicatorValue[] {
  return INDICATORS.map((def) => {
    const value = totals[def.metric] ?? 0;
    const applies = !def.wardsOnly || options.hasWards;
    let denominator: number | null = null;
    let denominatorYear: number | null = null;
    let coverage: IndicatorValue['coverage'] = null;
    let percent: number | null = null;
    if (def.denominator.kind === 'population') {
      const figure = population[def.denominator.group];
      if (figure) {
        denominator = figure.count;
        denominatorYear = figure.year;
        if (figure.reported < figure.communes) coverage = { reported: figure.reported, of: figure.communes };
        else percent = percentOf(value, denominator);
      }
    } else if (def.denominator.kind === 'learners') {
      denominator = totals[def.denominator.metric] ?? 0;
      percent = percentOf(value, denominator);
    }
    return {
      id: def.id,
      number: def.number,
      value,
      suppressed: false,
      denominatorKind: def.denominator.kind,
      denominator,
      denominatorYear,
      coverage,
      percent,
      applies,
      targets: def.target && applies ? (targets[def.target] ?? []) : [],
    };
  });
}

// ---- public view: small counts hidden, and what would reveal them ----

export type Hidden = { value: boolean; denominator: boolean };

/** A public count: a multiple of 5, so that no difference of two published counts is exact. */
export const roundPublic = (n: number): number => Math.round(n / SUPPRESS_BELOW) * SUPPRESS_BELOW;

/**
 * Primary suppression of one indicator: a count below 5; for a share of learners also the learners
 * who answered (the denominator) below 5, or those who answered "no" below 5 (value = answered − no).
 */
export function primaryHidden(v: IndicatorValue): Hidden {
  const value = v.value ?? 0;
  if (v.denominatorKind !== 'learners') return { value: value < SUPPRESS_BELOW, denominator: false };
  const answered = v.denominator ?? 0;
  return {
    value: value < SUPPRESS_BELOW || answered - value < SUPPRESS_BELOW,
    denominator: answered < SUPPRESS_BELOW,
  };
}

/**
 * Secondary suppression across the units one level down (whose sum the parent publishes): when a
 * single unit is hidden, or the hidden ones add up to less than 5, the parent's count minus the
 * shown ones would reveal them; so the smallest shown units are hidden too until at least two are
 * hidden and they add up to at least 5. Hidden units that add up to 0 hold nobody to protect and need
 * no partner (else one active province among empty ones would be hidden for nothing). Returns the
 * keys to hide.
 */
export function secondarySuppression(cells: { key: string; n: number; primary: boolean }[]): Set<string> {
  const hidden = new Set(cells.filter((c) => c.primary).map((c) => c.key));
  if (cells.every((c) => !hidden.has(c.key) || c.n === 0)) return hidden;
  const sum = () => cells.reduce((a, c) => a + (hidden.has(c.key) ? c.n : 0), 0);
  const shown = cells
    .filter((c) => !hidden.has(c.key))
    .sort((a, b) => a.n - b.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const next of shown) {
    if (hidden.size >= 2 && sum() >= SUPPRESS_BELOW) break;
    hidden.add(next.key);
  }
  return hidden;
}

/**
 * What the public view hides for a set of sibling units (the children of one parent), per unit and
 * indicator: primary, then secondary suppression of each indicator's count and, for shares of
 * learners, of the learners who answered.
 */
export function suppressionPattern(
  units: { code: string; indicators: IndicatorValue[] }[],
): Map<string, Map<string, Hidden>> {
  const out = new Map(units.map((u) => [u.code, new Map<string, Hidden>()]));
  for (const def of INDICATORS) {
    const cells = units.map((u) => {
      const v = u.indicators.find((i) => i.id === def.id)!;
      return { code: u.code, v, primary: primaryHidden(v) };
    });
    const values = secondarySuppression(
      cells.map((c) => ({ key: c.code, n: c.v.value ?? 0, primary: c.primary.value })),
    );
    const denominators =
      def.denominator.kind === 'learners'
        ? secondarySuppression(
            cells.map((c) => ({ key: c.code, n: c.v.denominator ?? 0, primary: c.primary.denominator })),
          )
        : new Set<string>();
    for (const c of cells) {
      out.get(c.code)!.set(def.id, { value: values.has(c.code), denominator: denominators.has(c.code) });
    }
  }
  return out;
}

/** One indicator as the public sees it: hidden parts removed, counts rounded, percent from the rounded count. */
export function toPublic(v: IndicatorValue, hidden: Hidden): IndicatorValue {
  const value = hidden.value || v.value === null ? null : roundPublic(v.value);
  const denominator =
    v.denominatorKind === 'learners'
      ? hidden.denominator || v.denominator === null
        ? null
        : roundPublic(v.denominator)
      : v.denominator;
  const percent =
    value === null || denominator === null || v.coverage !== null || v.denominatorKind === 'none'
      ? null
      : percentOf(value, denominator);
  return { ...v, value, denominator, percent, suppressed: hidden.value || hidden.denominator };
}

/**
 * A public trend: hidden entirely when the unit's current count is hidden; else every point below 5
 * hidden and the others rounded to a multiple of 5, so that no week-to-week step is exact.
 */
export const publicTrend = (values: number[], shown: boolean): (number | null)[] =>
  values.map((v) => (!shown || v < SUPPRESS_BELOW ? null : roundPublic(v)));

/** Picks the targets for each indicator and year: the unit's own, else its province's, else every unit's. */
export function resolveTargets(
  rows: (Target & { indicator: string })[],
  chain: (string | null)[],
): Partial<Record<TargetIndicator, Target[]>> {
  const out: Partial<Record<TargetIndicator, Target[]>> = {};
  for (const indicator of TARGET_INDICATORS) {
    const list: Target[] = [];
    for (const year of TARGET_YEARS) {
      for (const unit of chain) {
        const hit = rows.find((r) => r.indicator === indicator && r.year === year && r.unitCode === unit);
        if (hit) {
          list.push({ year, percent: hit.percent, plan: hit.plan, unitCode: hit.unitCode });
          break;
        }
      }
    }
    out[indicator] = list;
  }
  return out;
}

/**
 * Cumulative values at the end of each week of `weeksList`, from the totals now and the changes
 * recorded per week, both per cohort: the value at the end of week w sums, over the cohorts adult by
 * then (`cutoff(w)`), the total minus the changes after w. Metrics without cohorts use cohort 0.
 */
export function cumulativeTrend(
  totals: Map<number, number>,
  changes: Map<number, Map<string, number>>,
  weeksList: string[],
  cutoff: (week: string) => number = () => Infinity,
): { week: string; value: number }[] {
  const cohorts = [...new Set([...totals.keys(), ...changes.keys()])];
  return weeksList.map((week) => {
    let value = 0;
    const limit = cutoff(week);
    for (const c of cohorts) {
      if (c > limit) continue;
      value += totals.get(c) ?? 0;
      for (const [w, n] of changes.get(c) ?? []) if (w > week) value -= n;
    }
    return { week, value };
  });
}

/** The Mondays of the last `count` weeks up to the week of `now`, oldest first. */
export function lastWeeks(now: Date, count: number): string[] {
  const monday = new Date(`${weekOf(now)}T00:00:00Z`);
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(new Date(monday.getTime() - i * 7 * DAY_MS).toISOString().slice(0, 10));
  return out;
}
