import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { FixedActiveModel, loadConfig } from '@bsc/app-kit';
import { hourlySamples, type SignalSample } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { FiscalCalendar, KpiEngine } from '@bsc/kpi';
import {
  ForecastRepository,
  KpiValueRepository,
  openDataSource,
  SampleRepository,
  TargetOverrideRepository,
} from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { DEFAULT_FORECAST_SCHEDULE } from '../../../apps/api/src/forecasts/runtime/forecast-schedule';
import { ForecastService } from '../../../apps/api/src/forecasts/runtime/forecast.service';
import { importSamples } from '../../../apps/cli/src/commands/import-samples.command';
import { IngestionConfig } from '../../../apps/ingestion/src/config/ingestion.config';
import { ConnectorStatusRegistry } from '../../../apps/ingestion/src/connectors/connector-status.registry';
import { KpiFeedService } from '../../../apps/ingestion/src/kpi/kpi-feed.service';
import { IngestionMetrics } from '../../../apps/ingestion/src/metrics/ingestion-metrics';
import type { SignalPipeline } from '../../../apps/ingestion/src/pipeline/signal-pipeline.service';
import { tempSqlitePath } from '../../support';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * `bsc import samples` writes to the database from another process, and the ingestion's import poll picks the
 * rows up: imported history for past days must make forecasts provisional as any other history arriving does.
 * One bus between the ingestion's KPI feed and the API's forecasts, as the apps share one; the API's clock is held.
 */
describe('imported history and provisional forecasts', () => {
  const document = TwinModelBuilder.minimal().toDocument();
  const model = TwinModelBuilder.minimal().buildValid();
  const calendar = new FiscalCalendar(model.calendar);
  const db = tempSqlitePath();
  const bus = new InProcessEventBus();
  let dataSource: DataSource;
  let feed: KpiFeedService;
  let forecasts: ForecastService;
  // held: the import is validated against the real time, so the held one starts there
  let now = Date.now();

  const newFeed = () =>
    new KpiFeedService(
      loadConfig(IngestionConfig, { env: { BSC_PROFILE: 'test', SAMPLE_IMPORT_POLL_INTERVAL_S: '0' } }),
      new FixedActiveModel(model),
      bus,
      new SampleRepository(dataSource),
      new KpiValueRepository(dataSource),
      { connectKpiFeed: () => undefined, rememberStored: () => undefined } as unknown as SignalPipeline,
      new IngestionMetrics(new Registry(), new ConnectorStatusRegistry()),
      (snapshot) => new KpiEngine(snapshot.model),
    );

  /** `bsc import samples` of a CSV of these samples, as another process runs it. */
  async function importCsv(name: string, rows: SignalSample[]) {
    const file = join(db.path, '..', name);
    writeFileSync(file, ['signal,ts,value', ...rows.map((s) => `${s.signalId},${s.ts},${s.value}`)].join('\n'));
    return importSamples(
      file,
      { database: () => ({ sqlitePath: db.path }), modelFile: () => writeModel(db.path, document), progress: false },
      { maxFutureMs: 5 * MINUTE, maxPastMs: 365 * DAY },
    );
  }

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dataSource = await openDataSource({ sqlitePath: db.path });
    const samples = new SampleRepository(dataSource);
    const yesterday = calendar.periodOf(now, 'day').start - DAY;
    // 60 days of live history before yesterday: a forecast has something to fit
    await samples.insertBatch(hourlySamples('line1.good', yesterday - 60 * DAY, yesterday, 10, 'opcua:opc'));

    feed = newFeed();
    forecasts = new ForecastService(
      new FixedActiveModel(model),
      new ForecastRepository(dataSource),
      new TargetOverrideRepository(dataSource),
      {
        database: { sqlitePath: db.path },
        // history counts as settled a minute after the last sample for a past day (periodCheckMs)
        schedule: { ...DEFAULT_FORECAST_SCHEDULE, periodCheckMs: MINUTE },
        autoStart: false,
        clock: () => now,
      },
      bus,
    );
    feed.onModuleInit();
    await feed.onApplicationBootstrap();
    forecasts.onModuleInit();
    await forecasts.onApplicationBootstrap();
  });

  afterAll(async () => {
    await forecasts.onModuleDestroy();
    feed.onModuleDestroy();
    await feed.close();
    await dataSource.destroy();
    db.cleanup();
  });

  it('an import of yesterday makes the forecast provisional; a quiet minute later it is re-run, not provisional', async () => {
    const yesterday = calendar.periodOf(now, 'day').start - DAY;
    // yesterday's 24 hours, 10 each
    const summary = await importCsv(
      'yesterday.csv',
      hourlySamples('line1.good', yesterday, yesterday + DAY, 10, 'csv'),
    );
    expect(summary).toEqual({ rows: 24, stored: 24, verb: 'stored', duplicates: 0, rejected: 0 });

    await feed.pollImports();
    await forecasts.runNow(['output']);
    const loading = (await forecasts.forecast('output'))!;

    // 24 samples, all of yesterday, announced at the held time the run started at (0 s before it)
    const day = new Date(yesterday).toISOString().slice(0, 10);
    expect(loading).toMatchObject({
      provisional: true,
      provisionalReason: `history still arriving: 24 samples for past days (from ${day}), the last 0 s ago`,
    });

    // a minute with no history for past days: settled, and the run that read it loading is due again
    now += MINUTE;
    const rerun = new Promise<void>((resolve) => {
      const off = bus.subscribe('forecast.updated', () => {
        off();
        resolve();
      });
    });
    forecasts.checkPeriods();
    await rerun;
    const settled = (await forecasts.forecast('output'))!;

    expect(settled.computedAt).toBe(now);
    expect(settled).toMatchObject({ provisional: false, provisionalReason: null });
  });

  it('an import while the ingestion is stopped makes the forecast provisional once it starts again', async () => {
    feed.onModuleDestroy();
    await feed.close();
    const before = calendar.periodOf(now, 'day').start - 2 * DAY;
    // the day before yesterday was live history (60 days up to yesterday): its 12 hours from 00:30 on are new
    expect(
      await importCsv('before.csv', hourlySamples('line1.good', before + 30 * MINUTE, before + 12 * HOUR, 10, 'csv')),
    ).toMatchObject({
      stored: 12,
    });

    feed = newFeed();
    feed.onModuleInit();
    await feed.onApplicationBootstrap();
    await forecasts.runNow(['output']);

    // 00:30 … 11:30 of that day: 12 samples, announced by the start at the held time of the run
    const day = new Date(before).toISOString().slice(0, 10);
    expect(await forecasts.forecast('output')).toMatchObject({
      provisional: true,
      provisionalReason: `history still arriving: 12 samples for past days (from ${day}), the last 0 s ago`,
    });
  });
});

function writeModel(dbPath: string, document: object): string {
  // JSON is YAML: the model file the CLI falls back to while the database holds no model version
  const path = join(dbPath, '..', 'model.yaml');
  writeFileSync(path, JSON.stringify(document));
  return path;
}
