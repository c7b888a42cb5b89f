/**
 * The movement's indicators (DESIGN.md, Indicators) as pure rules: which roll-up metric counts what,
 * which population figure divides it, how a week and an adult are decided, and how a result is shaped
 * (no denominator, no percent; public views hide counts below 5). No I/O here.
 */

export const STUDENT_LEVELS = ['primary', 'lower_secondary', 'upper_secondary', 'higher'] as const;

/** Roll-up metrics, counted per commune, province and nation, in total and per week. */
export const METRICS = [
  'certificates',
  'certified_adults',
  'certified_public_servants',
  'certified_workers',
  ...STUDENT_LEVELS.map((l) => `certified_students_${l}` as const),
  'certified_households',
  'learners_adult',
  'learners_adult_smartphone',
  'learners_urban_adult',
  'learners_urban_adult_epayment',
] as const;
export type Metric = (typeof METRICS)[number];

/** Denominator groups an official enters in `population`. */
export const POPULATION_GROUPS = [
  'adults',
  'public_servants',
  'workers',
  ...STUDENT_LEVELS.map((l) => `students_${l}` as const),
  'households',
] as const;
export type PopulationGroup = (typeof POPULATION_GROUPS)[number];

/** Indicators a plan sets targets for (students: one target for every level). */
export const TARGET_INDICATORS = [
  'adults',
  'public_servants',
  'students',
  'workers',
  'households',
  'smartphone',
  'epayment',
] as const;
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
};

export const INDICATORS: IndicatorDef[] = [
  {
    id: 'adults',
    number: 1,
    metric: 'certified_adults',
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
    metric: 'learners_adult_smartphone',
    denominator: { kind: 'learners', metric: 'learners_adult' },
    target: 'smartphone',
  },
  {
    id: 'epayment',
    number: 7,
    metric: 'learners_urban_adult_epayment',
    denominator: { kind: 'learners', metric: 'learners_urban_adult' },
    target: 'epayment',
  },
  { id: 'certificates', number: 8, metric: 'certificates', denominator: { kind: 'none' }, target: null },
];

export const TARGET_YEARS = [2025, 2026] as const;
/** Public views hide any count below this. */
export const SUPPRESS_BELOW = 5;
/** Weeks of trend a dashboard shows. */
export const TREND_WEEKS = 26;

const LOCAL_OFFSET_MS = 7 * 3600 * 1000; // Vietnam, UTC+7, no daylight saving

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

/** Adult (18+) in the year of the event: only the birth year is kept, so the year decides. */
export function isAdult(birthYear: number, at: Date): boolean {
  return localYear(at) - birthYear >= 18;
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

/** What one person adds once certified (at the time of their first active certificate). */
export function certifiedMetrics(p: LearnerFacts, firstAt: Date): Metric[] {
  const out: Metric[] = [];
  if (isAdult(p.birthYear, firstAt)) out.push('certified_adults');
  if (p.publicServant) out.push('certified_public_servants');
  if (p.worker) out.push('certified_workers');
  if (p.studentLevel && (STUDENT_LEVELS as readonly string[]).includes(p.studentLevel)) {
    out.push(`certified_students_${p.studentLevel}` as Metric);
  }
  return out;
}

/** What one account adds as a learner (self-reported, at sign-up). */
export function learnerMetrics(p: LearnerFacts): Metric[] {
  if (!isAdult(p.birthYear, p.createdAt)) return [];
  const out: Metric[] = ['learners_adult'];
  if (p.hasSmartphone) out.push('learners_adult_smartphone');
  if (p.urban) {
    out.push('learners_urban_adult');
    if (p.hasEpayment) out.push('learners_urban_adult_epayment');
  }
  return out;
}

export type Target = { year: number; percent: number; plan: string; unitCode: string | null };

export type IndicatorValue = {
  id: string;
  number: number;
  /** null when hidden (public view, count below 5) */
  value: number | null;
  suppressed: boolean;
  denominatorKind: 'population' | 'learners' | 'none';
  /** null: no figure entered (population) or hidden (learners, public view) */
  denominator: number | null;
  /** only when there is a denominator and nothing is hidden */
  percent: number | null;
  targets: Target[];
};

export const percentOf = (value: number, denominator: number | null): number | null =>
  denominator && denominator > 0 ? Math.round((value / denominator) * 1000) / 10 : null;

/**
 * Shapes one unit's indicators from its roll-up totals, its population figures and the targets that
 * apply to it (most specific first: commune, then province, then every unit).
 */
export function shapeIndicators(
  totals: Partial<Record<Metric, number>>,
  population: Partial<Record<PopulationGroup, number>>,
  targets: Partial<Record<TargetIndicator, Target[]>>,
): IndicatorValue[] {
  return INDICATORS.map((def) => {
    const value = totals[def.metric] ?? 0;
    const denominator =
      def.denominator.kind === 'population'
        ? (population[def.denominator.group] ?? null)
        : def.denominator.kind === 'learners'
          ? (totals[def.denominator.metric] ?? 0)
          : null;
    return {
      id: def.id,
      number: def.number,
      value,
      suppressed: false,
      denominatorKind: def.denominator.kind,
      denominator,
      percent: percentOf(value, denominator),
      targets: def.target ? (targets[def.target] ?? []) : [],
    };
  });
}

/** Public view: a count below 5 is hidden, and so is any percent that would reveal it. */
export function suppress(values: IndicatorValue[]): IndicatorValue[] {
  return values.map((v) => {
    const smallValue = v.value !== null && v.value < SUPPRESS_BELOW;
    const smallLearners = v.denominatorKind === 'learners' && v.denominator !== null && v.denominator < SUPPRESS_BELOW;
    if (!smallValue && !smallLearners) return v;
    return {
      ...v,
      value: smallValue ? null : v.value,
      denominator: smallLearners ? null : v.denominator,
      percent: null,
      suppressed: true,
    };
  });
}

export const suppressCount = (n: number): number | null => (n < SUPPRESS_BELOW ? null : n);

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
 * Cumulative values at the end of each of the last `weeks` weeks, from the total now and the change
 * recorded per week (value at the end of week w = total − changes after w).
 */
export function cumulativeTrend(
  total: number,
  changes: Map<string, number>,
  weeksList: string[],
): { week: string; value: number }[] {
  const out: { week: string; value: number }[] = [];
  let value = total;
  const later = [...changes.entries()].filter(([w]) => w > weeksList[weeksList.length - 1]!);
  for (const [, n] of later) value -= n;
  for (let i = weeksList.length - 1; i >= 0; i--) {
    const week = weeksList[i]!;
    out.unshift({ week, value });
    value -= changes.get(week) ?? 0;
  }
  return out;
}

/** The Mondays of the last `count` weeks up to the week of `now`, oldest first. */
export function lastWeeks(now: Date, count: number): string[] {
  const monday = new Date(`${weekOf(now)}T00:00:00Z`);
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--)
    out.push(new Date(monday.getTime() - i * 7 * 86400000).toISOString().slice(0, 10));
  return out;
}
