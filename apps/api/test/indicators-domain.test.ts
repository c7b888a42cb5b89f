import { describe, expect, it } from 'vitest';
import {
  cumulativeTrend,
  isAdult,
  lastWeeks,
  percentOf,
  resolveTargets,
  suppress,
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

  it('decides adulthood by the local year of the event', () => {
    expect(isAdult(2008, new Date('2026-01-01T00:00:00+07:00'))).toBe(true);
    expect(isAdult(2008, new Date('2025-12-31T23:59:00+07:00'))).toBe(false);
  });

  it('makes the weekly changes cumulative, ending at the total', () => {
    const changes = new Map([
      ['2026-11-02', 2],
      ['2026-11-16', 3],
      ['2026-11-23', 1], // after the last week shown
    ]);
    expect(cumulativeTrend(10, changes, ['2026-11-02', '2026-11-09', '2026-11-16'])).toEqual([
      { week: '2026-11-02', value: 6 },
      { week: '2026-11-09', value: 6 },
      { week: '2026-11-16', value: 9 },
    ]);
  });

  it('gives a percent only with a denominator, and hides counts below 5 with what would reveal them', () => {
    expect(percentOf(3, null)).toBeNull();
    expect(percentOf(3, 0)).toBeNull();
    expect(percentOf(1, 3)).toBe(33.3);
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
      percent: percentOf(value, denominator),
      targets: [],
    });
    expect(suppress([v(4, 'population', 100)])[0]).toMatchObject({
      value: null,
      denominator: 100,
      percent: null,
      suppressed: true,
    });
    expect(suppress([v(5, 'population', 100)])[0]).toMatchObject({ value: 5, percent: 5, suppressed: false });
    expect(suppress([v(6, 'learners', 4)])[0]).toMatchObject({
      value: 6,
      denominator: null,
      percent: null,
      suppressed: true,
    });
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
