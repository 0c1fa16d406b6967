/**
 * When the KPI side of a stored batch runs. Taking turns (write, then the batch's KPI step, then the next write)
 * leaves the database idle during the KPI step and the process idle during the write; at a high rate that
 * sequence, not either side, bounds the throughput. So a batch's KPI step waits until the next write has sent its
 * insert and runs while the database works on it; when no write follows, it runs after `fallbackMs`.
 */
export class OverlappedDelivery {
  private pending: (() => void) | null = null;
  private fallback: NodeJS.Timeout | undefined;

  constructor(private readonly fallbackMs: number) {}

  /** A KPI step to run (KpiHandoff's drain): at the next write's insert, or after the fallback. */
  readonly schedule = (run: () => void): void => {
    if (this.pending) return;
    this.pending = run;
    this.fallback = setTimeout(() => this.runPending(), this.fallbackMs);
  };

  /** The next write's insert is on its way to the database: the pending step runs once this turn's calls are done. */
  readonly writeSent = (): void => {
    if (!this.pending) return;
    clearTimeout(this.fallback);
    setImmediate(() => this.runPending());
  };

  private runPending(): void {
    const run = this.pending;
    this.pending = null;
    clearTimeout(this.fallback);
    run?.();
  }
}
