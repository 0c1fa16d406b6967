import { FiscalCalendar } from '@bsc/kpi';
import type { DailySeries } from '../series/daily-kpi-series';
import { forecastKpi } from './kpi-forecast';
import { dailySeries, kpiDef, naiveForecaster } from './testing/kpi-forecast.builders';

const calendar = new FiscalCalendar({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });
// 21 Oct 2026 12:00: October has 11 days left (21..31, today included); November has 30 days, December 31.
const NOW = Date.UTC(2026, 9, 21, 12);
// 60 complete days from 22 Aug to 20 Oct (10 + 30 + 20)
const START = Date.UTC(2026, 7, 22);
const ctx = { calendar, now: NOW, candidates: [naiveForecaster] };

const kpi = kpiDef;
/** 60 complete days of `base`, the last `tail.length` replaced by `tail`. */
const days = (base: number, tail: number[] = []): DailySeries => dailySeries(START, 60, base, tail);

describe('forecastKpi: later periods', () => {
  it('a daily sum, flat 10 a day: November (30 days) 300, December (31 days) 310; October itself unchanged', () => {
    const orders = kpi({ id: 'orders', aggregation: 'sum', formula: 'sum(erp.orders, period)', target: 305 });

    const sut = forecastKpi(orders, new Map([['orders', days(10)]]), ctx)!;

    // October: 20 elapsed days x 10 + 11 remaining x 10 = 310
    expect(sut.periodEnd).toMatchObject({ periodKey: '2026-10', expected: 310 });
    expect(sut.laterPeriods).toHaveLength(2);
    // no noise: every past window's error is 0, so the interval is the point and the target is met or not
    expect(sut.laterPeriods![0]).toMatchObject({
      periodKey: '2026-11',
      target: 305,
      lower80: 300,
      upper80: 300,
      probabilityOfMeetingTarget: 0,
    });
    expect(sut.laterPeriods![0].expected).toBeCloseTo(300, 9);
    expect(sut.laterPeriods![1]).toMatchObject({ periodKey: '2026-12', probabilityOfMeetingTarget: 1 });
    expect(sut.laterPeriods![1].expected).toBeCloseTo(310, 9);
  });

  it('an average: next month is the forecast mean of its days (the last day, 90, repeated), not the history', () => {
    const oee = kpi({ id: 'oee', aggregation: 'avg', formula: 'avg(line.oee, period)' });

    const sut = forecastKpi(oee, new Map([['oee', days(80, [90])]]), ctx)!;

    // October: 19 x 80 + 90 elapsed, 11 x 90 forecast -> (1520 + 90 + 990) / 31 = 83.87...
    expect(sut.periodEnd!.expected).toBeCloseTo(2600 / 31, 9);
    expect(sut.laterPeriods![0].expected).toBeCloseTo(90, 9);
  });

  it('a ratio of period sums term by term: each term to the later period end, then the formula', () => {
    const scrap = kpi({
      id: 'scrap_rate',
      direction: 'lower_is_better',
      aggregation: 'last',
      formula: 'sum(line.scrap, period) / sum(line.output, period)',
    });
    const series = new Map([
      ['sum(line.scrap, period)', days(10)],
      ['sum(line.output, period)', days(40)],
    ]);

    const sut = forecastKpi(scrap, series, ctx)!;

    // November: 30 x 10 = 300 over 30 x 40 = 1200 -> 0.25; the terms are kept for what-if scenarios
    expect(sut.laterPeriods![0].expected).toBeCloseTo(0.25, 12);
    expect(sut.laterPeriods![0].terms).toEqual({ 'sum(line.scrap, period)': 300, 'sum(line.output, period)': 1200 });
  });

  it('projects no later period when asked for none', () => {
    const orders = kpi({ id: 'orders', aggregation: 'sum', formula: 'sum(erp.orders, period)' });
    const sut = forecastKpi(orders, new Map([['orders', days(10)]]), { ...ctx, laterPeriods: 0 })!;
    expect(sut.laterPeriods).toEqual([]);
  });
});
