import { describe, expect, it } from 'vitest';
import {
  cohortOf,
  cumulativeTrend,
  isAdult,
  lastWeeks,
  percentOf,
  publicTrend,
  resolveTargets,
  secondarySuppression,
  shapeIndicators,
  toPublic,
  weekCutoff,
  weekOf,
  type IndicatorValue,
} from '../src/domain/indicators.ts';

describe('indicator rules', () => {
  it('puts a moment in its local (UTC+7) week, starting on Monday', () => {
    // Monday 16/11/2026 00:30 in Việt Nam is Sunday 17:30 UTC
    expect(weekOf(new Date('2026-11-15T17:30:00Z'))).toBe('2026-11-16');
    expect(weekOf(new Date('2026-11-15T16:59:00Z'))).toBe('2026-11-09');
    expect(weekOf(new Date('2026-11-22T16:59:59Z'))).toBe('2026-11-16');
    expect(lastWeeks(new Date('2026-11-22T03:00:00Z'), 3)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
  });

  it('decides adulthood by the local year, and keeps one cohort for everyone adult since 2025', () => {
    expect(isAdult(2008, new Date('2026-01-01T00:00:00+07:00'))).toBe(true);
    expect(isAdult(2008, new Date('2025-12-31T23:59:00+07:00'))).toBe(false);
    expect([1950, 2007, 2008, 2015].map(cohortOf)).toEqual([2007, 2007, 2008, 2015]);
    // a trend point counts the cohorts adult at the end of its week (Sunday), never later than now
    const now = new Date('2027-01-02T05:00:00Z');
    expect(weekCutoff('2026-12-21', now)).toBe(2008); // ends Sunday 27/12/2026
    expect(weekCutoff('2026-12-28', now)).toBe(2009); // ends Sunday 3/1/2027
    expect(weekCutoff('2026-12-28', new Date('2026-12-30T05:00:00Z'))).toBe(2008); // but it is still 2026
  });

  it('makes the weekly changes cumulative per cohort, ending at the total', () => {
    const changes = new Map([
      [
        0,
        new Map([
          ['2026-11-02', 2],
          ['2026-11-16', 3],
          ['2026-11-23', 1], // after the last week shown
        ]),
      ],
    ]);
    expect(cumulativeTrend(new Map([[0, 10]]), changes, ['2026-11-02', '2026-11-09', '2026-11-16'])).toEqual([
      { week: '2026-11-02', value: 6 },
      { week: '2026-11-09', value: 6 },
      { week: '2026-11-16', value: 9 },
    ]);
    // someone born in 2009, certified in 2026, counts from the first week that ends in 2027
    const weeks = ['2026-12-21', '2026-12-28'];
    const cutoff = (w: string) => weekCutoff(w, new Date('2027-01-10T00:00:00Z'));
    expect(
      cumulativeTrend(
        new Map([
          [2008, 4],
          [2009, 1],
        ]),
        new Map([[2009, new Map([['2026-11-02', 1]])]]),
        weeks,
        cutoff,
      ).map((p) => p.value),
    ).toEqual([4, 5]);
  });

  it('gives a percent only with a complete denominator', () => {
    expect(percentOf(3, null)).toBeNull();
    expect(percentOf(3, 0)).toBeNull();
    expect(percentOf(1, 3)).toBe(33.3);
    const [adults] = shapeIndicators(
      { certified_people: 30 },
      { adults: { count: 600, year: 2026, reported: 2, communes: 3 } },
      {},
    );
    expect(adults).toMatchObject({ value: 30, denominator: 600, coverage: { reported: 2, of: 3 }, percent: null });
    const epayment = shapeIndicators(
      {},
      {},
      { epayment: [{ year: 2026, percent: 50, plan: 'x', unitCode: null }] },
      { hasWards: false },
    ).find((i) => i.id === 'epayment');
    expect(epayment).toMatchObject({ applies: false, targets: [] });
  });

  it('hides small counts, the smallest others until the hidden ones cannot be told apart, and rounds the rest', () => {
    const cells = (ns: number[]) => ns.map((n, i) => ({ key: `u${i}`, n, primary: n < 5 }));
    // one hidden unit: the next smallest goes with it
    expect([...secondarySuppression(cells([3, 40, 6, 12]))].sort()).toEqual(['u0', 'u2']);
    // two hidden, but 1 + 2 < 5: one more
    expect([...secondarySuppression(cells([1, 2, 9, 7]))].sort()).toEqual(['u0', 'u1', 'u3']);
    // two hidden that add up to 5: enough
    expect([...secondarySuppression(cells([4, 1, 9, 7]))].sort()).toEqual(['u0', 'u1']);
    expect(secondarySuppression(cells([5, 9])).size).toBe(0);
    // hidden units with nobody in them protect nobody: the others stay shown
    expect([...secondarySuppression(cells([0, 0, 9, 7]))].sort()).toEqual(['u0', 'u1']);
    expect([...secondarySuppression(cells([0, 2, 9, 7]))].sort()).toEqual(['u0', 'u1', 'u3']);
    const v = (
      value: number,
      denominatorKind: IndicatorValue['denominatorKind'],
      denominator: number | null,
    ): IndicatorValue => ({
      id: 'x',
      number: 1,
      value,
      suppressed: false,
      denominatorKind,
      denominator,
      denominatorYear: null,
      coverage: null,
      percent: percentOf(value, denominator),
      applies: true,
      targets: [],
    });
    expect(toPublic(v(4, 'population', 100), { value: true, denominator: false })).toMatchObject({
      value: null,
      denominator: 100,
      percent: null,
      suppressed: true,
    });
    // shown counts are rounded to 5, and the percent is that of the rounded count
    expect(toPublic(v(13, 'population', 100), { value: false, denominator: false })).toMatchObject({
      value: 15,
      percent: 15,
      suppressed: false,
    });
    expect(toPublic(v(17, 'learners', 23), { value: false, denominator: false })).toMatchObject({
      value: 15,
      denominator: 25,
      percent: 60,
    });
    expect(publicTrend([0, 4, 5, 7, 8, 13], true)).toEqual([null, null, 5, 5, 10, 15]);
    expect(publicTrend([10, 20], false)).toEqual([null, null]);
  });

  it('takes the most specific target: commune, then province, then every unit', () => {
    const rows = [
      { indicator: 'adults', year: 2025, percent: 80, plan: 'all', unitCode: null },
      { indicator: 'adults', year: 2026, percent: 100, plan: 'all', unitCode: null },
      { indicator: 'adults', year: 2026, percent: 95, plan: 'tỉnh', unitCode: '01' },
      { indicator: 'adults', year: 2026, percent: 90, plan: 'xã', unitCode: '00070' },
    ];
    expect(resolveTargets(rows, ['00070', '01', null]).adults!.map((t) => [t.year, t.percent])).toEqual([
      [2025, 80],
      [2026, 90],
    ]);
    expect(resolveTargets(rows, ['01', null]).adults!.map((t) => [t.year, t.percent])).toEqual([
      [2025, 80],
      [2026, 95],
    ]);
    expect(resolveTargets(rows, [null]).workers).toEqual([]);
  });
});
