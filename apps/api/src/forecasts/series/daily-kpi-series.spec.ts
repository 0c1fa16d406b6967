import type { SignalSample } from '@bsc/common';
import fc from 'fast-check';
import { FiscalCalendar } from '@bsc/kpi';
import { TwinModelBuilder, validateModel, type TwinModel } from '@bsc/twin';
import {
  buildDailyKpiSeries,
  dailyKpiModel,
  DAY_MS,
  levelChangeSeries,
  toDailySeries,
  type DailyPoint,
} from './daily-kpi-series';
import { formulaInputsOf } from './period-terms';
import { testSample as signalSample } from '@bsc/common';
import { forecastKpi } from '../job/kpi-forecast';
import { naiveForecaster } from '../job/testing/kpi-forecast.builders';
import { pagesOf } from './testing/sample-pages';

const DAY1 = Date.UTC(2026, 10, 1);
const sample = (signalId: string, day: number, hour: number, value: number): SignalSample =>
  signalSample(signalId, DAY1 + day * DAY_MS + hour * 3_600_000, value);

describe(buildDailyKpiSeries.name, () => {
  it('builds a daily series per KPI and per period aggregate of a term-by-term formula', async () => {
    const raw = TwinModelBuilder.minimal()
      .set('kpis[1].formula', 'safediv(sum(line1.scrap, period), sum(line1.good, period)) * 100')
      .toDocument();
    const model = validateModel(raw).model as TwinModel;
    // day 0: good 40 + 60, scrap 1 + 4; day 1: good 50, scrap 5
    const samples = [
      sample('line1.good', 0, 1, 40),
      sample('line1.scrap', 0, 1, 1),
      sample('line1.good', 0, 2, 60),
      sample('line1.scrap', 0, 2, 4),
      sample('line1.good', 1, 1, 50),
      sample('line1.scrap', 1, 1, 5),
    ];

    const sut = await buildDailyKpiSeries(model, pagesOf(samples));

    expect(sut.get('scrap_rate')).toEqual({ start: DAY1, values: [5, 10] }); // 5 / 100 x 100; 5 / 50 x 100
    expect(sut.get('sum(line1.scrap, period)')).toEqual({ start: DAY1, values: [5, 5] });
    expect(sut.get('sum(line1.good, period)')).toEqual({ start: DAY1, values: [100, 50] });
  });
});

describe(dailyKpiModel.name, () => {
  it.each([
    ['declared sum', 'sum', 'sum(erp.orders, period)', true],
    ['declared count', 'count', 'count(erp.orders, period)', true],
    ['one period total declared last', 'last', 'sum(erp.orders, period)', true],
    ['leavers over average headcount', 'last', 'safediv(sum(hr.leavers, period), avg(hr.headcount, period))', true],
    ['a ratio of period totals', 'last', 'safediv(sum(erp.orders, period), sum(hr.leavers, period))', false],
    ['a period average', 'avg', 'avg(hr.headcount, period)', false],
    ['a snapshot', 'last', 'last(hr.headcount)', false],
  ] as const)('a day without a value adds nothing to a running total: %s', (_, agg, formula, additive) => {
    const model = validateModel(
      TwinModelBuilder.model()
        .signal('erp.orders', 'hr.leavers', 'hr.headcount')
        .kpi('k', formula, { aggregation: agg, target: 1 })
        .toDocument(),
    ).model as TwinModel;

    expect(dailyKpiModel(model).series.get('k')).toEqual({ key: 'k', additive });
  });

  it('a running total declared last: a day without orders adds nothing, and its month ends 100 short', async () => {
    // 100 orders a day at noon, 12 Oct .. 20 Nov 2026, none on 10 Nov; a monthly KPI declared `last`
    const model = validateModel(
      TwinModelBuilder.model()
        .signal('erp.orders')
        .kpi('orders', 'sum(erp.orders, period)', { aggregation: 'last', period: 'month', target: 2950 })
        .toDocument(),
    ).model as TwinModel;
    const samples: SignalSample[] = [];
    for (let t = Date.UTC(2026, 9, 12, 12); t < Date.UTC(2026, 10, 21); t += DAY_MS)
      if (t !== Date.UTC(2026, 10, 10, 12)) samples.push(signalSample('erp.orders', t, 100));
    const calendar = new FiscalCalendar(model.calendar);

    const series = await buildDailyKpiSeries(model, pagesOf(samples));
    const sut = forecastKpi(model.kpis[0], series, {
      calendar,
      now: Date.UTC(2026, 10, 21, 12),
      candidates: [naiveForecaster],
    })!;

    // 10 Nov is day 29 from 12 Oct: nothing, not 9 Nov's 100 again
    expect(series.get('orders')!.values[29]).toBe(0);
    // 1 .. 20 Nov: 19 x 100 = 1900; 21 Nov adds the naive 100; 10 days (21 .. 30 Nov) at 100: 2900, short of 2950
    expect(sut.points[0].mean).toBe(2000);
    expect(sut.periodEnd!.expected).toBe(2900);
  });
});

describe(levelChangeSeries.name, () => {
  it("makes a level's daily changes add up to its change, the steps between days included", () => {
    const utc = new FiscalCalendar({ timezone: 'UTC', fiscalYearStartMonth: 1, weekStart: 1 });
    const days = [0, 1, 2, 3].map((d) => DAY1 + d * DAY_MS);
    // each day's last and first reading; none on day 2
    const last = { days, values: [5, 8, null, 12] };
    const first = { days, values: [3, 6, null, 9] };

    const sut = levelChangeSeries(last, first, utc)!;

    // day 0: 5 - 3 within it; day 1: 8 - 5; day 2 holds 8; day 3: 12 - 8
    expect(sut.values).toEqual([2, 3, 0, 4]);
    // the step in from the reading before: 6 - 5 into day 1, none into day 2, 9 - 8 into day 3
    expect(sut.stepsIn).toEqual([0, 1, NaN, 1]);
    // a period from day 1: 3 + 0 + 4 - 1 = 6, its last reading 12 minus its first 6
  });

  it.each([
    // a gauge's delta is its last reading in November minus its first: 390 - 200 = 190 by 20 Nov
    ['gauge', 190 + 10 * 10],
    // a counter's delta counts the step in from 31 Oct's reading: 20 x 10 = 200 by 20 Nov
    ['counter', 200 + 10 * 10],
  ] as const)("projects a %s's delta over the month from its daily changes (%d)", async (kind, expected) => {
    // one reading a day at 08:00 rising 10 a day: 0 on 12 Oct .. 190 on 31 Oct, 200 on 1 Nov .. 390 on 20 Nov
    const model = validateModel(
      TwinModelBuilder.model()
        .signal({ id: 'erp.backlog', kind })
        .kpi('backlog_growth', 'delta(erp.backlog, period)', { aggregation: 'last', period: 'month', target: 1 })
        .toDocument(),
    ).model as TwinModel;
    const samples: SignalSample[] = [];
    for (let d = 0; d < 40; d++) samples.push(signalSample('erp.backlog', Date.UTC(2026, 9, 12 + d, 8), 10 * d));

    const series = await buildDailyKpiSeries(model, pagesOf(samples));
    const sut = forecastKpi(model.kpis[0], series, {
      calendar: new FiscalCalendar(model.calendar),
      now: Date.UTC(2026, 10, 21, 12),
      candidates: [naiveForecaster],
      inputs: formulaInputsOf(model),
    })!;

    // naive on the daily change: 10 a day for the 10 days left (21 .. 30 Nov)
    expect(sut.periodEnd!.expected).toBeCloseTo(expected, 9);
    expect(sut.points[0].mean).toBeCloseTo(expected - 90, 9);
  });
});

describe(toDailySeries.name, () => {
  const berlin = new FiscalCalendar({ timezone: 'Europe/Berlin', fiscalYearStartMonth: 1, weekStart: 1 });
  // local midnights in Berlin around the spring change (29 March 2026 has 23 hours) and the autumn one (25 October, 25)
  const midnight = (month: number, day: number, offsetHours: number) =>
    Date.UTC(2026, month - 1, day) - offsetHours * 3_600_000;
  const mar28 = midnight(3, 28, 1);
  const mar29 = midnight(3, 29, 1);
  const mar30 = midnight(3, 30, 2);
  const mar31 = midnight(3, 31, 2);
  const oct25 = midnight(10, 25, 2);
  const oct26 = midnight(10, 26, 1);
  const oct27 = midnight(10, 27, 1);
  const p = (periodStart: number, value: number | null): DailyPoint => ({ periodStart, value });

  it.each([
    ['consecutive days across the 23-hour day', [p(mar28, 1), p(mar29, 2), p(mar30, 3)], false, mar28, [1, 2, 3]],
    ['a gap over the 23-hour day, the last value held', [p(mar28, 1), p(mar31, 4)], false, mar28, [1, 1, 1, 4]],
    ['a gap over the 25-hour day, an additive KPI at zero', [p(oct25, 5), p(oct27, 7)], true, oct25, [5, 0, 7]],
    ['consecutive across the 25-hour day, out of order', [p(oct26, 6), p(oct25, 5)], false, oct25, [5, 6]],
    [
      'a day without a value is a gap',
      [p(mar28, 1), p(mar29, null), p(mar30, NaN), p(mar31, 4)],
      true,
      mar28,
      [1, 0, 0, 4],
    ],
    ['leading days without a value dropped', [p(mar28, null), p(mar29, 2)], false, mar29, [2]],
  ])('fills days by the calendar: %s', (_, points, additive, start, values) => {
    expect(toDailySeries(points, additive, berlin)).toEqual({ start, values });
  });

  it('gives nothing without a value', () => {
    expect(toDailySeries([p(mar28, null)], false, berlin)).toBeNull();
  });

  it('gives what walking the calendar day by day gives (seeded days over both changes, three time zones)', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'UTC'].map(
      (timezone) => new FiscalCalendar({ timezone, fiscalYearStartMonth: 1, weekStart: 1 }),
    );
    const reference = (points: DailyPoint[], additive: boolean, calendar: FiscalCalendar) => {
      const valued = points.filter((q) => q.value !== null && Number.isFinite(q.value));
      if (valued.length === 0) return null;
      const byDay = new Map(valued.map((q) => [q.periodStart, q.value as number]));
      const last = Math.max(...byDay.keys());
      const values: number[] = [];
      let held = 0;
      let day = calendar.periodOf(Math.min(...byDay.keys()), 'day');
      for (; day.start <= last; day = calendar.nextPeriod(day)) {
        const value = byDay.get(day.start);
        if (value !== undefined) held = value;
        values.push(value ?? (additive ? 0 : held));
      }
      return { start: Math.min(...byDay.keys()), values };
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.boolean(),
        fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 60 }),
        fc.array(fc.option(fc.integer({ min: -9, max: 9 }), { nil: null }), { minLength: 60, maxLength: 60 }),
        (calendar, additive, dayNumbers, values) => {
          const days: number[] = [];
          let day = calendar.periodOf(Date.UTC(2026, 0, 15, 12), 'day');
          for (let i = 0; i <= 300; i++, day = calendar.nextPeriod(day)) days.push(day.start);
          const points = dayNumbers.map((n, i) => p(days[n], values[i]));
          expect(toDailySeries(points, additive, calendar)).toEqual(reference(points, additive, calendar));
        },
      ),
      { numRuns: 200, seed: 49_2 },
    );
  });
});
