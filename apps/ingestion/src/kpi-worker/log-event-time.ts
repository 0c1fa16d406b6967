import type { SampleRepository } from '@bsc/persistence';

/**
 * How long before the previous refresh a sample may have been received (its received_at, the intake's clock) and
 * still be looked for below the scan floor: a worker's lag between the intake's receipt and its store, plus the
 * clocks' skew. The receipt range read at each refresh is the tick plus this.
 */
export const RECEIPT_LOOKBACK_MS = 30_000;

/**
 * The event time of the whole log as the single process's one engine has it: the newest and the first sample of the
 * signals some KPI reads (that engine ignores any other signal's samples: they move nothing), from the batches this
 * worker handles and, for what other workers stored, from the database. Kept per model version, whose KPIs read
 * their own signals. The log's first sample is asked for once a read sample is known, until one is found; one stored
 * later by another worker that is older still is not seen (see the README on KPI workers).
 *
 * A refresh costs what was stored since the previous one, not the length of a spell in which only unread signals
 * sample: each sample newer than `newest` is walked once, up to the scan floor; below it (a read sample dated before
 * unread ones already walked, stored later by another worker) the samples received since the previous refresh, less
 * RECEIPT_LOOKBACK_MS, are read. The trade: such a sample received longer before than that (a worker's backlog) moves
 * event time only when a newer read sample does.
 */
export class LogEventTime {
  newest = -Infinity;
  first = Infinity;
  private version: number | undefined;
  private reads: ReadonlySet<string> = new Set();
  private firstFromLog = false;
  /** Every stored sample newer than `newest` and at most this was walked (and was of no signal read). */
  private floor = -Infinity;
  /** The clock of the previous refresh: what was received after it, less the look-back, is read below the floor. */
  private refreshed: number | undefined;

  constructor(private readonly samples: Pick<SampleRepository, 'edgeTsOf' | 'walkNewest' | 'receivedInBand'>) {}

  /** Under the model version whose KPIs read `signalIds` (asked for only when the version changes). */
  use(version: number, signalIds: () => readonly string[]): void {
    if (version === this.version) return;
    this.version = version;
    this.reads = new Set(signalIds());
    this.newest = -Infinity;
    this.first = Infinity;
    this.firstFromLog = false;
    this.floor = -Infinity;
    this.refreshed = undefined;
  }

  /** Samples this worker stored: a set lookup each. */
  note(samples: readonly { signalId: string; ts: number }[]): void {
    for (const s of samples) {
      if (!this.reads.has(s.signalId)) continue;
      if (s.ts > this.newest) this.newest = s.ts;
      if (s.ts < this.first) this.first = s.ts;
    }
  }

  /** What any worker stored: samples newer than the newest known here, and the log's first until it is known. */
  async refresh(): Promise<void> {
    const { version, reads } = this;
    // no signal read (no model version used yet): the walk would pass every stored sample and find none
    if (reads.size === 0) return;
    const accepts = (signalId: string) => reads.has(signalId);
    // before the reads: a sample stored while they run is received after it
    const now = Date.now();
    const { newest: known, floor, refreshed } = this;
    const walk = await this.samples.walkNewest(accepts, Math.max(known, floor));
    const late =
      refreshed !== undefined && floor > known
        ? await this.samples.receivedInBand(refreshed - RECEIPT_LOOKBACK_MS, known, floor)
        : [];
    const newest = late.reduce((max, s) => (accepts(s.signalId) ? Math.max(max, s.ts) : max), walk.ts ?? -Infinity);
    // while no read sample is stored the walk from the oldest end would pass every stored sample, each tick
    const none = newest === -Infinity && this.newest === -Infinity;
    const first = this.firstFromLog || none ? null : await this.samples.edgeTsOf(accepts, 'oldest');
    // a model change meanwhile started over: these times were of other signals
    if (version !== this.version) return;
    if (newest > this.newest) this.newest = newest;
    if (walk.reached !== null) this.floor = Math.max(this.floor, walk.reached);
    this.refreshed = now;
    if (first !== null) {
      this.first = Math.min(this.first, first);
      this.firstFromLog = true;
    }
  }
}
