/**
 * Whether history is still arriving for days a forecast reads as complete, learnt from the samples ingested (the
 * `samples.ingested` event of every source): an import or a backfill through the pipeline, a connector catching up
 * after an outage, a historian replay. Samples timed before the start of the day they arrive on are history; while
 * they keep coming, with gaps shorter than `quietMs`, the history is loading, and forecasts from it are
 * provisional. Once it has been quiet that long it has settled, and a run that read it unsettled (or that history
 * reached after it began) is due again.
 */
export class HistoryArrival {
  /** Last arrival of history, and the samples and oldest time of the burst it belongs to. */
  private lastAt: number | null = null;
  private burstSamples = 0;
  private burstOldest = Infinity;
  private runStartedAt: number | null = null;
  private runReadLoading = false;

  constructor(
    /** Start of the calendar day holding `t` (the model's calendar). */
    private readonly dayStartOf: (t: number) => number,
    private readonly quietMs: number,
  ) {}

  note(samples: readonly { ts: number }[], at: number): void {
    const dayStart = this.dayStartOf(at);
    let past = 0;
    let oldest = Infinity;
    for (const s of samples) {
      if (s.ts >= dayStart) continue;
      past += 1;
      if (s.ts < oldest) oldest = s.ts;
    }
    if (past === 0) return;
    if (this.loading(at) === null) {
      this.burstSamples = 0;
      this.burstOldest = Infinity;
    }
    this.lastAt = at;
    this.burstSamples += past;
    this.burstOldest = Math.min(this.burstOldest, oldest);
  }

  /** Null when the history has settled, else why it has not, in a few words. */
  loading(now: number): string | null {
    if (this.lastAt === null || now - this.lastAt >= this.quietMs) return null;
    const day = new Date(this.burstOldest).toISOString().slice(0, 10);
    const ago = Math.round((now - this.lastAt) / 1000);
    return `history still arriving: ${this.burstSamples} sample${this.burstSamples === 1 ? '' : 's'} for past days (from ${day}), the last ${ago} s ago`;
  }

  /** A run begins: it reads every sample stored until now. Returns why its history is not settled, or null. */
  beginRun(now: number): string | null {
    const loading = this.loading(now);
    this.runStartedAt = now;
    this.runReadLoading = loading !== null;
    return loading;
  }

  /** The latest run read history that was still loading, or history arrived after it began, and it has settled. */
  rerunDue(now: number): boolean {
    if (this.runStartedAt === null || this.loading(now) !== null) return false;
    return this.runReadLoading || (this.lastAt !== null && this.lastAt >= this.runStartedAt);
  }
}
