import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { FixedActiveModel, loadConfig, type HealthRegistry } from '@bsc/app-kit';
import type { SignalSample } from '@bsc/common';
import { InProcessEventBus, type BscEventMap } from '@bsc/events';
import { KpiEngine } from '@bsc/kpi';
import { KpiCheckpointRepository, KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import type { TwinModel } from '@bsc/twin';
import { IngestionConfig } from '../../config/ingestion.config';
import { ConnectorStatusRegistry } from '../../connectors/connector-status.registry';
import { IngestionMetrics } from '../../metrics/ingestion-metrics';
import type { SignalPipeline } from '../../pipeline/signal-pipeline.service';
import type { KpiCheckpointStore } from '../kpi-checkpoints';
import type { SampleHistory } from '../kpi-engine.port';
import { KpiFeedService } from '../kpi-feed.service';
import { CountingSampleHistory } from './counting-sample-history';

/** A good sample of `line1.good` (the minimal model's output), from the OPC UA source unless said otherwise. */
export const lineGoodSample = (ts: number, value: number, source = 'opcua:opc'): SignalSample => ({
  signalId: 'line1.good',
  ts,
  value,
  quality: 'good',
  source,
});

/** Until the clock has passed `t`: what is stored next is received after it. */
export async function clockPast(t: number): Promise<void> {
  while (Date.now() <= t) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * What the KPI feed specs share: per test (open() … close()) an in-memory database and a bus, the values published
 * for one KPI, and feeds started over them with a stand-in pipeline; close() stops those still running.
 */
export class KpiFeedHarness {
  dataSource!: DataSource;
  samples!: SampleRepository;
  revisions!: KpiValueRepository;
  bus!: InProcessEventBus;
  /** The metrics registry of the last started feed. */
  registry!: Registry;
  /** The checkpoints of the test's database, for feeds started with them. */
  checkpoints!: KpiCheckpointRepository;
  /** Sample count of every `samples.ingested` (history announced), in order; cleared by open(). */
  readonly announced: number[] = [];
  /** (period key, value) of every published value of the watched KPI, in order; cleared by open(). */
  readonly published: Array<[string, number | null]> = [];
  /** The sample history the feeds read, counting the rows it returns. */
  readonly history = new CountingSampleHistory(() => this.samples);
  private readonly feeds: KpiFeedService[] = [];

  constructor(
    private readonly model: TwinModel,
    private readonly kpiId = 'output',
    /** The test's database (closed by close()); SQLite in memory unless given. */
    private readonly openStore: () => Promise<DataSource> = () => openDataSource({ sqlitePath: ':memory:' }),
  ) {}

  async open(): Promise<void> {
    Logger.overrideLogger(false);
    this.dataSource = await this.openStore();
    this.samples = new SampleRepository(this.dataSource);
    this.revisions = new KpiValueRepository(this.dataSource);
    this.bus = new InProcessEventBus();
    this.checkpoints = new KpiCheckpointRepository(this.dataSource);
    this.published.length = 0;
    this.announced.length = 0;
    this.bus.subscribe('samples.ingested', ({ samples }) => this.announced.push(samples.length));
    this.bus.subscribe('kpis.updated', ({ values }: BscEventMap['kpis.updated']) => {
      for (const value of values) if (value.kpiId === this.kpiId) this.published.push([value.periodKey, value.value]);
    });
  }

  /**
   * A started feed (no import poll unless `env` sets one); `checkpoints`: where it stores them; `own`: a history of
   * the test's own instead of {@link history}, a health registry the feed registers its checks in, the model in force
   * (a FixedActiveModel of the harness's model unless given).
   */
  async start(
    env: Record<string, string> = {},
    checkpoints?: KpiCheckpointStore,
    own: {
      history?: SampleHistory;
      health?: HealthRegistry;
      activeModel?: FixedActiveModel;
    } = {},
  ): Promise<KpiFeedService> {
    const config = loadConfig(IngestionConfig, {
      env: { BSC_PROFILE: 'test', SAMPLE_IMPORT_POLL_INTERVAL_S: '0', ...env },
    });
    const pipeline = { connectKpiFeed: () => undefined, rememberStored: () => undefined } as unknown as SignalPipeline;
    const feed = new KpiFeedService(
      config,
      own.activeModel ?? new FixedActiveModel(this.model),
      this.bus,
      own.history ?? this.history,
      this.revisions,
      pipeline,
      new IngestionMetrics((this.registry = new Registry()), new ConnectorStatusRegistry()),
      (snapshot) => new KpiEngine(snapshot.model),
      checkpoints,
      own.health,
    );
    feed.onModuleInit();
    await feed.onApplicationBootstrap();
    this.feeds.push(feed);
    return feed;
  }

  /** Samples as the pipeline hands them over once stored, at a receipt time of their own (the clock passes it). */
  async live(feed: KpiFeedService, ...samples: SignalSample[]): Promise<void> {
    const receivedAt = Date.now();
    await this.samples.insertBatch(samples, receivedAt);
    feed.samplesStored(samples.map((s) => ({ ...s, receivedAt })));
    await clockPast(receivedAt);
  }

  async stop(feed: KpiFeedService): Promise<void> {
    feed.onModuleDestroy();
    await feed.close();
    this.feeds.splice(this.feeds.indexOf(feed), 1);
  }

  async close(): Promise<void> {
    for (const feed of this.feeds.splice(0)) {
      feed.onModuleDestroy();
      await feed.close();
    }
    await this.dataSource.destroy();
  }
}
