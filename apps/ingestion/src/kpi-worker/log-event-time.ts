import type { SampleRepository } from '@bsc/persistence';

/**
 * The event time of the whole log as the single process's one engine has it: the newest and the first sample of the
 * signals some KPI reads (that engine ignores any other signal's samples: they move nothing), from the batches this
 * worker handles and, for what other workers stored, from the database. Kept per model version, whose KPIs read
 * their own signals. The log's first sample is asked for until one is found; one stored later by another worker
 * that is older still is not seen (see the README on KPI workers).
 */
export class LogEventTime {
  newest = -Infinity;
  first = Infinity;
  private version: number | undefined;
  private reads: ReadonlySet<string> = new Set();
  private firstFromLog = false;

  constructor(private readonly samples: Pick<SampleRepository, 'edgeTsOf'>) {}

  /** Under the model version whose KPIs read `signalIds` (asked for only when the version changes). */
  use(version: number, signalIds: () => readonly string[]): void {
    if (version === this.version) return;
    this.version = version;
    this.reads = new Set(signalIds());
    this.newest = -Infinity;
    this.first = Infinity;
    this.firstFromLog = false;
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
    const newest = await this.samples.edgeTsOf(accepts, 'newest', this.newest);
    const first = this.firstFromLog ? null : await this.samples.edgeTsOf(accepts, 'oldest');
    // a model change meanwhile started over: these times were of other signals
    if (version !== this.version) return;
    if (newest !== null && newest > this.newest) this.newest = newest;
    if (first !== null) {
      this.first = Math.min(this.first, first);
      this.firstFromLog = true;
    }
  }
}
