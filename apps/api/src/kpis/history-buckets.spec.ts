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

describe(`${bucketHistory.name} of a weekly KPI by month`, () => {
  const day = 86_400_000;
  // ISO weeks of 2026 (1 January is a Thursday): W04 is 19-25 January, W05 26 January - 1 February (six days in
  // January, one in February), W06 2-8 February, W27 29 June - 5 July (two days in June, five in July)
  const weekStart: Record<string, number> = {
    '2026-W04': Date.UTC(2026, 0, 19),
    '2026-W05': Date.UTC(2026, 0, 26),
    '2026-W06': Date.UTC(2026, 1, 2),
    '2026-W27': Date.UTC(2026, 5, 29),
  };
  const aWeeklyKpiValue = (periodKey: string, value: number): KpiValue => ({
    kpiId: 'k',
    periodKey,
    periodStart: weekStart[periodKey],
    periodEnd: weekStart[periodKey] + 7 * day,
    value,
    asOf: weekStart[periodKey] + 7 * day - 1,
    computedAt: weekStart[periodKey] + 7 * day,
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
  });
  const kpi = (aggregation: KpiAggregation, formula = 'x'): KpiDef =>
    ({ id: 'k', direction: 'higher_is_better', aggregation, formula, period: 'week' }) as KpiDef;
  const later = Date.UTC(2026, 11, 1);
  const months = (def: KpiDef, values: Array<[string, number]>, readAt = later) =>
    bucketHistory(
      values.map(([key, v]) => aWeeklyKpiValue(key, v)),
      'month',
      DEFAULT_CALENDAR,
      def,
      readAt,
    ).map((p) => ({ periodKey: p.periodKey, value: p.value, count: p.count }));

  it('shares a total of a week straddling two months by its days in each', () => {
    // 70 a week: January has W04 and six sevenths of W05, 70 + 60 = 130; February one seventh of W05 and W06,
    // 10 + 70 = 80 (whole in the month of its first day, January said 140 and February 70)
    const points = months(kpi('sum'), [
      ['2026-W04', 70],
      ['2026-W05', 70],
      ['2026-W06', 70],
    ]);

    expect(points.map((p) => p.periodKey)).toEqual(['2026-01', '2026-02']);
    expect(points[0].value).toBeCloseTo(130, 10);
    expect(points[1].value).toBeCloseTo(80, 10);
    expect(points.map((p) => p.count)).toEqual([2, 2]);
  });

  it('shares a count and a total of one period the same way', () => {
    // 14 a week: January 14 + 12 = 26, February 2 + 14 = 16
    const values: Array<[string, number]> = [
      ['2026-W04', 14],
      ['2026-W05', 14],
      ['2026-W06', 14],
    ];

    for (const def of [kpi('count'), kpi('last', 'sum(u, period)')]) {
      const points = months(def, values);
      expect(points[0].value).toBeCloseTo(26, 10);
      expect(points[1].value).toBeCloseTo(16, 10);
    }
  });

  it('weighs an average by the days of the week in each month', () => {
    // January: W04 seven days at 30, W05 six at 10: (210 + 60) / 13 = 20.77;
    // February: W05 one day at 10, W06 seven at 20: (10 + 140) / 8 = 18.75 (whole weeks said 20 and 20)
    const points = months(kpi('avg'), [
      ['2026-W04', 30],
      ['2026-W05', 10],
      ['2026-W06', 20],
    ]);

    expect(points[0].value).toBeCloseTo(270 / 13, 10);
    expect(points[1].value).toBeCloseTo(150 / 8, 10);
  });

  it('shares a running week by the days it has covered when read', () => {
    // read on Tuesday 3 February: W05 has ended (six days in January, one in February), W06 has run one day;
    // a total of 70 for W05 and 10 so far for W06: February 70 / 7 + 10 = 20
    const points = months(
      kpi('sum'),
      [
        ['2026-W05', 70],
        ['2026-W06', 10],
      ],
      Date.UTC(2026, 1, 3),
    );

    expect(points[0].value).toBeCloseTo(60, 10);
    expect(points[1].value).toBeCloseTo(20, 10);
  });

  it.each([
    { aggregation: 'max' as const, formula: 'x' },
    { aggregation: 'min' as const, formula: 'x' },
    { aggregation: 'last' as const, formula: 'last(headcount)' },
  ])(
    'puts a week that cannot be shared ($aggregation) in the month holding most of its days',
    ({ aggregation, formula }) => {
      // W27 has two days in June and five in July: it is July's, not June's (the month of its first day)
      const points = months(kpi(aggregation, formula), [['2026-W27', 5]]);

      expect(points).toEqual([{ periodKey: '2026-07', value: 5, count: 1 }]);
    },
  );
});
