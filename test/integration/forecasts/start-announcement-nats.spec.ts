import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { connect } from 'nats';
import type { DataSource } from 'typeorm';
import type { ActiveModel } from '@bsc/app-kit';
import { hourlySamples } from '@bsc/common';
import { eventStreamName, NatsEventBus, type BscEventName } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import {
  ForecastRepository,
  IMPORTED_SAMPLE_SOURCE,
  openDataSource,
  SampleRepository,
  TargetOverrideRepository,
} from '@bsc/persistence';
import { TwinGraph, TwinModelBuilder } from '@bsc/twin';
import { DEFAULT_FORECAST_SCHEDULE } from '../../../apps/api/src/forecasts/runtime/forecast-schedule';
import { ForecastService } from '../../../apps/api/src/forecasts/runtime/forecast.service';
import { PastDaySummary } from '../../../apps/ingestion/src/kpi/samples-ingested';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

jest.setTimeout(60_000);

/**
 * The ingestion and the API as separate processes over NATS. At its start the ingestion announces the samples
 * `bsc import samples` stored while it was stopped (`samples.ingested`); an API started before it, at the same time
 * (its bus connected, its modules not yet subscribed) or after it must know the same: history still arriving.
 */
describe("the ingestion's start announcement and an API in a process of its own", () => {
  const model = TwinModelBuilder.minimal().buildValid();
  const calendar = new FiscalCalendar(model.calendar);
  const activeModel: ActiveModel = {
    current: () => ({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 }),
    onChange: () => () => undefined,
    import: () => Promise.reject(new Error('not used')),
  };
  const dir = mkdtempSync(join(tmpdir(), 'bsc-start-announcement-'));
  const sqlitePath = join(dir, 'bsc.sqlite');
  const today = calendar.periodOf(Date.now(), 'day').start;
  const before = today - 2 * DAY;
  let dataSource: DataSource;
  const prefixes: string[] = [];
  const stops: Array<() => Promise<void>> = [];

  // stored while the platform was stopped: the day before yesterday's 00:30 … 11:30, 12 samples
  const imported = hourlySamples('line1.good', before + 30 * MINUTE, before + 12 * HOUR, 10, IMPORTED_SAMPLE_SOURCE);

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dataSource = await openDataSource({ sqlitePath });
    // 60 days of live history up to yesterday, then the import
    const samples = new SampleRepository(dataSource);
    await samples.insertBatch(hourlySamples('line1.good', today - DAY - 60 * DAY, today - DAY, 10, 'opcua:opc'));
    await samples.insertBatch(imported);
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });
  afterAll(async () => {
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    for (const prefix of prefixes) await jsm.streams.delete(eventStreamName(prefix)).catch(() => false);
    await nc.close();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The ingestion's start: the imports' past-day summary, as the KPI feed announces it, stored by the stream. */
  async function ingestionStarts(prefix: string): Promise<void> {
    const bus = await NatsEventBus.connect(NATS_URL, { prefix, name: 'ingestion' });
    const summary = new PastDaySummary(today);
    summary.addImported(imported);
    summary.announce(bus);
    await bus.flush();
    await bus.close();
  }

  /** The API's process: its bus (as its events module connects it), then its forecasts. */
  async function apiConnects(prefix: string) {
    const replay: BscEventName[] = ['samples.ingested'];
    const bus = await NatsEventBus.connect(NATS_URL, { prefix, name: 'api', deferReading: true, replay });
    const sut = new ForecastService(
      activeModel,
      new ForecastRepository(dataSource),
      new TargetOverrideRepository(dataSource),
      { database: { sqlitePath }, schedule: DEFAULT_FORECAST_SCHEDULE, autoStart: false },
      bus,
    );
    stops.push(async () => {
      await sut.onModuleDestroy();
      await bus.close();
    });
    let heard = false;
    /** Its modules' init (they subscribe), then its bootstrap (the events module first: reading starts). */
    const boot = async (): Promise<void> => {
      sut.onModuleInit();
      bus.subscribe('samples.ingested', () => (heard = true));
      await bus.startReading();
      await sut.onApplicationBootstrap();
    };
    return { sut, boot, heard: () => heard };
  }

  it.each(['before', 'at the same time as', 'after'] as const)(
    'an API started %s the ingestion forecasts from history still arriving',
    async (when) => {
      const prefix = `test.events.${randomUUID().replace(/-/g, '')}`;
      prefixes.push(prefix);
      let api: Awaited<ReturnType<typeof apiConnects>>;
      if (when === 'before') {
        api = await apiConnects(prefix);
        await api.boot();
        await ingestionStarts(prefix);
      } else if (when === 'at the same time as') {
        api = await apiConnects(prefix);
        await ingestionStarts(prefix);
        await api.boot();
      } else {
        await ingestionStarts(prefix);
        api = await apiConnects(prefix);
        await api.boot();
      }
      // delivered within a few seconds, or never
      for (let waited = 0; !api.heard() && waited < 5_000; waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));

      await api.sut.runNow(['output']);

      // the 12 imported samples, announced by the ingestion's start seconds before the run
      const day = new Date(before + 30 * MINUTE).toISOString().slice(0, 10);
      const view = (await api.sut.forecast('output'))!;
      expect(view.provisionalReason).toMatch(
        new RegExp(`^history still arriving: 12 samples for past days \\(from ${day}\\), the last \\d+ s ago$`),
      );
      expect(view.provisional).toBe(true);
    },
  );
});
