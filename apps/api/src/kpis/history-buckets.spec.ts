import type { KpiValue } from '@bsc/common';
import { DEFAULT_CALENDAR, type KpiAggregation, type KpiDef } from '@bsc/twin';
import { bucketHistory } from './history-buckets';

describe(bucketHistory.name, () => {
  const aMonthlyKpiValue = (kpiId: string, month: number, value: number | null): KpiValue => ({
    kpiId,
    periodKey: `2026-${String(month + 1).padStart(2, '0')}`,
    periodStart: Date.UTC(2026, month, 1),
    periodEnd: Date.UTC(2026, month + 1, 1),
    value,
    asOf: Date.UTC(2026, month + 1, 1) - 1,
    computedAt: Date.UTC(2026, month + 1, 1),
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
  });
  const kpi = (aggregation: KpiAggregation, formula = 'x'): KpiDef =>
    ({ id: 'k', direction: 'higher_is_better', aggregation, formula }) as KpiDef;
  // January, February and March 2026 (not a leap year): 31, 28 and 31 days, 90 in the quarter
  const quarter = (values: number[]): KpiValue[] => values.map((v, month) => aMonthlyKpiValue('k', month, v));
  const afterQuarter = Date.UTC(2026, 5, 1);

  const cases: Array<{ case: string; def: KpiDef; values: number[]; expected: number }> = [
    {
      case: 'avg: weighted by days',
      def: kpi('avg'),
      values: [10, 20, 10],
      expected: (10 * 31 + 20 * 28 + 10 * 31) / 90,
    },
    { case: 'sum: added', def: kpi('sum'), values: [10, 20, 10], expected: 40 },
    { case: 'count: added', def: kpi('count'), values: [3, 4, 5], expected: 12 },
    { case: 'min', def: kpi('min'), values: [10, 5, 20], expected: 5 },
    { case: 'max', def: kpi('max'), values: [10, 25, 20], expected: 25 },
    { case: 'last of a level: the newest', def: kpi('last', 'last(headcount)'), values: [10, 20, 15], expected: 15 },
    { case: 'last of one period total: added', def: kpi('last', 'sum(u, period)'), values: [10, 20, 15], expected: 45 },
  ];

  it.each(cases)('regroups three months into their quarter ($case)', ({ def, values, expected }) => {
    // 13.11 for the average (1180 / 90), where the plain mean of the three months says 13.33
    const [point] = bucketHistory(quarter(values), 'quarter', DEFAULT_CALENDAR, def, afterQuarter);

    expect(point.start).toEqual(new Date(Date.UTC(2026, 0, 1)));
    expect(point.end).toEqual(new Date(Date.UTC(2026, 3, 1)));
    expect(point.count).toBe(3);
    expect(point.value).toBeCloseTo(expected, 10);
  });

  it('weighs a running period by the time it has covered when read', () => {
    // read on 11 February: January 31 days at 10, February 10 days at 20: (310 + 200) / 41 = 12.439
    const [point] = bucketHistory(quarter([10, 20]), 'quarter', DEFAULT_CALENDAR, kpi('avg'), Date.UTC(2026, 1, 11));

    expect(point.value).toBeCloseTo(510 / 41, 10);
  });

  it('leaves out periods without a value from the weights', () => {
    // March has no value: (10 * 31 + 40 * 28) / 59 = 1430 / 59 = 24.24 (the plain mean says 25)
    const values = [aMonthlyKpiValue('k', 0, 10), aMonthlyKpiValue('k', 1, 40), aMonthlyKpiValue('k', 2, null)];

    const [point] = bucketHistory(values, 'quarter', DEFAULT_CALENDAR, kpi('avg'), afterQuarter);

    expect(point.count).toBe(3);
    expect(point.value).toBeCloseTo(1430 / 59, 10);
  });
});
