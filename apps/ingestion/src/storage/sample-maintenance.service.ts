import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AnomalyRepository, SamplePartitionRepository, SampleRepository } from '@bsc/persistence';
import { INGESTION_CONFIG, type IngestionConfig } from '../config/ingestion.config';

/** Hourly: partitions are created months ahead, so an hour's delay never leaves a write without one. */
export const SAMPLE_MAINTENANCE_INTERVAL_MS = 3_600_000;
/**
 * Every minute the BRIN block ranges inserts opened are summarised (also at the end of each hourly pass): the late
 * check at restart reads every range never summarised, an hour of them at 400 samples/s about 16,000 pages. An idle
 * summary costs milliseconds per partition.
 */
export const SAMPLE_SUMMARY_INTERVAL_MS = 60_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/**
 * A minute is folded into its hour and day rollups once it closed at least this long ago: samples arriving a little
 * late (transport, batching) still find their minute unfolded and cost one rollup upsert, not three.
 */
export const ROLLUP_FOLD_GRACE_MS = 60_000;

/**
 * Keeps the sample store in shape: creates the PostgreSQL month partitions ahead of time (and for months a backfill
 * left in the default partition) and, when SAMPLE_RETENTION_DAYS is set, removes samples older than that (whole
 * month partitions dropped, the rest deleted; hour and day rollups kept) and the anomalies found before then, and
 * summarises the block ranges of the BRIN index on received_at that inserts opened since the last pass (else reads
 * by receipt time, such as the late check at restart, read every range never summarised; also every minute) and
 * ANALYZEs the partitions whose planner statistics are missing or stale (with each summary). Once
 * at start, then hourly; processes sharing the database take turns by an advisory lock. Every
 * SAMPLE_ROLLUP_FOLD_INTERVAL_S it folds the closed minute rollups into their hour and day rollups.
 */
@Injectable()
export class SampleMaintenanceService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SampleMaintenanceService.name);
  private timer: NodeJS.Timeout | undefined;
  private foldTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private folding: Promise<void> | undefined;
  private summaryTimer: NodeJS.Timeout | undefined;
  private summarizing: Promise<void> | undefined;

  constructor(
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    private readonly partitions: SamplePartitionRepository,
    private readonly anomalies: AnomalyRepository,
    private readonly samples: SampleRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.running = this.run(Date.now());
    this.timer = setInterval(() => {
      this.running ??= this.run(Date.now()).finally(() => (this.running = undefined));
    }, SAMPLE_MAINTENANCE_INTERVAL_MS);
    this.timer.unref();
    this.summaryTimer = setInterval(() => void this.summarizeOnce(), SAMPLE_SUMMARY_INTERVAL_MS);
    this.summaryTimer.unref();
    const foldS = this.config.SAMPLE_ROLLUP_FOLD_INTERVAL_S;
    if (foldS === 0) return;
    this.foldTimer = setInterval(() => {
      this.folding ??= this.fold(Date.now()).finally(() => (this.folding = undefined));
    }, foldS * 1_000);
    this.foldTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.foldTimer);
    clearInterval(this.summaryTimer);
    await Promise.all([this.running, this.folding, this.summarizing]);
  }

  /** Folds the minutes that closed at least ROLLUP_FOLD_GRACE_MS before `now`; a failure waits for the next one. */
  async fold(now: number): Promise<void> {
    const upTo = now - (((now % MINUTE_MS) + MINUTE_MS) % MINUTE_MS) - ROLLUP_FOLD_GRACE_MS;
    try {
      const { from, to } = await this.samples.foldRollups(upTo);
      if (to > from) this.logger.debug({ from, to }, 'minute rollups folded');
    } catch (error) {
      this.logger.error({ err: error }, 'rollup fold failed; retrying at the next one');
    }
  }

  /**
   * Summarises the block ranges opened since the last summary, then gathers the planner statistics of partitions
   * that changed by a tenth since their last (a bulk load, autovacuum off or behind); a failure waits for the next one.
   */
  async summarize(): Promise<void> {
    try {
      const summary = await this.partitions.summarizeNewRanges();
      if (summary.ranges + summary.skipped.length > 0) this.logger.debug(summary, 'sample block ranges summarised');
    } catch (error) {
      this.logger.error({ err: error }, 'sample block range summary failed; retrying at the next one');
    }
    try {
      const statistics = await this.partitions.analyzeStale();
      if (statistics.analysed.length > 0) this.logger.log(statistics, 'sample partition statistics gathered');
    } catch (error) {
      this.logger.error({ err: error }, 'sample partition statistics failed; retrying at the next summary');
    }
  }

  /** One summary at a time (the minute's and the pass's would wait on each other's locks). */
  private summarizeOnce(): Promise<void> {
    return (this.summarizing ??= this.summarize().finally(() => (this.summarizing = undefined)));
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
      // after retention: no work on partitions about to be dropped
      await this.summarizeOnce();
    } catch (error) {
      this.logger.error({ err: error }, 'sample maintenance failed; retrying at the next pass');
    }
  }
}
