import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { FixedActiveModel, loadConfig } from '@bsc/app-kit';
import type { SignalSample } from '@bsc/common';
import { InProcessEventBus, type BscEventMap } from '@bsc/events';
import { KpiEngine } from '@bsc/kpi';
import { KpiCheckpointRepository, KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { IngestionConfig } from '../config/ingestion.config';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import type { SignalPipeline } from '../pipeline/signal-pipeline.service';
import { KpiFeedService } from './kpi-feed.service';
import { CountingSampleHistory } from './testing/counting-sample-history';

const at = (day: number) => Date.UTC(2026, 10, day, 12);
const good = (day: number, value: number): SignalSample => ({
  signalId: 'line1.good',
  ts: at(day),
  value,
  quality: 'good',
  source: 'opcua:opc',
});
/** output = sum(line1.good, period), monthly. */
const model = TwinModelBuilder.minimal()
  .set('kpis[1].formula', 'safediv(sum(line1.scrap, period), sum(output, period)) * 100')
  .buildValid();

describe(`${KpiFeedService.name} checkpoints`, () => {
  let dataSource: DataSource;
  let samples: SampleRepository;
  let checkpoints: KpiCheckpointRepository;
  let published: Array<[string, number | null]>;
  let bus: InProcessEventBus;
  const feeds: KpiFeedService[] = [];

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    samples = new SampleRepository(dataSource);
    checkpoints = new KpiCheckpointRepository(dataSource);
    bus = new InProcessEventBus();
    published = [];
    bus.subscribe('kpis.updated', ({ values }: BscEventMap['kpis.updated']) => {
      for (const value of values) if (value.kpiId === 'output') published.push([value.periodKey, value.value]);
    });
  });
  afterEach(async () => {
    for (const feed of feeds.splice(0)) {
      feed.onModuleDestroy();
      await feed.close();
    }
    await dataSource.destroy();
  });

  /** The sample history the feed reads, counting the rows it returns. */
  const history = new CountingSampleHistory(() => samples);

  async function start(intervalS: string): Promise<KpiFeedService> {
    const config = loadConfig(IngestionConfig, {
      env: { BSC_PROFILE: 'test', SAMPLE_IMPORT_POLL_INTERVAL_S: '0', KPI_CHECKPOINT_INTERVAL_S: intervalS },
    });
    const pipeline = { connectKpiFeed: () => undefined, rememberStored: () => undefined } as unknown as SignalPipeline;
    const feed = new KpiFeedService(
      config,
      new FixedActiveModel(model),
      bus,
      history,
      new KpiValueRepository(dataSource),
      pipeline,
      new IngestionMetrics(new Registry(), new ConnectorStatusRegistry()),
      (snapshot) => new KpiEngine(snapshot.model),
      checkpoints,
    );
    history.rows = 0;
    await feed.onModuleInit();
    feeds.push(feed);
    return feed;
  }

  /** A live sample as the pipeline hands it over once stored, each at a receipt time of its own. */
  async function live(feed: KpiFeedService, sample: SignalSample): Promise<void> {
    const receivedAt = Date.now();
    await samples.insertBatch([sample], receivedAt);
    feed.samplesStored([{ ...sample, receivedAt }]);
    while (Date.now() <= receivedAt) await new Promise((resolve) => setImmediate(resolve));
  }

  async function stop(feed: KpiFeedService): Promise<void> {
    feed.onModuleDestroy();
    await feed.close();
    feeds.splice(feeds.indexOf(feed), 1);
  }

  /** November 2, 3, 4, 5, checkpoint, then `after` (received after it), stop. */
  async function runWithCheckpoint(...after: SignalSample[]): Promise<void> {
    const first = await start('60');
    for (const s of [good(2, 1), good(3, 2), good(4, 10), good(5, 20)]) await live(first, s);
    await first.writeCheckpoint();
    expect(await checkpoints.find(1)).toMatchObject({ watermark: at(5), cut: at(5) - 5 * 60_000 });
    for (const s of after) await live(first, s);
    await stop(first);
  }

  it('a restart reads only what came after the cut and continues with the values of an uninterrupted run', async () => {
    await runWithCheckpoint(good(6, 5));

    const sut = await start('60');
    // Nov 4 (carried into the cut), Nov 5 (after the cut, in the checkpoint), Nov 6 (received after it)
    expect(history.rows).toBe(3);
    published.length = 0;
    await live(sut, good(7, 1));
    // 1 + 2 + 10 + 20 + 5 + 1: Nov 2 and 3 counted from the checkpoint's summary, never read again
    expect(published).toEqual([['2026-11', 39]]);
  });

  it('without checkpoints (0) a restart replays the open period, with the same values', async () => {
    await runWithCheckpoint(good(6, 5));

    const sut = await start('0');
    expect(history.rows).toBe(5);
    published.length = 0;
    await live(sut, good(7, 1));
    expect(published).toEqual([['2026-11', 39]]);
  });

  it('a sample older than the cut received after the checkpoint: the bounded replay instead, exact', async () => {
    // Nov 3, a second after the other sample of that day
    await runWithCheckpoint({ ...good(3, 4), ts: at(3) + 1_000 });

    const sut = await start('60');
    // November's five samples: the checkpoint cannot hold a sample before its cut
    expect(history.rows).toBe(5);
    published.length = 0;
    await live(sut, good(7, 1));
    // 1 + 2 + 4 + 10 + 20 + 1
    expect(published).toEqual([['2026-11', 38]]);
  });
});
