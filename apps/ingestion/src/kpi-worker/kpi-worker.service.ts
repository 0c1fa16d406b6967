import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { ACTIVE_MODEL, HealthRegistry, type ActiveModel } from '@bsc/app-kit';
import { JetStreamLeaseStore, JetStreamSampleLog, LeaseKeeper, PartitionConsumers } from '@bsc/cluster';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { SampleRepository } from '@bsc/persistence';
import { INGESTION_CONFIG, type IngestionConfig } from '../config/ingestion.config';
import {
  KPI_ENGINE_FACTORY,
  KPI_REVISION_STORE,
  type KpiEngineFactory,
  type KpiRevisionStore,
} from '../kpi/kpi-engine.port';
import { TICK_INTERVAL_MS } from '../kpi/kpi-feed.service';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import { DEAD_LETTER_STORE, type DeadLetterStore } from '../pipeline/pipeline-stores.port';
import { kpiWorkerHealth } from './kpi-worker-health';
import { PartitionKpiWorker } from './partition-kpi-worker';

/**
 * INGEST_ROLE=worker: owns a balanced share of the sample log's partitions (leases in JetStream KV, moved on when a
 * worker joins, leaves or dies) and computes their KPIs with {@link PartitionKpiWorker}; what can never be handled (log
 * entries that are no samples, samples the database refuses) goes to the dead letters. Its health (`kpi-worker`)
 * degrades when a held partition's work waits longer than INGEST_STALL_AFTER_S.
 */
@Injectable()
export class KpiWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KpiWorkerService.name);
  private nc?: NatsConnection;
  private keeper?: LeaseKeeper;
  private consumers?: PartitionConsumers;
  private ticker?: NodeJS.Timeout;
  private handler?: PartitionKpiWorker;

  constructor(
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly samples: SampleRepository,
    @Inject(KPI_REVISION_STORE) private readonly revisions: KpiRevisionStore,
    @Inject(KPI_ENGINE_FACTORY) private readonly engineFactory: KpiEngineFactory,
    @Inject(DEAD_LETTER_STORE) private readonly deadLetters: DeadLetterStore,
    private readonly metrics: IngestionMetrics,
    @Optional() health?: HealthRegistry,
  ) {
    const stallAfterMs = config.INGEST_STALL_AFTER_S * 1000;
    health?.register('kpi-worker', () =>
      kpiWorkerHealth(this.consumers?.partitions() ?? [], this.consumers?.stuck(stallAfterMs) ?? []),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const config = this.config;
    this.nc = await connect({
      servers: config.natsServers,
      name: 'bsc-kpi-worker',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
    });
    const log = await JetStreamSampleLog.open(this.nc, { replicas: config.EVENT_BUS_REPLICAS });
    const leases = await JetStreamLeaseStore.open(this.nc, {
      ttlMs: config.LEASE_TTL_S * 1000,
      replicas: config.EVENT_BUS_REPLICAS,
    });
    const onError = (error: unknown) => this.logger.warn({ err: error }, 'KPI worker: retrying');
    this.keeper = new LeaseKeeper(leases, { holder: `${hostname()}-${process.pid}-${randomUUID()}`, onError });
    const handler = (this.handler = new PartitionKpiWorker(
      this.samples,
      this.revisions,
      this.bus,
      this.activeModel,
      this.engineFactory,
      {
        partitions: config.KPI_PARTITIONS,
        fullReplay: config.KPI_REPLAY_HISTORY === 'full',
        fence: (partition) => this.consumers?.fence(partition),
        relay: log,
        deadLetters: this.countedDeadLetters(),
      },
    ));
    this.consumers = new PartitionConsumers(this.nc, log, this.keeper, handler, {
      partitions: config.KPI_PARTITIONS,
      onError,
    });
    this.consumers.start();
    this.ticker = setInterval(() => {
      handler.tick(Date.now()).catch((error: unknown) => onError(error));
    }, TICK_INTERVAL_MS);
    this.ticker.unref();
    this.logger.log({ partitions: config.KPI_PARTITIONS, holder: this.keeper.holder }, 'KPI worker contending');
  }

  /** Dead letters stored and counted by reason (`bsc_samples_rejected_total`), as the intake's are. */
  private countedDeadLetters(): DeadLetterStore {
    return {
      insert: async (records) => {
        await this.deadLetters.insert(records);
        for (const record of records) this.metrics.rejected.inc({ reason: record.reason });
      },
    };
  }

  /** Hands the partitions back at once (the successors need not wait for the leases to expire). */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.ticker);
    this.handler?.close();
    await this.consumers?.close();
    await this.keeper?.close();
    if (this.nc && !this.nc.isClosed()) await this.nc.drain();
  }
}
