export interface StallReport {
  stalled: boolean;
  /** Submissions (messages, batches) waiting for their writes. */
  waiting: number;
  /** Time since the last completed write, or since work started waiting after an idle spell. */
  sinceProgressMs: number;
}

/**
 * Whether a write path moves. Work that waits while no write completes for a while means ingestion is stuck
 * (database unreachable, a write that never returns), even when every connector is connected. One per kind of
 * write: writes of another kind that complete say nothing about this one.
 */
export class PipelineProgress {
  private waiting = 0;
  private lastProgressAt: number;

  // the clock read at each call (not Date.now taken once), so a test's mocked or faked clock reaches it
  constructor(private readonly now: () => number = () => Date.now()) {
    this.lastProgressAt = now();
  }

  /** Counts the work as waiting until it settles. */
  track<T>(work: () => Promise<T>): Promise<T> {
    // An idle spell is no stall: the clock starts when work arrives.
    if (this.waiting === 0) this.lastProgressAt = this.now();
    this.waiting += 1;
    return work().finally(() => (this.waiting -= 1));
  }

  /** A write completed (stored, or a refused item set aside). */
  progressed(): void {
    this.lastProgressAt = this.now();
  }

  report(stallAfterMs: number): StallReport {
    const sinceProgressMs = this.waiting > 0 ? this.now() - this.lastProgressAt : 0;
    return { stalled: this.waiting > 0 && sinceProgressMs >= stallAfterMs, waiting: this.waiting, sinceProgressMs };
  }
}

/** Several write paths as one: stalled when any is, the waits added up, the longest time without progress. */
export function combinedStall(reports: readonly StallReport[]): StallReport {
  return {
    stalled: reports.some((r) => r.stalled),
    waiting: reports.reduce((n, r) => n + r.waiting, 0),
    sinceProgressMs: Math.max(0, ...reports.map((r) => r.sinceProgressMs)),
  };
}
