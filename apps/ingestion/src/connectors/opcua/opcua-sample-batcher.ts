import type { RawSampleInput, SampleIntake } from '../../pipeline/sample-intake.port';

export interface SampleBatcherLimits {
  maxBatchSize: number;
  maxPending: number;
}

export interface SampleBatcherStats {
  submitted: number;
  dropped: number;
  failedBatches: number;
}

/**
 * Coalesces notifications into batches for the pipeline, one submit in flight at a time. While the pipeline
 * pushes back (submit waits), samples queue up to `maxPending`; beyond that the oldest are dropped and counted,
 * because holding an unbounded backlog would take the process down instead.
 */
export class SampleBatcher {
  private pending: RawSampleInput[] = [];
  private flushing?: Promise<void>;
  private scheduled = false;
  readonly stats: SampleBatcherStats = { submitted: 0, dropped: 0, failedBatches: 0 };

  constructor(
    private readonly intake: SampleIntake,
    private readonly limits: SampleBatcherLimits,
    private readonly onError: (error: Error, lost: number) => void,
  ) {}

  push(samples: readonly RawSampleInput[]): void {
    this.pending.push(...samples);
    const excess = this.pending.length - this.limits.maxPending;
    if (excess > 0) {
      this.pending.splice(0, excess);
      this.stats.dropped += excess;
    }
    this.schedule();
  }

  /** Resolves when everything pushed so far has been submitted. */
  async drain(): Promise<void> {
    while (this.flushing || this.pending.length > 0) {
      await (this.flushing ?? this.flush());
    }
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    // One macrotask later: a publish response carries many notifications, they go to the pipeline together.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = (async () => {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.limits.maxBatchSize);
        try {
          await this.intake.submit(batch);
          this.stats.submitted += batch.length;
        } catch (error) {
          this.stats.failedBatches += 1;
          this.stats.dropped += batch.length;
          this.onError(error as Error, batch.length);
        }
      }
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }
}
