import { partitionLeaseName } from '@bsc/cluster';
import { WriteFencedError } from '@bsc/persistence';
import type { KpiRevisionStore, WriteFence } from '../kpi/kpi-engine.port';

/** Thrown when the partition went to another worker while a batch was in hand: the batch is not acknowledged. */
export class PartitionLostError extends Error {
  constructor(readonly partition: number) {
    super(`partition ${partition} is no longer ours`);
  }
}

/**
 * A worker's KPI writes under each partition's fencing token (PartitionConsumers.fence: undefined once the partition
 * is not ours): the database refuses a write once a successor wrote with its higher token, and the partition is then
 * lost. Without a token source (a single worker) writes go unfenced.
 */
export class PartitionFence {
  constructor(
    private readonly revisions: KpiRevisionStore,
    private readonly token?: (partition: number) => number | undefined,
  ) {}

  assertOwned(partition: number): void {
    if (this.token && this.token(partition) === undefined) throw new PartitionLostError(partition);
  }

  /** Raises the partition's fence to this worker's token, or throws PartitionLostError when a successor's is higher. */
  pass(partition: number): Promise<number> {
    return this.run(partition, (fence) => this.revisions.appendRevisions([], 0, undefined, { fence }));
  }

  /** Runs a KPI write under the partition's fencing token; a refused token means the partition is lost. */
  async run<T>(partition: number, write: (fence?: WriteFence) => Promise<T>): Promise<T> {
    if (!this.token) return write();
    const token = this.token(partition);
    if (token === undefined) throw new PartitionLostError(partition);
    try {
      return await write({ name: partitionLeaseName(partition), token });
    } catch (error) {
      if (error instanceof WriteFencedError) throw new PartitionLostError(partition);
      throw error;
    }
  }
}
