import { testSample as signalSample, type SignalSample } from '@bsc/common';
import fc from 'fast-check';
import { FiscalCalendar, KpiEngine } from '@bsc/kpi';
import { TwinModelBuilder, type TwinModel } from '@bsc/twin';
import { buildDailyKpiSeries, dailyKpiModel, DAY_MS, type DailySeries } from './daily-kpi-series';
import { pagesOf } from './testing/sample-pages';

const HOUR = 3_600_000;
const OCT31 = Date.UTC(2026, 9, 31);
/** Far enough back for the engine's own windows over the whole span to read fine buckets. */
const EXACT = { retentionMs: 60 * DAY_MS };

/** A monthly KPI worth a level's change at a price: not projected term by term (it reads a signal's latest value). */
const stockValue = (kind: 'gauge' | 'counter'): TwinModel =>
  TwinModelBuilder.model()
    .signal('erp.stock', 'erp.price')
    .declare({ kind }, 'erp.stock')
    .kpi('stock_value', 'delta(erp.stock, period) * erp.price', { aggregation: 'last', period: 'month', target: 1 })
    .build();

/** The price of 2 read at the start of every day from 30 Oct to 30 Nov. */
const prices = (): SignalSample[] =>
  Array.from({ length: 32 }, (_, d) => signalSample('erp.price', OCT31 + (d - 1) * DAY_MS, 2));

async function dailySeries(model: TwinModel, samples: SignalSample[]): Promise<DailySeries> {
  const sorted = [...samples].sort((a, b) => a.ts - b.ts);
  const series = await buildDailyKpiSeries(model, pagesOf(sorted), EXACT);
  return series.get(model.kpis[0].id)!;
}

/** The series' days of `day`'s month up to `day` added up. */
function sumToDate(series: DailySeries, day: number, calendar: FiscalCalendar): number {
  const month = calendar.periodOf(day, 'month');
  let total = 0;
  for (let i = 0; i < series.values.length; i++) {
    const at = series.start + i * DAY_MS;
    if (at >= month.start && at <= day) total += series.values[i];
  }
  return total;
}

/** What the KPI engine gives for the month to date at the end of each day from `from` (0: nothing read yet). */
function periodToDate(model: TwinModel, samples: SignalSample[], from: number, days: number): number[] {
  const engine = new KpiEngine(model, EXACT);
  const calendar = new FiscalCalendar(model.calendar);
  const sorted = [...samples].sort((a, b) => a.ts - b.ts);
  engine.replay(sorted.filter((s) => s.ts < from));
  const out: number[] = [];
  for (let d = 0; d < days; d++) {
    const end = from + (d + 1) * DAY_MS;
    engine.replay(sorted.filter((s) => s.ts >= end - DAY_MS && s.ts < end));
    const month = calendar.periodOf(end - 1, 'month').start;
    const value = engine.history(model.kpis[0].id).find((v) => v.periodStart === month)?.value;
    out.push(value ?? 0);
  }
  return out;
}

describe(`${buildDailyKpiSeries.name} of a level's change over its period`, () => {
  const calendar = new FiscalCalendar(stockValue('gauge').calendar);

  it("adds each day's step in from the day before, up to the month's change (readings every half day)", async () => {
    // the stock at 00:00 and 12:00 from 31 Oct, 5 more each half day: 0, 5 on 31 Oct; 10, 15 on 1 Nov; .. 305 at
    // 30 Nov 12:00
    const stock = Array.from({ length: 62 }, (_, k) => signalSample('erp.stock', OCT31 + k * 12 * HOUR, 5 * k));

    const sut = await dailySeries(stockValue('gauge'), [...stock, ...prices()]);

    // 31 Oct: (5 - 0) x 2; 1 Nov from the month's first reading: (15 - 10) x 2; every later day from the day before's
    // last reading: (25 - 15) x 2 = 20
    expect(sut.start).toBe(OCT31);
    expect(sut.values).toEqual([10, 10, ...Array<number>(29).fill(20)]);
    // November: 10 + 29 x 20 = 590, its last reading less its first times the price: (305 - 10) x 2 = 59 x 5 x 2
    expect(sumToDate(sut, Date.UTC(2026, 10, 30), calendar)).toBe(590);
  });

  it('leaves out a day without readings and bridges the next one from the last reading before it', async () => {
    // 30 Oct 12:00 at 50; none on 31 Oct and 1 Nov; 2 Nov 60 then 64; none on 3 Nov; 4 Nov 70 then 73
    const stock = [
      signalSample('erp.stock', OCT31 - 12 * HOUR, 50),
      signalSample('erp.stock', OCT31 + 2 * DAY_MS, 60),
      signalSample('erp.stock', OCT31 + 2 * DAY_MS + 12 * HOUR, 64),
      signalSample('erp.stock', OCT31 + 4 * DAY_MS + 6 * HOUR, 70),
      signalSample('erp.stock', OCT31 + 4 * DAY_MS + 18 * HOUR, 73),
    ];

    const sut = await dailySeries(stockValue('gauge'), [...stock, ...prices()]);

    // 30 Oct: one reading, no change; 31 Oct, 1 Nov: none; 2 Nov from November's first reading, not 30 Oct's:
    // (64 - 60) x 2; 3 Nov: none; 4 Nov from 2 Nov's last: (73 - 64) x 2; November to date (73 - 60) x 2 = 26;
    // then nothing more to 30 Nov, the last day the price is read
    expect(sut.values).toEqual([0, 0, 0, 8, 0, 18, ...Array<number>(26).fill(0)]);
    expect(sumToDate(sut, OCT31 + 4 * DAY_MS, calendar)).toBe(26);
  });

  it('counts a day whose price is not read yet on the next day that has one', async () => {
    // the stock 10 then 15 on 1 Nov, 20 then 25 on 2 Nov; the price 2 read first on 2 Nov
    const stock = [10, 15, 20, 25].map((v, k) => signalSample('erp.stock', OCT31 + DAY_MS + k * 12 * HOUR, v));
    const samples = [...stock, signalSample('erp.price', OCT31 + 2 * DAY_MS, 2)];

    const sut = await dailySeries(stockValue('gauge'), samples);

    // 1 Nov: none (no price); 2 Nov from November's first reading: (25 - 10) x 2 = 30, the engine's month to date
    expect(sut).toEqual({ start: OCT31 + 2 * DAY_MS, values: [30] });
    expect(periodToDate(stockValue('gauge'), samples, OCT31 + DAY_MS, 2)).toEqual([0, 30]);
  });

  it("adds a counter's increase across resets day by day, from the reading before the month", async () => {
    const stock = [
      signalSample('erp.stock', OCT31 + 12 * HOUR, 100),
      signalSample('erp.stock', OCT31 + DAY_MS, 110),
      signalSample('erp.stock', OCT31 + DAY_MS + 12 * HOUR, 130),
      signalSample('erp.stock', OCT31 + 2 * DAY_MS, 5), // a reset: 5 since it restarted
      signalSample('erp.stock', OCT31 + 2 * DAY_MS + 12 * HOUR, 25),
      signalSample('erp.stock', OCT31 + 4 * DAY_MS, 40),
    ];

    const sut = await dailySeries(stockValue('counter'), [...stock, ...prices()]);

    // the increase counts from 31 Oct's 100: 1 Nov 10 + 20 = 30, 2 Nov 5 + 20 = 25, 3 Nov none, 4 Nov 15; times 2
    // then nothing more to 30 Nov, the last day the price is read
    expect(sut.values.slice(1)).toEqual([60, 50, 0, 30, ...Array<number>(26).fill(0)]);
    // November to date: (30 + 25 + 15) x 2 = 140, as the engine's month (the step in from 31 Oct included)
    expect(sumToDate(sut, OCT31 + 4 * DAY_MS, calendar)).toBe(140);
    expect(periodToDate(stockValue('counter'), [...stock, ...prices()], OCT31 + DAY_MS, 4)[3]).toBe(140);
  });

  it("adds up to the month's change at the newest price, not each day's change at its own price", async () => {
    // the stock 10 then 20 on 1 Nov, 30 on 2 Nov; the price 2 from 1 Nov, 2.5 from 2 Nov. The engine's month to
    // date: (20 - 10) x 2 = 20 on 1 Nov, (30 - 10) x 2.5 = 50 on 2 Nov; each day's change at its own price said
    // 20 + (30 - 20) x 2.5 = 45, so 2 Nov is 50 - 20 = 30
    const stock = [
      signalSample('erp.stock', OCT31 + DAY_MS, 10),
      signalSample('erp.stock', OCT31 + DAY_MS + 12 * HOUR, 20),
      signalSample('erp.stock', OCT31 + 2 * DAY_MS + 12 * HOUR, 30),
    ];
    const price = [signalSample('erp.price', OCT31 + DAY_MS, 2), signalSample('erp.price', OCT31 + 2 * DAY_MS, 2.5)];

    const sut = await dailySeries(stockValue('gauge'), [...stock, ...price]);

    expect(sut).toEqual({ start: OCT31 + DAY_MS, values: [20, 30] });
    expect(periodToDate(stockValue('gauge'), [...stock, ...price], OCT31 + DAY_MS, 2)).toEqual([20, 50]);
  });

  it("counts a counter's increase on a day whose price is not read yet on the next day that has one", async () => {
    // the counter at 100 on 31 Oct, 110 on 1 Nov, 130 on 2 Nov; the price 2 read first on 2 Nov 00:00. The engine's
    // month to date on 2 Nov: (130 - 100) x 2 = 60; 1 Nov's increase of 10 had no price, and was lost (40)
    const stock = [100, 110, 130].map((v, d) => signalSample('erp.stock', OCT31 + d * DAY_MS + 12 * HOUR, v));
    const samples = [...stock, signalSample('erp.price', OCT31 + 2 * DAY_MS, 2)];

    const sut = await dailySeries(stockValue('counter'), samples);

    expect(sut).toEqual({ start: OCT31 + 2 * DAY_MS, values: [60] });
    expect(periodToDate(stockValue('counter'), samples, OCT31 + DAY_MS, 2)).toEqual([0, 60]);
  });

  it.each(['gauge', 'counter'] as const)(
    "adds up, at the end of every day, to the month's change to date the engine gives at a moving price (seeded %s)",
    async (kind) => {
      const model = stockValue(kind);
      const days = 32; // 30 Oct .. 30 Nov
      const from = OCT31 - DAY_MS;
      const reading = (max: number) =>
        fc.uniqueArray(
          fc.record({
            ts: fc.integer({ min: from, max: from + days * DAY_MS - 1 }),
            value: fc.integer({ min: 0, max }),
          }),
          { minLength: 1, maxLength: 60, selector: (r) => r.ts },
        );
      await fc.assert(
        fc.asyncProperty(reading(500), reading(20), async (stock, price) => {
          const samples = [
            ...stock.map((r) => signalSample('erp.stock', r.ts, r.value)),
            ...price.map((r) => signalSample('erp.price', r.ts, r.value)),
          ];
          const sut = await dailySeries(model, samples);
          const expected = periodToDate(model, samples, from, days);
          for (let d = 0; d < days; d++)
            expect(sut ? sumToDate(sut, from + d * DAY_MS, calendar) : 0).toBeCloseTo(expected[d], 6);
        }),
        { numRuns: 30, seed: 20_261_208 },
      );
    },
    60_000,
  );

  it.each(['gauge', 'counter'] as const)(
    "adds up, at the end of every day, to the month's change to date the engine gives (seeded %s readings)",
    async (kind) => {
      const model = stockValue(kind);
      const days = 32; // 30 Oct .. 30 Nov
      const from = OCT31 - DAY_MS;
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(
            fc.record({
              ts: fc.integer({ min: from, max: from + days * DAY_MS - 1 }),
              value: fc.integer({ min: 0, max: 500 }),
            }),
            { minLength: 1, maxLength: 80, selector: (r) => r.ts },
          ),
          async (readings) => {
            const samples = [...readings.map((r) => signalSample('erp.stock', r.ts, r.value)), ...prices()];
            const sut = await dailySeries(model, samples);
            const expected = periodToDate(model, samples, from, days);
            for (let d = 0; d < days; d++)
              expect(sumToDate(sut, from + d * DAY_MS, calendar)).toBeCloseTo(expected[d], 6);
          },
        ),
        { numRuns: 30, seed: 20_261_207 },
      );
    },
    60_000,
  );
});

describe(dailyKpiModel.name, () => {
  it.each([
    // stored daily values of a model without these series are of another checksum, so they are rebuilt
    ['a gauge', 'gauge', 'month', ['last(erp.stock, period)', 'first(erp.stock, period)', 'erp.price']],
    ['a counter (its daily increase)', 'counter', 'month', ['delta(erp.stock, period)', 'erp.price']],
    ['a daily gauge (its days are its periods)', 'gauge', 'day', []],
  ] as const)('evaluates per day the series a change at a price is made of: %s', (_, kind, period, hidden) => {
    const model = stockValue(kind);
    const sut = dailyKpiModel({ ...model, kpis: model.kpis.map((k) => ({ ...k, period })) });

    expect(sut.model.kpis.slice(1).map((k) => k.formula)).toEqual(hidden);
    expect(sut.periodChanges.map((k) => k.key)).toEqual(hidden.length > 0 ? ['stock_value'] : []);
  });
});
