import { Logger } from '@nestjs/common';
import type { AnomalyEvent } from '@bsc/events';
import { classifyWriteError, type AnomalyRecord, type AnomalyRepository } from '@bsc/persistence';
import { WriteBuffer } from '../pipeline/write-buffer';
import { WRITE_POLICY, type WritePolicy } from '../pipeline/write-policy';
import type { AlertMetrics } from './alert-metrics';

export type AnomalyWritePolicy = Pick<
  WritePolicy,
  'batchSize' | 'flushIntervalMs' | 'bufferBound' | 'retry' | 'shutdownFlushMs'
>;

export const ANOMALY_WRITER = Symbol('ANOMALY_WRITER');

/** Every bound of the anomaly write path, in one place. */
export const ANOMALY_WRITE_POLICY: AnomalyWritePolicy = {
  /** Most anomalies in one transaction; an incident scores many signals at once. */
  batchSize: 1_000,
  /** Longest a finding waits for others to join its write: one write a second at most while they keep coming. */
  flushIntervalMs: 1_000,
  /** Findings held while the database is away; beyond it new ones are dropped (counted), never waited for. */
  bufferBound: 10_000,
  retry: WRITE_POLICY.retry,
  /** On shutdown, how long unwritten findings are retried before they are counted as dropped. */
  shutdownFlushMs: 5_000,
};

/**
 * Stores what the detectors report, in batches off the hot path: `record` only buffers. A finding stored twice (a
 * replay) is kept once by the table's key. While the database is away the buffer retries with backoff; when it is
 * full, new findings are dropped rather than slowing the detectors, and every drop is counted.
 */
export class AnomalyWriter {
  private readonly logger = new Logger(AnomalyWriter.name);
  private readonly buffer: WriteBuffer<AnomalyRecord>;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly repository: Pick<AnomalyRepository, 'record'>,
    private readonly metrics: AlertMetrics,
    private readonly policy: AnomalyWritePolicy = ANOMALY_WRITE_POLICY,
    sleep?: (ms: number) => Promise<void>,
  ) {
    this.buffer = new WriteBuffer<AnomalyRecord>(
      (batch) => this.write(batch),
      policy,
      {
        isPermanent: (error) => classifyWriteError(error) === 'permanent',
        retry: (error, attempt, delayMs) =>
          this.logger.warn({ err: error, attempt, delayMs }, 'anomaly write failed; retrying'),
        setAside: (item, error) => this.drop(1, error, item.kpiId),
        dropped: (count, error) => this.drop(count, error),
      },
      sleep,
    );
  }

  /** Buffers the findings of one step; `unitOf` is the KPI's org unit (findings of unknown KPIs are not kept). */
  record(anomalies: readonly AnomalyEvent[], unitOf: (kpiId: string) => string | undefined, detectedAt: number): void {
    const rows: AnomalyRecord[] = [];
    for (const a of anomalies) {
      const unitId = unitOf(a.kpiId);
      if (unitId !== undefined) rows.push({ ...a, unitId, detectedAt });
    }
    if (rows.length === 0) return;
    const room = this.policy.bufferBound - this.buffer.depth - this.buffer.waiting;
    if (room < rows.length) this.drop(rows.length - Math.max(room, 0), new Error('anomaly buffer full'));
    if (room <= 0) return;
    // rejected only when given up at shutdown, which the `dropped` hook has counted
    const write = this.buffer.push(rows.slice(0, room)).catch(() => undefined);
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** Resolves once everything recorded so far is written or given up (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Writes what is buffered (up to the policy's shutdown deadline), then refuses new findings. */
  async close(): Promise<void> {
    await this.buffer.close();
    await this.whenIdle();
  }

  private async write(batch: AnomalyRecord[]): Promise<void> {
    const added = await this.repository.record(batch);
    this.metrics.anomaliesStored.inc({ outcome: 'stored' }, added);
    if (batch.length > added) this.metrics.anomaliesStored.inc({ outcome: 'duplicate' }, batch.length - added);
  }

  private drop(count: number, error: unknown, kpiId?: string): void {
    this.metrics.anomaliesStored.inc({ outcome: 'dropped' }, count);
    this.logger.error({ err: error, count, kpiId }, 'anomalies not stored');
  }
}
