export interface KpiEngineStats {
  accepted: number;
  duplicates: number;
  /** Accepted into period summaries only: older than the signal's fine-bucket horizon (no duplicate check). */
  beyondRetention: number;
  /** Samples of signals no KPI reads (or unknown to the model). */
  ignored: number;
  /** Samples with a non-finite timestamp, dropped. */
  invalid: number;
  evaluations: number;
  /**
   * Evaluations of closed periods left out because a sliding window they read is no longer in the buckets (a sample
   * later than the fine horizon): the period keeps the value computed while the window was held.
   */
  unheldWindows: number;
  /**
   * Late gauge or counter samples whose neighbours were no longer known (between two samples older than the
   * fine horizon, outside a backfill run): counted per sample, but without a time weight or counter step until
   * the next replay.
   */
  unjoined: number;
  /** Entries in the queue of staleness deadlines: at most about twice the KPIs with formulas, however long it runs. */
  queuedStaleness: number;
}

/** The counts the engine keeps itself (the others are read from its series and schedule when asked). */
export type KpiEngineCounters = Omit<KpiEngineStats, 'unjoined' | 'queuedStaleness'>;

export function newEngineCounters(): KpiEngineCounters {
  return { accepted: 0, duplicates: 0, beyondRetention: 0, ignored: 0, invalid: 0, evaluations: 0, unheldWindows: 0 };
}
