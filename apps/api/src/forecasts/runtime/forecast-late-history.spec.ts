import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { ActiveModel } from '@bsc/app-kit';
import { hourlySamples } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import { ForecastRepository, openDataSource, SampleRepository, TargetOverrideRepository } from '@bsc/persistence';
import { TwinModelBuilder, TwinGraph } from '@bsc/twin';
import { DEFAULT_FORECAST_SCHEDULE } from './forecast-schedule';
import { ForecastService } from './forecast.service';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Days of the history that arrive only after the first run (a backfill still loading, a connector catching up). */
const LATE_DAYS = 3;

/**
 * A quarter-to-date sum of an hourly count of 10 (240 a day). The first run sees history with a hole before today
 * (its days read as zero); the rest of the history arrives after it, and the run that follows must start the path
 * from the value to date again.
 */
describe(`${ForecastService.name} and history that arrives after a run`, () => {
  const model = TwinModelBuilder.minimal()
    .kpi('qtd', 'sum(line1.good, period)', { period: 'quarter', aggregation: 'sum', target: 1 })
    .buildValid();
  const activeModel: ActiveModel = {
    current: () => ({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 }),
    onChange: () => () => undefined,
    import: () => Promise.reject(new Error('not used')),
  };
  const calendar = new FiscalCalendar(model.calendar);
  const bus = new InProcessEventBus();
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await openDataSource({ sqlitePath: join(mkdtempSync(join(tmpdir(), 'bsc-late-')), 'bsc.sqlite') });
  });

  afterAll(() => dataSource.destroy());

  it('re-forecasts once the late history has settled: the path starts at the value to date again', async () => {
    const now = Date.now();
    const today = calendar.periodOf(now, 'day').start;
    const quarter = calendar.periodOf(now, 'quarter');
    // 100 days before today (a whole quarter), the last LATE_DAYS held back; today's hours so far are there
    const holeStart = today - LATE_DAYS * DAY;
    const samples = new SampleRepository(dataSource);
    await samples.insertBatch([
      ...hourlySamples('line1.good', today - 100 * DAY, holeStart, 10),
      ...hourlySamples('line1.good', today, now, 10),
    ]);
    const sut = new ForecastService(
      activeModel,
      new ForecastRepository(dataSource),
      new TargetOverrideRepository(dataSource),
      {
        database: { sqlitePath: dataSource.options.database as string },
        schedule: { ...DEFAULT_FORECAST_SCHEDULE, initialDelayMs: DAY, intervalMs: DAY, periodCheckMs: 100 },
        autoStart: true,
      },
      bus,
    );
    sut.onModuleInit();
    await sut.onApplicationBootstrap();
    await sut.runNow();
    const first = (await sut.forecast('qtd'))!;

    const rerun = new Promise<void>((resolve) => {
      const off = bus.subscribe('forecast.updated', () => {
        off();
        resolve();
      });
    });
    const late = hourlySamples('line1.good', holeStart, today, 10);
    await samples.insertBatch(late);
    bus.publish('samples.ingested', { samples: late });
    await rerun;
    const view = (await sut.forecast('qtd'))!;
    await sut.onModuleDestroy();

    // complete days of the quarter so far at 240 each; the path's first point is the end of today (+ 240)
    const elapsedDays = Math.round((today - quarter.start) / DAY);
    const remainingDays = Math.round((quarter.end - today) / DAY);
    const toDate = 240 * elapsedDays;
    expect(first.points[0].mean).toBeLessThan(toDate); // the stale run: the held-back days counted as zero
    expect(view.computedAt).toBeGreaterThan(first.computedAt);
    expect(view.points).toHaveLength(remainingDays);
    expect(Math.abs(view.points[0].mean - (toDate + 240))).toBeLessThan(0.5);
    // period end: value to date + 240 for each remaining day (today included)
    expect(Math.abs(view.periodEnd!.expected - (toDate + 240 * remainingDays))).toBeLessThan(0.5 * remainingDays);
  }, 60_000);

  it('a run while history is still arriving is provisional; the run once it has settled is not', async () => {
    const now = Date.now();
    const sut = new ForecastService(
      activeModel,
      new ForecastRepository(dataSource),
      new TargetOverrideRepository(dataSource),
      {
        database: { sqlitePath: dataSource.options.database as string },
        // history settles after 100 ms without samples for past days
        schedule: { ...DEFAULT_FORECAST_SCHEDULE, initialDelayMs: DAY, intervalMs: DAY, periodCheckMs: 100 },
        autoStart: true,
      },
      bus,
    );
    sut.onModuleInit();
    await sut.onApplicationBootstrap();
    const rerun = new Promise<void>((resolve) => {
      let runs = 0;
      const off = bus.subscribe('forecast.updated', () => {
        if (++runs < 2) return;
        off();
        resolve();
      });
    });
    // a backfill still going: a sample of yesterday (already stored above) arrives again just before the run
    const yesterday = calendar.periodOf(now, 'day').start - DAY;
    bus.publish('samples.ingested', {
      samples: [{ signalId: 'line1.good', ts: yesterday, value: 10, quality: 'good', source: 'test' }],
    });
    await sut.runNow();
    const first = (await sut.forecast('qtd'))!;
    await rerun;
    const settled = (await sut.forecast('qtd'))!;
    await sut.onModuleDestroy();

    expect(first.provisional).toBe(true);
    expect(first.provisionalReason).toMatch(/^history still arriving: 1 sample for past days \(from \d{4}-\d\d-\d\d\)/);
    expect(settled.computedAt).toBeGreaterThan(first.computedAt);
    expect(settled).toMatchObject({ provisional: false, provisionalReason: null });
  }, 60_000);
});
