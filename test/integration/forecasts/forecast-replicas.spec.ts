import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { LeasedSingletons, type ActiveModel } from '@bsc/app-kit';
import { JetStreamLeaseStore, LeaseKeeper } from '@bsc/cluster';
import { hourlySamples } from '@bsc/common';
import { eventStreamName, NatsEventBus } from '@bsc/events';
import { ForecastRepository, openDataSource, SampleRepository, TargetOverrideRepository } from '@bsc/persistence';
import { TwinModelBuilder, TwinGraph } from '@bsc/twin';
import { ForecastQueue } from '../../../apps/api/src/forecasts/runtime/forecast-queue';
import { DEFAULT_FORECAST_SCHEDULE } from '../../../apps/api/src/forecasts/runtime/forecast-schedule';
import { ForecastService } from '../../../apps/api/src/forecasts/runtime/forecast.service';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const HOUR = 3_600_000;
// Long enough that a starved event loop on a loaded machine still renews in time: a lapse re-elects the holder,
// whose scheduler then queues a second run (right, but not what these cases count). Here the job runs on the test's
// own thread (no compiled worker), later periods included, so it blocks the renewals for its whole length.
const TTL_MS = 8_000;

jest.setTimeout(60_000);

/** One API replica's forecasting: its own NATS connections, elected scheduler, queue worker and cache. */
interface Replica {
  name: string;
  leases: NatsConnection;
  singletons: LeasedSingletons;
  queue: ForecastQueue;
  bus: NatsEventBus;
  sut: ForecastService;
  /** Runs this replica queued (it was the scheduler each time). */
  queuedRuns: number;
}

describe('forecasting on two API replicas', () => {
  const model = TwinModelBuilder.minimal().buildValid();
  const activeModel: ActiveModel = {
    current: () => ({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 }),
    onChange: () => () => undefined,
    import: () => Promise.reject(new Error('not used')),
  };
  const id = randomUUID().replace(/-/g, '');
  const names = { bucket: `test_forecast_${id}`, stream: `TEST_FORECAST_JOBS_${id}`, prefix: `test.events.${id}` };
  const dir = mkdtempSync(join(tmpdir(), 'bsc-forecast-replicas-'));
  const sqlitePath = join(dir, 'bsc.sqlite');
  let dataSource: DataSource;
  const replicas: Replica[] = [];

  const replica = async (name: string): Promise<Replica> => {
    const leases = await connect({ servers: NATS_URL });
    const store = await JetStreamLeaseStore.open(leases, { bucket: names.bucket, ttlMs: TTL_MS });
    const singletons = new LeasedSingletons(new LeaseKeeper(store, { holder: `${name}:${randomUUID()}` }), leases);
    const queue = await ForecastQueue.connect({
      url: NATS_URL,
      stream: names.stream,
      subject: `test.forecast.jobs.${id}`,
    });
    const bus = await NatsEventBus.connect(NATS_URL, { prefix: names.prefix, retentionS: 60 });
    const sut = new ForecastService(
      activeModel,
      new ForecastRepository(dataSource),
      new TargetOverrideRepository(dataSource),
      {
        database: { sqlitePath },
        // the elected scheduler queues a run at once, then not again within the test
        schedule: { ...DEFAULT_FORECAST_SCHEDULE, initialDelayMs: 0, intervalMs: HOUR, periodCheckMs: HOUR },
        autoStart: true,
      },
      bus,
      singletons,
      queue,
    );
    sut.onModuleInit();
    const r: Replica = { name, leases, singletons, queue, bus, sut, queuedRuns: 0 };
    const enqueueRun = queue.enqueueRun.bind(queue);
    queue.enqueueRun = (...args) => {
      r.queuedRuns += 1;
      return enqueueRun(...args);
    };
    replicas.push(r);
    return r;
  };
  const until = async (condition: () => Promise<boolean> | boolean): Promise<void> => {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  /** `output` has the history to forecast (60 days); the model's other KPIs have none. */
  const hasForecast = async (r: Replica): Promise<boolean> => (await r.sut.forecast('output')) !== null;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dataSource = await openDataSource({ sqlitePath });
    // 60 days of an hourly good count of 10: 240 units a day
    const end = Math.floor(Date.now() / HOUR) * HOUR;
    const samples = hourlySamples('line1.good', end - 60 * 24 * HOUR, end, 10);
    await new SampleRepository(dataSource).insertBatch(samples);
  });
  afterAll(async () => {
    for (const r of replicas) {
      await r.sut.onModuleDestroy();
      await r.singletons.onApplicationShutdown();
      await r.queue.onApplicationShutdown();
      await r.bus.close();
    }
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    for (const stream of [`KV_${names.bucket}`, names.stream, eventStreamName(names.prefix)])
      await jsm.streams.delete(stream).catch(() => false);
    await nc.close();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues each run from one elected scheduler and fills both replicas’ forecasts', async () => {
    const [a, b] = [await replica('a'), await replica('b')];
    await a.sut.onApplicationBootstrap();
    await until(() => a.queuedRuns === 1);
    await b.sut.onApplicationBootstrap();

    await until(async () => (await hasForecast(a)) && (await hasForecast(b)));
    await new Promise((resolve) => setTimeout(resolve, 3 * TTL_MS)); // renewals pass: b stays on stand-by

    expect([a.queuedRuns, b.queuedRuns]).toEqual([1, 0]);
    expect((await b.sut.forecast('output'))!.points[0].mean).toBeCloseTo(240, 0);
    expect(await a.queue.pending()).toBe(0);
  });

  it('moves the scheduler to the other replica when its holder dies', async () => {
    const [a, b] = replicas;
    await a.leases.close(); // a's process stops renewing its leases

    await until(() => b.queuedRuns === 1);

    expect([a.queuedRuns, b.queuedRuns]).toEqual([1, 1]);
  });
});
