import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AnomalyRepository, SamplePartitionRepository } from '@bsc/persistence';
import { INGESTION_CONFIG, type IngestionConfig } from '../config/ingestion.config';

/** Hourly: partitions are created months ahead, so an hour's delay never leaves a write without one. */
export const SAMPLE_MAINTENANCE_INTERVAL_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Keeps the sample store in shape: creates the PostgreSQL month partitions ahead of time (and for months a backfill
 * left in the default partition) and, when SAMPLE_RETENTION_DAYS is set, removes samples older than that (whole
 * month partitions dropped, the rest deleted; hour and day rollups kept) and the anomalies found before then. Once
 * at start, then hourly; processes sharing the database take turns by an advisory lock.
 */
@Injectable()
export class SampleMaintenanceService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SampleMaintenanceService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    private readonly partitions: SamplePartitionRepository,
    private readonly anomalies: AnomalyRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.run(Date.now());
    this.timer = setInterval(() => {
      this.running ??= this.run(Date.now()).finally(() => (this.running = undefined));
    }, SAMPLE_MAINTENANCE_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; failures are logged and retried at the next pass (writes go to the default partition meanwhile). */
  async run(now: number): Promise<void> {
    try {
      const created = await this.partitions.maintain(now);
      if (created.length > 0) this.logger.log({ created }, 'sample partitions created');
      const days = this.config.SAMPLE_RETENTION_DAYS;
      if (days > 0) {
        const cutoff = now - days * DAY_MS;
        const result = await this.partitions.retain(cutoff);
        const deletedAnomalies = await this.anomalies.deleteBefore(cutoff);
        if (result.droppedPartitions.length + result.deletedSamples + result.deletedRollups + deletedAnomalies > 0)
          this.logger.log({ ...result, deletedAnomalies, retentionDays: days }, 'old samples removed');
      }
    } catch (error) {
      this.logger.error({ err: error }, 'sample maintenance failed; retrying at the next pass');
    }
  }
}
