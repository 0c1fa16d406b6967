import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { FixedActiveModel, loadConfig } from '@bsc/app-kit';
import type { SignalSample } from '@bsc/common';
import { InProcessEventBus, type BscEventMap } from '@bsc/events';
import { KpiEngine } from '@bsc/kpi';
import { IMPORTED_SAMPLE_SOURCE, KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { ModelBuilder } from '@bsc/twin';
import { IngestionConfig } from '../config/ingestion.config';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import type { SignalPipeline } from '../pipeline/signal-pipeline.service';
import { KpiFeedService } from './kpi-feed.service';

const at = (month: number, day: number) => Date.UTC(2026, month - 1, day, 12);
const good = (ts: number, value: number, source = 'opcua:opc'): SignalSample => ({
  signalId: 'line1.good',
  ts,
  value,
  quality: 'good',
  source,
});

/** output = sum(line1.good, period), monthly (ModelBuilder.minimal). */
describe(KpiFeedService.name, () => {
  let dataSource: DataSource;
  let samples: SampleRepository;
  let revisions: KpiValueRepository;
  let bus: InProcessEventBus;
  let published: Array<[string, number | null]>;
  const feeds: KpiFeedService[] = [];

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    samples = new SampleRepository(dataSource);
    revisions = new KpiValueRepository(dataSource);
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

  async function start(): Promise<KpiFeedService> {
    const config = loadConfig(IngestionConfig, { env: { BSC_PROFILE: 'test', SAMPLE_IMPORT_POLL_INTERVAL_S: '0' } });
    const pipeline = { connectKpiFeed: () => undefined, rememberStored: () => undefined } as unknown as SignalPipeline;
    const feed = new KpiFeedService(
      config,
      new FixedActiveModel(ModelBuilder.minimal().buildModel()),
      bus,
      samples,
      revisions,
      pipeline,
      new IngestionMetrics(new Registry(), new ConnectorStatusRegistry()),
      (snapshot) => new KpiEngine(snapshot.model),
    );
    await feed.onModuleInit();
    feeds.push(feed);
    return feed;
  }

  /** A live sample as the pipeline hands it over once stored. */
  async function live(feed: KpiFeedService, sample: SignalSample): Promise<void> {
    await samples.insertBatch([sample], Date.now());
    feed.samplesStored([{ ...sample, receivedAt: Date.now() }]);
  }

  async function stored(kpiId: string, periodKey: string): Promise<number | null | undefined> {
    return (await revisions.asOf([kpiId], [periodKey])).find((r) => r.periodKey === periodKey)?.value;
  }

  it('recomputes exactly the periods a CLI import touches, through the live path, once', async () => {
    const sut = await start();
    await live(sut, good(at(11, 5), 10));
    published.length = 0;

    // what `bsc import samples` writes from another process: a November and an October row
    await samples.insertBatch([
      good(at(11, 3), 5, IMPORTED_SAMPLE_SOURCE),
      good(at(10, 20), 7, IMPORTED_SAMPLE_SOURCE),
    ]);
    await sut.pollImports();
    const afterImport = [...published];
    await sut.pollImports();
    await sut.close();

    // November 10 (live) + 5 (imported) = 15; October only the imported 7
    expect(afterImport.sort()).toEqual([
      ['2026-10', 7],
      ['2026-11', 15],
    ]);
    // nothing new: the second poll publishes nothing
    expect(published).toHaveLength(2);
    expect(await stored('output', '2026-11')).toBe(15);
    expect(await stored('output', '2026-10')).toBe(7);
  });

  it('publishes at start the periods of samples imported while it was down', async () => {
    const first = await start();
    await live(first, good(at(11, 5), 10));
    first.onModuleDestroy();
    await first.close();
    feeds.splice(0);
    expect(await stored('output', '2026-11')).toBe(10);

    // received after the newest published revision, before the restart
    const importedAt = (await revisions.newestRecordedAt())! + 1;
    await samples.insertBatch([good(at(11, 6), 4, IMPORTED_SAMPLE_SOURCE)], importedAt);
    while (Date.now() <= importedAt) await new Promise((resolve) => setImmediate(resolve));
    published.length = 0;
    const second = await start();
    await second.close();

    // 10 replayed as state + 4 imported meanwhile = 14, published for November only
    expect(published).toEqual([['2026-11', 14]]);
    expect(await stored('output', '2026-11')).toBe(14);
  });
});
