import type { Forecaster } from '@bsc/forecasting';
import { FiscalCalendar } from '@bsc/kpi';
import { nonNegativity, TwinModelBuilder } from '@bsc/twin';
import type { DailySeries } from '../series/daily-kpi-series';
import { forecastKpi } from './kpi-forecast';
import { dailySeries, kpiDef, naiveForecaster } from './testing/kpi-forecast.builders';

const calendar = new FiscalCalendar({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });
// 21 Nov 2026 12:00: November has 20 complete days (1..20) and 10 remaining (21..30, today included).
const NOW = Date.UTC(2026, 10, 21, 12);
// 40 complete days from 12 Oct: indexes 0..19 are 12..31 Oct, 20..39 are 1..20 Nov.
const START = Date.UTC(2026, 9, 12);
const ctx = { calendar, now: NOW, candidates: [naiveForecaster] };

const kpi = kpiDef;
/** 40 days of `base`, the last `tail.length` days replaced by `tail`. */
const days = (base: number, tail: number[] = []): DailySeries => dailySeries(START, 40, base, tail);

describe(forecastKpi.name, () => {
  it('a sum: elapsed total plus the forecast of the rest; the path is the running total', () => {
    const revenue = kpi({ id: 'revenue', aggregation: 'sum', formula: 'sum(erp.order_value, period)', target: 3000 });

    const sut = forecastKpi(revenue, new Map([['revenue', days(100, [130])]]), ctx)!;

    // elapsed 1..20 Nov: 19 x 100 + 130 = 2030; the rest: 10 x 130 = 1300; period end 3330
    expect(sut.periodEnd).toMatchObject({ periodKey: '2026-11', target: 3000, probabilityOfMeetingTarget: 1 });
    expect(sut.periodEnd!.expected).toBeCloseTo(3330, 9);
    expect(sut.points).toHaveLength(10);
    expect(sut.points[0]).toMatchObject({ time: Date.UTC(2026, 10, 22), mean: 2160 }); // 2030 + 130 by the end of the 21st
    expect(sut.points[9]).toMatchObject({ time: Date.UTC(2026, 11, 1), mean: 3330 });
  });

  it.each([
    // today's 30 so far is below the day's forecast of 100: the day ends at 100, 70 of it still to come
    ['below', 30, 5100 + 100, 5100 + 41 * 100],
    // today's 250 so far is above it: the path starts at the value to date, the day holds at least its 250
    ['above', 250, 5100 + 250, 5100 + 250 + 40 * 100],
  ])('a quarter-to-date sum continues from the value to date (today so far %s the forecast)', (_, today, p0, end) => {
    const revenue = kpi({
      id: 'revenue',
      aggregation: 'sum',
      formula: 'sum(erp.order_value, period)',
      period: 'quarter',
    });
    // 1 Sep .. 20 Nov at 100 a day (complete days), then 21 Nov (today) so far
    const series: DailySeries = { start: Date.UTC(2026, 8, 1), values: [...Array<number>(81).fill(100), today] };
    // order values are declared >= 0: what today holds so far cannot be taken back by tonight
    const orders = TwinModelBuilder.model()
      .signal({ id: 'erp.order_value', range: { min: 0 } })
      .kpi(revenue.id, revenue.formula, { aggregation: 'sum', period: 'quarter' })
      .build();

    const sut = forecastKpi(revenue, new Map([['revenue', series]]), { ...ctx, signs: nonNegativity(orders) })!;

    // Q4 to date: 1 Oct .. 20 Nov = 51 complete days x 100 = 5100, plus today so far; 41 days remain (21 Nov ..
    // 31 Dec, today included), each forecast at 100 by the naive method
    const valueToDate = 5100 + today;
    expect(sut.points).toHaveLength(41);
    expect(sut.points[0]).toMatchObject({ time: Date.UTC(2026, 10, 22), mean: p0 });
    expect(sut.points[0].mean).toBeGreaterThanOrEqual(valueToDate);
    expect(sut.points[40]).toMatchObject({ time: Date.UTC(2027, 0, 1), mean: end });
    expect(sut.periodEnd).toMatchObject({ periodKey: 'FY2026-Q4', expected: end });
  });

  it("a net flow's value so far is no bound on its day: it may still fall back by tonight", () => {
    const cash = kpi({ id: 'cash', aggregation: 'sum', formula: 'sum(erp.cash_flow, period)', period: 'quarter' });
    // 1 Sep .. 20 Nov at 100 a day, then 250 so far on 21 Nov; cash flows in and out, no range declared
    const series: DailySeries = { start: Date.UTC(2026, 8, 1), values: [...Array<number>(81).fill(100), 250] };

    const sut = forecastKpi(cash, new Map([['cash', series]]), ctx)!;

    // Q4: 51 complete days x 100 = 5100, then 41 days (today included) at the naive 100 each: today is not lifted
    // to its 250 so far, so the end of today reads 5200 and the quarter 5100 + 41 x 100 = 9200
    expect(sut.points[0]).toMatchObject({ time: Date.UTC(2026, 10, 22), mean: 5200 });
    expect(sut.periodEnd).toMatchObject({ periodKey: 'FY2026-Q4', expected: 9200 });
  });

  it('a quarter-to-date sum whose source went quiet: the quiet days count as zero, not as days before the quarter', () => {
    const revenue = kpi({
      id: 'revenue',
      aggregation: 'sum',
      formula: 'sum(erp.order_value, period)',
      period: 'quarter',
    });
    // 1 Sep .. 15 Nov at 100 a day (30 + 31 + 15 = 76 days), nothing since
    const series: DailySeries = { start: Date.UTC(2026, 8, 1), values: Array<number>(76).fill(100) };

    const sut = forecastKpi(revenue, new Map([['revenue', series]]), ctx)!;

    // Q4 to date: 1 Oct .. 15 Nov = 46 days x 100 = 4600 and 16 .. 20 Nov nothing; the naive method repeats the
    // last day (0) for the 41 remaining days. Read without the quiet days, the last 51 values (26 Sep .. 15 Nov)
    // would have made 5100 and the path start at 5200.
    expect(sut.points[0].mean).toBe(4600);
    expect(sut.periodEnd!.expected).toBe(4600);
  });

  it('an average: over every day of the period', () => {
    const availability = kpi({ aggregation: 'avg', formula: 'avg(line1.availability, period)', target: 85 });

    const sut = forecastKpi(availability, new Map([['k', days(80, Array<number>(10).fill(90))]]), ctx)!;

    // Nov 1..10 at 80, 11..20 at 90, the rest repeats 90: (10 x 80 + 20 x 90) / 30 = 2600 / 30
    expect(sut.periodEnd!.expected).toBeCloseTo(2600 / 30, 9);
    // by the end of the 21st: (10 x 80 + 11 x 90) / 21 = 1790 / 21
    expect(sut.points[0].mean).toBeCloseTo(1790 / 21, 9);
    expect(sut.points[9].mean).toBeCloseTo(2600 / 30, 9);
  });

  it('a ratio of period sums: projected numerator over projected denominator, not a mean of daily ratios', () => {
    const onTime = kpi({
      formula: 'safediv(sum(erp.orders_on_time, period), sum(erp.orders_shipped, period)) * 100',
      target: 70,
    });
    const series = new Map([
      ['sum(erp.orders_on_time, period)', days(90, [100])],
      ['sum(erp.orders_shipped, period)', days(100, [200])],
      ['k', days(90, [50])], // the daily ratios, which the projection must not average
    ]);

    const sut = forecastKpi(onTime, series, ctx)!;

    // on time: 19 x 90 + 100 = 1810 elapsed + 10 x 100 = 2810; shipped: 19 x 100 + 200 = 2100 + 10 x 200 = 4100
    // 2810 / 4100 x 100 = 68.54 % (the mean of daily ratios would say (19 x 90 + 50 + 10 x 50) / 30 = 75.3 %)
    expect(sut.periodEnd!.expected).toBeCloseTo((2810 / 4100) * 100, 9);
    // by the end of the 21st: (1810 + 100) / (2100 + 200) = 1910 / 2300
    expect(sut.points[0].mean).toBeCloseTo((1910 / 2300) * 100, 9);
    expect(sut.points[9].mean).toBeCloseTo((2810 / 4100) * 100, 9);
    // 68.5 % is below the 70 % target in every outcome: the one past window that moved (origin 30, numerator +10,
    // denominator +100) gives 2820 / 4200 = 67.1 %, the others 68.5 % (kernel-smoothed: 0 to 12 decimals)
    expect(sut.periodEnd!.probabilityOfMeetingTarget).toBeCloseTo(0, 12);
    expect(sut.method).toBe('terms(naive, naive)');
    // the terms at the period's end are kept for what-if scenarios, as later periods keep theirs
    expect(sut.periodEnd!.terms!['sum(erp.orders_on_time, period)']).toBeCloseTo(2810, 9);
    expect(sut.periodEnd!.terms!['sum(erp.orders_shipped, period)']).toBeCloseTo(4100, 9);
  });

  it('a period max declared last: the max of its daily maxima, missed once a day went past the target', () => {
    const peak = kpi({ formula: 'max(line2.oven_temp, period)', direction: 'lower_is_better', target: 58 });

    const sut = forecastKpi(peak, new Map([['k', days(50, [60])]]), ctx)!;

    // 17 past windows of 10 days (origins 14..30): the one from origin 30 met the 60 of 20 Nov (error +10), the
    // others saw 50 as forecast; today's naive forecast is 60 a day, so the outcomes are 60 (16 of them) and 70, their
    // mean 1030 / 17. November's max is already 60, above the 58 allowed: the target is missed whatever comes.
    expect(sut.periodEnd!.expected).toBeCloseTo(1030 / 17, 9);
    expect(sut.periodEnd!.probabilityOfMeetingTarget).toBe(0);
    expect(sut.points[0].mean).toBeGreaterThanOrEqual(60);
    expect(sut.points[9].mean).toBeCloseTo(1030 / 17, 9);
  });

  it('KPIs of different periods sharing a term each project it to their own period end', () => {
    const formula = 'safediv(sum(erp.orders_on_time, period), sum(erp.orders_shipped, period)) * 100';
    const series = new Map([
      ['sum(erp.orders_on_time, period)', days(90, [100])],
      ['sum(erp.orders_shipped, period)', days(100, [200])],
    ]);
    const shared = { ...ctx, termCache: new Map() };

    const monthly = forecastKpi(kpi({ id: 'm', formula }), series, shared)!;
    const quarterly = forecastKpi(kpi({ id: 'q', formula, period: 'quarter' }), series, shared)!;

    expect(monthly.periodEnd!.expected).toBeCloseTo((2810 / 4100) * 100, 9);
    // the quarter from 12 Oct (no data before): on time 39 x 90 + 100 = 3610 + 41 days to 31 Dec x 100 = 7710;
    // shipped 39 x 100 + 200 = 4100 + 41 x 200 = 12300: 7710 / 12300 = 62.7 % (the month's terms would say 68.5 %)
    expect(quarterly.periodEnd).toMatchObject({ periodKey: 'FY2026-Q4' });
    expect(quarterly.periodEnd!.expected).toBeCloseTo((7710 / 12300) * 100, 9);
  });

  it('turnover: leavers to date over average headcount accumulates over the period (measured defect 4)', () => {
    const turnover = kpi({
      direction: 'lower_is_better',
      formula: 'safediv(sum(hr.leavers, period), avg(hr.headcount, period)) * 100',
      target: 3.5,
    });
    const series = new Map([
      ['sum(hr.leavers, period)', days(1)],
      ['avg(hr.headcount, period)', days(1000)],
      ['k', days(0.1)], // daily turnover: 1 / 1000 x 100
    ]);

    const sut = forecastKpi(turnover, series, ctx)!;

    // 20 leavers so far + 10 more = 30 over 1000 people = 3 % for the month (not the daily 0.1 %)
    expect(sut.periodEnd!.expected).toBeCloseTo(3, 9);
    expect(sut.points[0].mean).toBeCloseTo(2.1, 9); // 21 / 1000 x 100
    expect(sut.periodEnd!.probabilityOfMeetingTarget).toBe(1); // 3 % <= 3.5 % in every outcome
  });

  it('without term series a formula of aggregates falls back to its own daily series', () => {
    const onTime = kpi({ formula: 'safediv(sum(erp.orders_on_time, period), sum(erp.orders_shipped, period)) * 100' });

    const sut = forecastKpi(onTime, new Map([['k', days(90)]]), ctx)!;

    expect(sut.periodEnd!.expected).toBeCloseTo(90, 9);
    expect(sut.method).toBe('naive');
  });
});

/** Deterministic: extrapolates a fall of 10 a day from the last observed day, with no spread of its own. */
const falling: Forecaster = {
  name: 'falling',
  forecast: ({ y, h }) => {
    const mean = Array.from({ length: h }, (_, i) => y[y.length - 1] - 10 * (i + 1));
    return { method: 'falling', mean, lower: { 80: mean, 95: mean }, upper: { 80: mean, 95: mean } };
  },
};

describe(`${forecastKpi.name} of a KPI that cannot be negative`, () => {
  // good is a count declared >= 0: the month's output is a sum of it, the stock a snapshot of it
  const model = TwinModelBuilder.model()
    .signal({ id: 'line1.good', range: { min: 0 } })
    .kpi('output', 'sum(line1.good, period)', { aggregation: 'sum', period: 'month' })
    .kpi('stock', 'last(line1.good)', { aggregation: 'last', period: 'month' })
    .build();
  const [output, stock] = model.kpis;
  const signs = nonNegativity(model);
  const fall = { ...ctx, candidates: [falling] };

  it('floors each remaining day of a sum at 0: the period total never falls below the value to date', () => {
    const series = new Map([['output', days(30)]]);

    const unbounded = forecastKpi(output, series, fall)!;
    const sut = forecastKpi(output, series, { ...fall, signs })!;

    // Nov 1..20 at 30 = 600; the 10 remaining days forecast 20, 10, 0, -10, ..., -70 (sum -250) without the floor,
    // 20, 10 and eight 0 (sum 30) with it
    expect(unbounded.periodEnd!.expected).toBeCloseTo(350, 9);
    expect(sut.periodEnd!.expected).toBeCloseTo(630, 9);
    expect(sut.points.map((p) => p.mean)).toEqual([620, 630, 630, 630, 630, 630, 630, 630, 630, 630]);
    // every past window (constant 30 a day) missed by the same 300 - 30 = 270, so no spread around 630
    expect(sut.periodEnd).toMatchObject({ lower80: 630, upper80: 630 });
  });

  it('floors a snapshot and its bands at 0', () => {
    const series = new Map([['stock', days(30)]]);

    const unbounded = forecastKpi(stock, series, fall)!;
    const sut = forecastKpi(stock, series, { ...fall, signs })!;

    // the last day (30 Nov) forecast 30 - 100 = -70 without the floor, 0 with it
    expect(unbounded.periodEnd!.expected).toBeCloseTo(-70, 9);
    expect(sut.periodEnd!.expected).toBe(0);
    expect(sut.points.map((p) => p.mean)).toEqual([20, 10, 0, 0, 0, 0, 0, 0, 0, 0]);
    for (const p of sut.points) expect(Math.min(p.lower80, p.lower95)).toBeGreaterThanOrEqual(0);
  });
});

describe(`${forecastKpi.name}: provisional forecasts`, () => {
  const revenue = kpi({ id: 'revenue', aggregation: 'sum', formula: 'sum(erp.order_value, period)' });
  /** `n` complete days at 100, the last one yesterday (20 Nov). */
  const complete = (n: number): Map<string, DailySeries> =>
    new Map([['revenue', { start: Date.UTC(2026, 10, 21) - n * 86_400_000, values: Array<number>(n).fill(100) }]]);

  it('is final on settled history long enough for the backtest', () => {
    // 3 origins of 14 days, 7 apart, each with at least 2 x 7 training days: 14 + 14 + 2 x 7 = 42 days
    const sut = forecastKpi(revenue, complete(42), ctx)!;

    expect(sut).toMatchObject({ provisional: false, provisionalReason: null });
  });

  it("is provisional when the history is too short for its method's backtest", () => {
    // 41 days: origins at days 27 and 20 leave 14 training days or more, the one at 13 does not
    const sut = forecastKpi(revenue, complete(41), ctx)!;

    expect(sut).toMatchObject({
      provisional: true,
      provisionalReason: "short history: its method's backtest ran on 2 of 3 windows",
    });
  });

  it('is provisional while history is still arriving, with both reasons when both hold', () => {
    const historyLoading = 'history still arriving: 12 samples for past days (from 2026-11-01), the last 3 s ago';

    expect(forecastKpi(revenue, complete(42), { ...ctx, historyLoading })).toMatchObject({
      provisional: true,
      provisionalReason: historyLoading,
    });
    expect(forecastKpi(revenue, complete(41), { ...ctx, historyLoading })!.provisionalReason).toBe(
      `${historyLoading}; short history: its method's backtest ran on 2 of 3 windows`,
    );
  });
});
