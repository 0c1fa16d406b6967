import { seededNormal } from '@bsc/common';
import { FiscalCalendar } from '@bsc/kpi';
import { DAY_MS, type DailySeries } from '../series/daily-kpi-series';
import { forecastKpi } from './kpi-forecast';
import { dailySeries, kpiDef, naiveForecaster } from './testing/kpi-forecast.builders';

const calendar = new FiscalCalendar({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });
// 21 Oct 2026 12:00: October has 11 days left (today included), so November ends 11 + 30 = 41 days ahead,
// December 72, January 103, February 131, March 162, April 192
const NOW = Date.UTC(2026, 9, 21, 12);
const TODAY = Date.UTC(2026, 9, 21);
const ctx = { calendar, now: NOW, candidates: [naiveForecaster] };
/** `length` complete days up to yesterday. */
const history = (length: number, base: number): DailySeries => dailySeries(TODAY - length * DAY_MS, length, base);
const orders = kpiDef({ id: 'orders', aggregation: 'sum', formula: 'sum(erp.orders, period)' });

describe('forecastKpi: later periods beyond the job', () => {
  it('projects them as far as the series own errors reach: 340 days -> through March, not April', () => {
    // a weekly season: origins train on 14 days at least -> 340 - 14 + 1 = 327 origins at most; a window h days
    // ahead leaves 327 - h of them, to cover h days: h <= 163. March ends 162 days ahead, April 192
    const sut = forecastKpi(orders, new Map([['orders', history(340, 10)]]), { ...ctx, laterPeriods: 6 })!;

    expect(sut.laterPeriods!.map((p) => p.periodKey)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02', '2027-03']);
    // flat 10 a day: 31 January days 310, 28 February days 280, 31 March days 310
    expect(sut.laterPeriods!.slice(2).map((p) => p.expected)).toEqual([310, 280, 310]);
  });

  it('leaves the periods the job projects as the job projects them (continuity)', () => {
    const z = seededNormal(11);
    let level = 100;
    const walk = { start: TODAY - 340 * DAY_MS, values: Array.from({ length: 340 }, () => (level += 2 * z())) };
    const series = new Map([['orders', walk]]);

    const job = forecastKpi(orders, series, ctx)!;
    const sut = forecastKpi(orders, series, { ...ctx, laterPeriods: 6 })!;

    expect(job.laterPeriods).toHaveLength(2);
    expect(sut.periodEnd).toEqual(job.periodEnd);
    expect(sut.laterPeriods!.slice(0, 2)).toEqual(job.laterPeriods);
    // and the ones after them come from the same projection: the naive forecast (the last day's level) per day
    const last = walk.values[walk.values.length - 1];
    expect(sut.laterPeriods![2].expected).toBeCloseTo(31 * last, 9);
    expect(sut.laterPeriods![4].expected).toBeCloseTo(31 * last, 9);
  });

  it('widens the intervals with the distance, from past errors that far ahead (a random walk)', () => {
    const z = seededNormal(5);
    let level = 100;
    const walk = { start: TODAY - 400 * DAY_MS, values: Array.from({ length: 400 }, () => (level += 2 * z())) };
    const avg = kpiDef({ id: 'level', aggregation: 'avg', formula: 'avg(line.level, period)' });

    const sut = forecastKpi(avg, new Map([['level', walk]]), { ...ctx, laterPeriods: 11 })!;

    // 400 - 14 + 1 = 387 origins: h <= 193, through April (192 days ahead). A random walk's error grows as the
    // square root of the distance: April's mid-point is ~177 days ahead, November's ~26, so sqrt(177 / 26) ~ 2.6
    // times as wide; errors replayed from 40 origins (PAST_ORIGINS) need only show it clearly wider
    const width = (i: number) => sut.laterPeriods![i].upper80 - sut.laterPeriods![i].lower80;
    expect(sut.laterPeriods!.map((p) => p.periodKey).at(-1)).toBe('2027-04');
    expect(width(5)).toBeGreaterThan(1.5 * width(0));
  });
});
