import { Logger } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import type { ActiveModel, ActiveModelSnapshot } from '@bsc/app-kit';
import { JetStreamSampleLog, type LoggedSample, type SampleLogOptions } from '@bsc/cluster';
import type { ReadStoredSamples, SignalSample } from '@bsc/common';
import { kpiPartitions, samplePartition, type KpiPartitioning } from '@bsc/twin';
import type { IngestionConfig } from '../config/ingestion.config';
import type { SampleStore } from '../pipeline/pipeline-stores.port';

/**
 * The intake's sample store (SAMPLE_LOG=jetstream): instead of the database, the samples go to the partitioned
 * JetStream log, each to the partition of its KPI dependency group in the model in force. `insertNew` resolves once
 * JetStream acknowledged every sample, so the pipeline (and through it the MQTT acknowledgement) waits for that.
 */
export class JetStreamSampleStore implements SampleStore {
  private readonly logger = new Logger(JetStreamSampleStore.name);
  private partitioning: KpiPartitioning;
  private readonly unsubscribe: () => void;
  /** The log's id names the reading; a repeat the workers have not stored yet is logged for them to judge. */
  readonly passesOnUnstored = true;
  readonly readStored?: ReadStoredSamples;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly log: JetStreamSampleLog,
    private readonly partitions: number,
    activeModel: ActiveModel,
    stored: ReadStoredSamples | undefined,
  ) {
    this.partitioning = partitionsOf(activeModel.current(), partitions);
    this.unsubscribe = activeModel.onChange((snapshot) => this.useModel(snapshot));
    this.readStored = stored;
  }

  /**
   * `stored` reads what the KPI workers stored (the samples table): a repeat of a key this intake saw, and a batch
   * holding a sample stamped before the log's duplicate window, are compared with it, so another reading of a stored
   * sample is refused here and an exact one is not logged again.
   */
  static async connect(
    config: IngestionConfig,
    activeModel: ActiveModel,
    logOptions: Omit<SampleLogOptions, 'replicas'> = {},
    stored?: ReadStoredSamples,
  ): Promise<JetStreamSampleStore> {
    const nc = await connect({
      servers: config.natsServers,
      name: 'bsc-intake',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
    });
    const log = await JetStreamSampleLog.open(nc, { ...logOptions, replicas: config.EVENT_BUS_REPLICAS });
    return new JetStreamSampleStore(nc, log, config.KPI_PARTITIONS, activeModel, stored);
  }

  get duplicateWindowMs(): number {
    return this.log.duplicateWindowMs;
  }

  async insertNew<T extends SignalSample & { knownAt?: number }>(
    samples: readonly T[],
    receivedAt = Date.now(),
  ): Promise<readonly T[]> {
    const partitioning = this.partitioning;
    const logged = samples.map((s): LoggedSample => ({ ...s, receivedAt }));
    const { duplicate } = await this.log.append(logged, (s) => samplePartition(partitioning, s.signalId));
    return samples.filter((_, i) => !duplicate[i]);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  private useModel(snapshot: ActiveModelSnapshot): void {
    try {
      this.partitioning = partitionsOf(snapshot, this.partitions);
    } catch (error) {
      this.logger.error({ err: error, version: snapshot.version }, 'partitions of the new model not computed');
    }
  }
}

function partitionsOf(snapshot: ActiveModelSnapshot, partitions: number): KpiPartitioning {
  return kpiPartitions(snapshot.graph, partitions);
}
