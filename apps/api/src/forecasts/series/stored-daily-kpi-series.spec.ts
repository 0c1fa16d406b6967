import type { SampleQuality } from '@bsc/common';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { KpiDailyValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder, validateModel, type TwinModel } from '@bsc/twin';
import { buildDailyKpiSeries, DAY_MS, type DailySeries } from './daily-kpi-series';
import { KeptDailyValues } from './kept-daily-values';
import { COMMIT_GRACE_MS, dailyModelOf, updateDailyKpiSeries } from './stored-daily-kpi-series';
import { testSample as sample } from '@bsc/common';

const HOUR = 3_600_000;
const DAY1 = Date.UTC(2026, 10, 1);
const at = (day: number, hour: number): number => DAY1 + day * DAY_MS + hour * HOUR;

describe(updateDailyKpiSeries.name, () => {
  let dataSource: DataSource;
  let samples: SampleRepository;
  let store: KpiDailyValueRepository;

  beforeAll(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    samples = new SampleRepository(dataSource);
    store = new KpiDailyValueRepository(dataSource);
  });
  afterAll(() => dataSource.destroy());
  beforeEach(async () => {
    for (const table of ['signal_sample', 'kpi_daily_value', 'kpi_daily_state'])
      await dataSource.query(`DELETE FROM ${table}`);
  });

  it('recomputes only the open day, and the day of a late sample, from stored daily values', async () => {
    const raw = TwinModelBuilder.minimal()
      .set('kpis[1].formula', 'safediv(sum(line1.scrap, period), sum(line1.good, period)) * 100')
      .toDocument();
    const model = validateModel(raw).model as TwinModel;
    const received = (hours: number): number => at(10, hours);

    // day 0: good 40 + 60, scrap 1 + 4
    await samples.insertBatch([sample('line1.good', at(0, 1), 40), sample('line1.scrap', at(0, 1), 1)], received(0));
    await samples.insertBatch([sample('line1.good', at(0, 2), 60), sample('line1.scrap', at(0, 2), 4)], received(0));
    const first = await updateDailyKpiSeries(model, samples, store, received(1));
    expect(first.figures).toMatchObject({ mode: 'full', samplesRead: 4 });
    expect(first.series.get('scrap_rate')).toEqual({ start: DAY1, values: [5] }); // 5 / 100 x 100

    // day 1: good 50, scrap 5 — from the first update's checkpoint (cut 01:55 of day 0, 5 min before its newest
    // sample): per signal its newest sample before the cut carried in (01:00), day 0's 02:00 pair, day 1's pair
    await samples.insertBatch([sample('line1.good', at(1, 1), 50), sample('line1.scrap', at(1, 1), 5)], received(2));
    const second = await updateDailyKpiSeries(model, samples, store, received(3));
    expect(second.figures).toMatchObject({ mode: 'checkpoint', since: at(0, 0), samplesRead: 6 });
    const third = await updateDailyKpiSeries(model, samples, store, received(3) + COMMIT_GRACE_MS + 1);
    // from the second's checkpoint (cut 00:55 of day 1): day 0's 02:00 pair carried in and day 1's pair
    expect(third.figures).toMatchObject({ mode: 'checkpoint', since: at(1, 0), samplesRead: 4 });
    expect(third.series.get('scrap_rate')).toEqual({ start: DAY1, values: [5, 10] }); // 5 / 50 x 100
    expect(third.series.get('sum(line1.good, period)')).toEqual({ start: DAY1, values: [100, 50] });

    // a late good count of 100 for day 0, before the checkpoint's reach: that day is recomputed, 5 / 200 x 100
    await samples.insertBatch([sample('line1.good', at(0, 3), 100)], received(5));
    const late = await updateDailyKpiSeries(model, samples, store, received(6));
    expect(late.figures).toMatchObject({ mode: 'incremental', since: at(0, 0) });
    expect(late.series.get('scrap_rate')).toEqual({ start: DAY1, values: [2.5, 10] });
    expect(late.series.get('sum(line1.good, period)')).toEqual({ start: DAY1, values: [200, 50] });
    expect(late.series.get('output')).toEqual({ start: DAY1, values: [200, 50] });

    // the same model with a planned stop declared: stops change no value, so the stored days are kept
    const withStop = structuredClone(model);
    withStop.calendar.plannedDowntime = [{ scope: ['line1'], weekdays: [1], start: '06:00', duration: '1h' }];
    const kept = await updateDailyKpiSeries(withStop, samples, store, received(6) + 1);
    expect(kept.figures.mode).not.toBe('full');
    expect(kept.series.get('scrap_rate')).toEqual({ start: DAY1, values: [2.5, 10] });

    // another model: its values are rebuilt from all samples, none of the old ones kept
    const other = validateModel(TwinModelBuilder.minimal().toDocument()).model as TwinModel;
    const rebuilt = await updateDailyKpiSeries(other, samples, store, received(7));
    expect(rebuilt.figures).toMatchObject({ mode: 'full', samplesRead: 7 });
    expect(rebuilt.series.has('sum(line1.good, period)')).toBe(false);
  });

  it("a cycle on the open day reads the samples since the previous one, not the day's, with the same series", async () => {
    const model = validateModel(TwinModelBuilder.minimal().toDocument()).model as TwinModel;
    const pair = (hour: number, good: number, scrap: number) => [
      sample('line1.good', at(0, hour), good),
      sample('line1.scrap', at(0, hour), scrap),
    ];
    // day 0, 01:00 to 04:00: good 10 + 20 + 30 + 40 = 100, scrap 4 x 1
    await samples.insertBatch([...pair(1, 10, 1), ...pair(2, 20, 1), ...pair(3, 30, 1), ...pair(4, 40, 1)], at(0, 5));
    const first = await updateDailyKpiSeries(model, samples, store, at(0, 6));
    expect(first.figures).toMatchObject({ mode: 'full', samplesRead: 8 });
    // 05:00: good 50, scrap 5 (same day)
    await samples.insertBatch(pair(5, 50, 5), at(0, 7));
    const next = await updateDailyKpiSeries(model, samples, store, at(0, 8));
    // checkpoint cut at 03:55: the 03:00 pair carried in, the 04:00 pair after the cut, the new 05:00 pair (6, where
    // the day recomputed from its samples reads all 10); days from the day before on are evaluated, as scrap_rate
    // reads output's latest value before its day
    expect(next.figures).toMatchObject({ mode: 'checkpoint', since: at(-1, 0), samplesRead: 6 });
    // 10 + 20 + 30 + 40 + 50 = 150; scrap 9 / 150 x 100 = 6
    expect(next.series.get('output')).toEqual({ start: DAY1, values: [150] });
    expect(next.series.get('scrap_rate')).toEqual({ start: DAY1, values: [6] });
    const reference = await buildDailyKpiSeries(model, samples.replay({ receivedBy: at(0, 8) }));
    expect(next.series).toEqual(reference);
  });

  it('a second update as of the same time (another batch of one run) reads no sample and gives the same series', async () => {
    const model = validateModel(TwinModelBuilder.minimal().toDocument()).model as TwinModel;
    // day 0: good 30 + 70 = 100, scrap 2 + 3 = 5
    await samples.insertBatch([sample('line1.good', at(0, 1), 30), sample('line1.scrap', at(0, 1), 2)], at(0, 2));
    await samples.insertBatch([sample('line1.good', at(0, 3), 70), sample('line1.scrap', at(0, 3), 3)], at(0, 4));
    const first = await updateDailyKpiSeries(model, samples, store, at(0, 5));
    expect(first.figures).toMatchObject({ mode: 'full', samplesRead: 4 });
    expect(first.series.get('scrap_rate')).toEqual({ start: DAY1, values: [5] }); // 5 / 100 x 100

    // the same time, with the values kept and without (another worker): nothing read, the stored values
    const kept = new KeptDailyValues();
    for (const values of [kept, kept, undefined]) {
      const again = await updateDailyKpiSeries(model, samples, store, at(0, 5), undefined, values);
      expect(again.figures).toMatchObject({ mode: 'current', samplesRead: 0, daysWritten: 0 });
      expect(again.series).toEqual(first.series);
    }
    // an earlier time than the stored update (a run queued before it): the stored values, nothing read
    const earlier = await updateDailyKpiSeries(model, samples, store, at(0, 5) - 1);
    expect(earlier.figures).toMatchObject({ mode: 'current', samplesRead: 0 });

    // later, with a new pair (good 100, scrap 15): fed from the checkpoint as before
    await samples.insertBatch([sample('line1.good', at(0, 6), 100), sample('line1.scrap', at(0, 6), 15)], at(0, 6));
    const later = await updateDailyKpiSeries(model, samples, store, at(0, 7));
    expect(later.figures.mode).toBe('checkpoint');
    expect(later.series.get('scrap_rate')).toEqual({ start: DAY1, values: [10] }); // 20 / 200 x 100
  });

  it('a run covering older receipts does not overwrite a newer one', async () => {
    const model = validateModel(TwinModelBuilder.minimal().toDocument()).model as TwinModel;
    await samples.insertBatch([sample('line1.good', at(0, 1), 40)], at(3, 0));
    await updateDailyKpiSeries(model, samples, store, at(3, 2));
    const state = await store.state();

    const saved = await store.save({ ...state!, receivedBy: state!.receivedBy - 1 }, [], true);

    expect(saved).toBe(false);
    expect((await updateDailyKpiSeries(model, samples, store, at(3, 3))).series.get('output')).toEqual({
      start: DAY1,
      values: [40],
    });
  });

  // the paths of the engine's bounded-replay property: period and sliding windows, latest values, quality, KPI
  // over KPI, a gauge held across gaps and a counter with resets; the daily model turns every period into a day
  const model = TwinModelBuilder.model()
    .calendar({ timezone: '+01:00' })
    .signal('a', 'b')
    .declare({ maxHold: '2h' }, 'a')
    .declare({ kind: 'counter' }, 'b')
    .kpi('level', 'avg(a, period) + max(a, period) - min(a, 3h) + sum(b, period) + rate(b, 6h)')
    .kpi('total', 'sum(a, period)', { aggregation: 'sum' })
    .kpi('mix', 'avg(a, 1h) + max(b, 15m) - min(a, 30m)')
    .kpi('spread', 'a - b')
    .kpi('dispersion', 'stddev(a, period) + count(b, period)')
    .kpi('flow', 'rate(a, 2h) + delta(b, 1d) + first(b, period) + last(a, 45m)')
    .kpi('ratio', 'safediv(sum(a, period), sum(b, period)) * 100')
    // a gauge's change over the period: a series of day-over-day changes made of its daily last and first readings
    .kpi('change', 'delta(a, period) - delta(b, period)')
    // a running total of a gauge's change at a latest value: its days evaluated again, bridged within the week
    .kpi('worth', 'delta(a, period) * b', { period: 'week', aggregation: 'last' })
    .kpi('weekly', 'avg(total, period) + max(mix, period)', { period: 'week' })
    // windows longer than a day: the days recomputed read further back than their own samples
    .kpi('long', 'sum(a, 2d) + max(total, 3d) + count(b, 36h)')
    .build();
  const T0 = Date.UTC(2026, 10, 20);
  const SPAN = 5 * DAY_MS;
  const RECEIPTS = 4;
  /**
   * Fine buckets over the whole span: a replay of everything evaluates a closed day's windows only once the
   * watermark has moved on, and past the fine horizon (6 h by default) the engine answers from coarse buckets, so
   * the reference itself would depend on where its chunks end. Within the horizon both are exact.
   */
  const EXACT = { retentionMs: 10 * DAY_MS };
  const R0 = T0 + 30 * DAY_MS;
  const receipt = (batch: number): number => R0 + batch * HOUR;
  const scenarioArb = fc.uniqueArray(
    fc.record({
      signalId: fc.constantFrom('a', 'b'),
      ts: fc.integer({ min: T0, max: T0 + SPAN }),
      value: fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
      quality: fc.constantFrom<SampleQuality>('good', 'good', 'good', 'uncertain', 'bad'),
      // mostly in time order, but any batch may carry samples older than the days already stored
      batch: fc.integer({ min: 0, max: RECEIPTS - 1 }),
    }),
    { minLength: 1, maxLength: 100, selector: (s) => `${s.signalId}@${s.ts}` },
  );
  // SQLite stores a whole-number REAL as an integer: -0 reads back as 0
  const plain = (series: Map<string, DailySeries>) =>
    [...series].map(([key, s]) => [key, s.start, [...s.values, ...(s.stepsIn ?? [])].map((v) => (v === 0 ? 0 : v))]);

  type Scenario = Array<{ signalId: string; ts: number; value: number; quality: SampleQuality; batch: number }>;
  /** Stores each batch of the scenario in turn and calls `check` with the time of the update after it. */
  const eachReceipt = async (scenario: Scenario, check: (now: number) => Promise<void>): Promise<void> => {
    for (const table of ['signal_sample', 'kpi_daily_value', 'kpi_daily_state'])
      await dataSource.query(`DELETE FROM ${table}`);
    // batches in time order of their samples' receipt, the samples of a batch sorted (the update after each)
    for (let batch = 0; batch < RECEIPTS; batch++) {
      const rows = scenario.filter((s) => s.batch === batch).map(({ batch: _, ...s }) => ({ ...s, source: 'test' }));
      if (rows.length > 0) await samples.insertBatch(rows, receipt(batch));
      await check(receipt(batch) + COMMIT_GRACE_MS + 1);
    }
  };

  it('after every receipt, with late samples, gives the series a replay of every stored sample gives', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        await eachReceipt(scenario, async (now) => {
          const sut = await updateDailyKpiSeries(model, samples, store, now, EXACT);
          const reference = await buildDailyKpiSeries(model, samples.replay({ receivedBy: now }), EXACT);
          expect(plain(sut.series)).toEqual(plain(reference));
        });
      }),
      { numRuns: 40, seed: 15_2 },
    );
  }, 60_000);

  it.each([
    ['alone', 'none'],
    ['with another update saved before it now and then', 'before'],
    ['with another update saved between its read and its save now and then', 'between'],
  ] as const)(
    'with the values kept from update to update (%s) gives the same series, reading back only after another',
    async (_, other) => {
      await fc.assert(
        fc.asyncProperty(
          scenarioArb,
          fc.array(fc.boolean(), { minLength: RECEIPTS, maxLength: RECEIPTS }),
          async (scenario, others) => {
            const kept = new KeptDailyValues();
            let receipt = 0;
            await eachReceipt(scenario, async (now) => {
              const foreign = other !== 'none' && receipt > 0 && others[receipt];
              receipt++;
              // another API's update, a minute's receipts behind this one
              const theirs = () => updateDailyKpiSeries(model, samples, store, now - 60_000, EXACT);
              if (foreign && other === 'before') await theirs();
              let interleave = foreign && other === 'between';
              const racing: typeof store = Object.assign(Object.create(store) as typeof store, {
                save: async (...args: Parameters<typeof store.save>) => {
                  if (interleave) {
                    interleave = false;
                    await theirs();
                  }
                  return store.save(...args);
                },
              });
              const sut = await updateDailyKpiSeries(model, samples, racing, now, EXACT, kept);
              const reference = await buildDailyKpiSeries(model, samples.replay({ receivedBy: now }), EXACT);
              expect(plain(sut.series)).toEqual(plain(reference));
              const [{ n }] = await dataSource.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM kpi_daily_value');
              // after another update, every stored value read back; otherwise none
              expect(sut.figures.valuesRead).toBe(foreign ? Number(n) : 0);
            });
          },
        ),
        { numRuns: 25, seed: 49_1 },
      );
    },
    60_000,
  );

  // windows up to 50 minutes over signals: the daily engine's fine buckets hold 108 minutes instead of 6 hours (twice
  // 50 + the 3 minutes a's readings hold + a bucket); windows of whole hours end on hour edges at a day's end, where
  // hour buckets would give the same values, so these are not
  const shortWindows = TwinModelBuilder.model()
    .signal('a', 'b')
    .declare({ kind: 'counter' }, 'b')
    .kpi('level', 'avg(a, 50m)')
    .kpi('peak', 'max(b, 25m)')
    .kpi('low', 'min(a, 35m)')
    .kpi('recent', 'last(a, 45m) + count(b, 40m)')
    .kpi('long', 'rate(a, 6h) + sum(b, 2d) + avg(a, period)')
    .kpi('roll', 'max(level, 3h) + long')
    .build();

  // denser: 60 to 150 samples over two days
  const denseArb = fc.uniqueArray(
    fc.record({
      signalId: fc.constantFrom('a', 'b'),
      ts: fc.integer({ min: T0, max: T0 + 2 * DAY_MS }),
      value: fc.integer({ min: -1_000, max: 1_000 }),
      quality: fc.constantFrom<SampleQuality>('good', 'good', 'good', 'uncertain', 'bad'),
      batch: fc.integer({ min: 0, max: RECEIPTS - 1 }),
    }),
    { minLength: 60, maxLength: 150, selector: (s) => `${s.signalId}@${s.ts}` },
  );

  it.each([
    ['the windows of every kind above', model, scenarioArb],
    ['windows up to 50 minutes', shortWindows, denseArb],
  ])(
    'gives with its fitted fine horizon the values of the default horizon (%s)',
    async (_, sutModel, arb) => {
      const SIX_HOURS = { retentionMs: 6 * HOUR };
      const run = async (scenario: Scenario, options?: typeof SIX_HOURS): Promise<unknown[]> => {
        const out: unknown[] = [];
        await eachReceipt(scenario, async (now) => {
          out.push(plain((await updateDailyKpiSeries(sutModel, samples, store, now, options)).series));
        });
        return out;
      };
      await fc.assert(
        fc.asyncProperty(arb, async (scenario) => {
          expect(await run(scenario)).toEqual(await run(scenario, SIX_HOURS));
        }),
        { numRuns: 30, seed: 36_1 },
      );
    },
    60_000,
  );
});

describe(dailyModelOf.name, () => {
  const model = () => validateModel(TwinModelBuilder.minimal().toDocument()).model as TwinModel;

  it('computes once per model object, and gives an equal model the same checksum', () => {
    const a = model();
    const first = dailyModelOf(a);
    expect(dailyModelOf(a)).toBe(first);
    const b = model();
    expect(dailyModelOf(b)).not.toBe(first);
    expect(dailyModelOf(b).modelChecksum).toBe(first.modelChecksum);
  });

  it('gives a model whose KPIs differ another checksum, and ignores planned stops', () => {
    const base = model();
    const changed = { ...base, kpis: base.kpis.map((k, i) => (i === 0 ? { ...k, formula: `${k.formula} + 1` } : k)) };
    const stops = { ...base, calendar: { ...base.calendar, plannedDowntime: [] } };
    expect(dailyModelOf(changed).modelChecksum).not.toBe(dailyModelOf(base).modelChecksum);
    expect(dailyModelOf(stops).modelChecksum).toBe(dailyModelOf(base).modelChecksum);
  });
});
