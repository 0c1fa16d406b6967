import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { HealthRegistry, type ActiveModel } from '@bsc/app-kit';
import { hourlySamples } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { ForecastRepository, openDataSource, SampleRepository, TargetOverrideRepository } from '@bsc/persistence';
import { TwinModelBuilder, TwinGraph } from '@bsc/twin';
import { DEFAULT_FORECAST_SCHEDULE } from './forecast-schedule';
import type { KpiForecastView } from '../forecast-provider.port';
import type { ForecastQueue } from './forecast-queue';
import { ForecastService } from './forecast.service';
import { until } from '../../../../../scripts/rig/wait';

const HOUR = 3_600_000;

describe(ForecastService.name, () => {
  const model = TwinModelBuilder.minimal().buildValid();
  const activeModel: ActiveModel = {
    current: () => ({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 }),
    onChange: () => () => undefined,
    import: () => Promise.reject(new Error('not used')),
  };
  let sqlitePath: string;
  let dataSource: DataSource;

  const bus = new InProcessEventBus();
  /** The service over the test database; a `queue` makes it a replica scaled out. */
  const create = ({
    schedule = DEFAULT_FORECAST_SCHEDULE,
    autoStart = false,
    metrics = null as Registry | null,
    health = null as HealthRegistry | null,
    queue = null as ForecastQueue | null,
    results = new ForecastRepository(dataSource),
    targets = new TargetOverrideRepository(dataSource),
  } = {}) =>
    new ForecastService(
      activeModel,
      results,
      targets,
      { database: { sqlitePath }, schedule, autoStart },
      bus,
      null,
      queue,
      metrics,
      health,
    );
  /** A replica scaled out whose runs nobody works here, and the store it reads. */
  const replica = () => {
    const results = new ForecastRepository(dataSource);
    return { results, sut: create({ results, queue: { work: () => undefined } as unknown as ForecastQueue }) };
  };
  /** A forecast of output as another replica stores it. */
  const storedOutput = (method: string, computedAt: number, payload: KpiForecastView) => ({
    kpiId: 'output',
    computedAt,
    method,
    horizon: 0,
    periodKey: null,
    probability: null,
    payload,
  });

  beforeAll(async () => {
    sqlitePath = join(mkdtempSync(join(tmpdir(), 'bsc-forecast-')), 'bsc.sqlite');
    dataSource = await openDataSource({ sqlitePath });
    // 60 days of an hourly good count of 10: 240 units a day.
    const end = Math.floor(Date.now() / HOUR) * HOUR;
    const samples = hourlySamples('line1.good', end - 60 * 24 * HOUR, end, 10);
    await new SampleRepository(dataSource).insertBatch(samples);
  });

  afterAll(() => dataSource.destroy());

  it('forecasts KPIs from stored samples, projects the period end and stores the results', async () => {
    const sut = create();
    const announced: string[] = [];
    const bands = new Map<string, unknown>();
    bus.subscribe('forecast.updated', (e) => {
      announced.push(...e.forecasts.map((f) => f.kpiId));
      for (const f of e.forecasts) bands.set(f.kpiId, f.band);
    });
    await sut.onApplicationBootstrap();
    expect(await sut.forecast('output')).toBeNull();

    await sut.runNow();

    const view = await sut.forecast('output');
    expect(view).not.toBeNull();
    expect(view!.points[0].mean).toBeCloseTo(240, 0);
    expect(view!.periodEnd!.probabilityOfMeetingTarget).toBeGreaterThan(0.99);
    expect((await sut.forecast('output', 3))!.points).toHaveLength(3);
    expect((await sut.forecasts(['output', 'unknown'])).get('unknown')).toBeNull();
    expect((await new ForecastRepository(dataSource).latest(['output']))[0].method).toBe(view!.method);
    expect(announced).toContain('output');
    // the 95 % band of the path's first three day ends travels with the announcement
    expect(bands.get('output')).toEqual(
      view!.points.slice(0, 3).map((p) => ({ time: p.time, lower95: p.lower95, upper95: p.upper95 })),
    );
    await sut.onModuleDestroy();
  });

  it("hands a run's past-origin errors and method choices to the next run of the same day, which forecasts the same", async () => {
    const metrics = new Registry();
    const sut = create({ metrics });
    const updated: Array<Record<string, number>> = [];
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(function (message: unknown, context?: unknown) {
      if (context === 'forecasts updated') updated.push(message as Record<string, number>);
    });
    try {
      await sut.runNow();
      const first = await sut.forecast('output');
      // the first cycle fed every stored sample to the daily engine: 60 days of one an hour
      expect(await metrics.metrics()).toMatch(/^bsc_forecast_daily_samples_fed_total 1440$/m);
      await sut.runNow();
      const second = await sut.forecast('output');

      expect(updated.map((u) => u.errorsReused > 0)).toEqual([false, true]);
      expect(updated.map((u) => u.choicesReused > 0)).toEqual([false, true]);
      expect({ ...second!, computedAt: 0 }).toEqual({ ...first!, computedAt: 0 });
      const text = await metrics.metrics();
      expect(text).toContain('bsc_forecast_cycle_seconds_count{outcome="ok"} 2');
      expect(Number(/^bsc_forecast_last_cycle_completed_seconds (\S+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    } finally {
      log.mockRestore();
      await sut.onModuleDestroy();
    }
  }, 120_000);

  it('starts cycles on its schedule: the first after the initial delay, then one every interval from the start', async () => {
    const schedule = { ...DEFAULT_FORECAST_SCHEDULE, initialDelayMs: 2_000, intervalMs: 30_000, periodCheckMs: HOUR };
    const sut = create({ schedule, autoStart: true });
    const runs = jest.spyOn(sut, 'runNow').mockResolvedValue();
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      await sut.onApplicationBootstrap();
      const at = (ms: number) => {
        jest.advanceTimersByTime(ms);
        return runs.mock.calls.length;
      };
      expect([at(1_999), at(1), at(27_999), at(1), at(30_000)]).toEqual([0, 1, 1, 2, 3]);
    } finally {
      jest.useRealTimers();
      await sut.onModuleDestroy();
    }
  });

  it("registers the `forecasts` health check on a schedule only, and shows a cycle's failure and the next stored one", async () => {
    const health = new HealthRegistry();
    const targets = new TargetOverrideRepository(dataSource);
    const make = (autoStart: boolean) =>
      create({ schedule: { ...DEFAULT_FORECAST_SCHEDULE, initialDelayMs: HOUR }, autoStart, targets, health });
    make(false);
    expect(Object.keys((await health.run()).checks)).toEqual([]);

    const sut = make(true);
    const list = jest.spyOn(targets, 'list').mockRejectedValueOnce(new Error('database away'));
    const quiet = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      await sut.runNow();
      const failed = (await health.run()).checks.forecasts;
      // one failure within the bound is reported, not yet degraded
      expect(failed).toMatchObject({ ok: true, detail: { failuresInARow: 1, lastStoredAt: null } });
      expect(failed.detail).toMatchObject({ lastFailure: { error: 'database away' } });

      await sut.runNow();
      const stored = (await health.run()).checks.forecasts;
      expect(stored).toMatchObject({ ok: true, detail: { failuresInARow: 0, runningMs: null } });
      expect(Date.parse((stored.detail as { lastStoredAt: string }).lastStoredAt)).toBeGreaterThan(0);
    } finally {
      list.mockRestore();
      quiet.mockRestore();
      await sut.onModuleDestroy();
    }
  }, 120_000);

  it("scaled out, works a run's batches as of the run's time: one update of the daily values for them all", async () => {
    let handle: ((kpiIds: string[], links: boolean, runAt: number | undefined) => Promise<void>) | undefined;
    const queue = { work: (h: typeof handle) => void (handle = h) } as unknown as ForecastQueue;
    const sut = create({ queue });
    const daily: string[] = [];
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown, context?: unknown) => {
      if (typeof context === 'string' && context.startsWith('daily KPI values updated')) daily.push(context);
    });
    try {
      await sut.onApplicationBootstrap();
      // the scheduler's time when it queued the run, before its batches are worked
      const runAt = Date.now();
      await handle!(['output'], false, runAt);
      await handle!(['scrap_rate'], false, runAt);

      expect(daily).toHaveLength(2);
      expect(daily[1]).toBe('daily KPI values updated (current)');
      expect((await sut.forecast('output'))!.computedAt).toBe(runAt);
    } finally {
      log.mockRestore();
      await sut.onModuleDestroy();
    }
  }, 120_000);

  it('keeps stored forecasts for the retention it is given: older ones go after a stored run', async () => {
    const repo = new ForecastRepository(dataSource);
    const DAY = 24 * HOUR;
    const stored = (daysAgo: number) => ({
      kpiId: `retention-${daysAgo}`,
      computedAt: Date.now() - daysAgo * DAY,
      method: 'ensemble',
      horizon: 1,
      payload: {},
    });
    await repo.saveForecasts([stored(3), stored(1.9)]);
    const sut = create({ schedule: { ...DEFAULT_FORECAST_SCHEDULE, retentionMs: 2 * DAY } });

    await sut.runNow();

    expect((await repo.latest(['retention-3', 'retention-1.9'])).map((f) => f.kpiId)).toEqual(['retention-1.9']);
    await sut.onModuleDestroy();
  }, 120_000);

  it('answers from the stored results after a restart, before any new run', async () => {
    const restarted = create();
    await restarted.onApplicationBootstrap();

    expect((await restarted.forecast('output'))!.kpiId).toBe('output');
    expect(await restarted.linkEstimates()).toEqual(
      expect.arrayContaining([expect.objectContaining({ from: 'efficient', to: 'grow' })]),
    );
    await restarted.onModuleDestroy();
  });

  it('scaled out, reads again just the forecasts another replica announced; all of them for an event naming none', async () => {
    const { results, sut } = replica();
    sut.onModuleInit();
    await sut.onApplicationBootstrap();
    const stored = (await sut.forecast('output'))!;
    const reads = jest.spyOn(results, 'latest');
    const linkReads = jest.spyOn(results, 'latestLinkEstimates');
    // another replica stored a newer forecast of output
    await results.saveForecasts([storedOutput('theta', stored.computedAt + 1, { ...stored, method: 'theta' })]);

    bus.publish('forecast.updated', { forecasts: [], kpiIds: ['output'], links: false, at: Date.now() });
    await until(async () => (await sut.forecast('output'))?.method === 'theta', 5_000);
    expect(reads.mock.calls).toEqual([[['output']]]);
    expect(linkReads).not.toHaveBeenCalled();

    bus.publish('forecast.updated', { forecasts: [], at: Date.now() });
    await until(() => Promise.resolve(reads.mock.calls.length === 2), 5_000);
    expect(reads.mock.calls[1][0]).toEqual(model.kpis.map((k) => k.id));
    await until(() => Promise.resolve(linkReads.mock.calls.length === 1), 5_000);
    await sut.onModuleDestroy();
  });

  it('scaled out, keeps a forecast another replica announced while its cache was warming', async () => {
    const { results, sut } = replica();
    // the newest forecast of output stored when this replica starts (an hour ahead: newer than the other tests')
    const computedAt = Date.now() + HOUR;
    const forecastOf = (method: string, at: number) =>
      storedOutput(method, at, { kpiId: 'output', computedAt: at, method, points: [] } as unknown as KpiForecastView);
    await results.saveForecasts([forecastOf('stored', computedAt)]);
    // the warm-up's read answers with what was stored when it ran, after the announcement below
    const read = results.latest.bind(results);
    let readDone!: () => void;
    const warmRead = new Promise<void>((resolve) => (readDone = resolve));
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    jest.spyOn(results, 'latest').mockImplementationOnce(async (kpiIds) => {
      const rows = await read(kpiIds);
      readDone();
      await answered;
      return rows;
    });

    sut.onModuleInit();
    const started = sut.onApplicationBootstrap();
    await warmRead;
    // meanwhile another replica stores a newer forecast of output (1 ms later, method "announced") and announces it
    await results.saveForecasts([forecastOf('announced', computedAt + 1)]);
    bus.publish('forecast.updated', { forecasts: [], kpiIds: ['output'], links: false, at: Date.now() });
    answer();
    await started;

    // the warm-up read "stored"; the announcement makes the cache read output again: "announced"
    await until(async () => (await sut.forecast('output'))?.method === 'announced', 5_000);
    expect((await sut.forecast('output'))!.computedAt).toBe(computedAt + 1);
    await sut.onModuleDestroy();
  });
});
