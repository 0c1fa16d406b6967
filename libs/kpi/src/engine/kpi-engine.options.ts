/** Tuning knobs of the KPI engine; every bound is named here. */
export interface KpiEngineOptions {
  /** Width of the fine buckets samples are pre-aggregated into. Must divide one minute. Default 60 s. */
  bucketMs?: number;
  /**
   * Horizon of fine buckets per signal behind its newest sample (duplicate detection, late samples, closed-period
   * sliding windows). Sliding windows longer than it are served by hour buckets (starting on an hour edge). Default 6 h.
   */
  retentionMs?: number;
  /**
   * How far behind the newest sample a closed period's long (coarse) window is still evaluated from complete
   * data; sizes the coarse buckets (window + lateness). Default: retentionMs.
   */
  latenessMs?: number;
  /** Period-to-date summaries kept per signal and period type (oldest evicted first). Default 1000. */
  maxPeriodsPerType?: number;
  /**
   * Raw sample timestamps the fine buckets of all signals keep, together, for duplicate detection and exact joins
   * of late samples (about 16 bytes each). Beyond it the oldest buckets keep only their summaries: memory stays
   * flat whatever the rate, at the price that a late sample landing there is accepted unchecked. Default 2,000,000.
   */
  maxKeptStamps?: number;
  /**
   * How far behind its newest sample a checkpoint cuts: a restore reads the stored samples from there on again (into
   * the buckets) and a sample older than the cut arriving after a restore needs a replay. Default 5 min.
   */
  checkpointReplayMs?: number;
  /** Wall clock for KpiValue.computedAt only; values never depend on it. Default Date.now. */
  clock?: () => number;
  /**
   * Visit every KPI on every watermark move and pass (staleness, sliding windows) instead of only those with a
   * deadline due: the same values at a cost that grows with the model. A reference for tests and benchmarks.
   * Default false.
   */
  visitAll?: boolean;
  /**
   * Event time between re-evaluations of an open value that moves with the watermark alone (a gauge's time-weighted
   * average while its level is still held) when no sample of its own touches it. 0: on every watermark move, exact
   * at every instant. Above 0 such a value may lag the watermark by up to this much between samples, at a cost that
   * follows the refresh rate instead of the batch rate; closed periods are evaluated at their end either way, so
   * their values do not change. Default 0.
   */
  movingRefreshMs?: number;
}

export interface ResolvedKpiEngineOptions {
  bucketMs: number;
  retentionMs: number;
  latenessMs: number;
  maxPeriodsPerType: number;
  maxKeptStamps: number;
  checkpointReplayMs: number;
  clock: () => number;
  visitAll: boolean;
  movingRefreshMs: number;
}

export const DEFAULT_BUCKET_MS = 60_000;
export const DEFAULT_RETENTION_MS = 6 * 3_600_000;
export const DEFAULT_MAX_PERIODS_PER_TYPE = 1_000;
export const DEFAULT_MAX_KEPT_STAMPS = 2_000_000;
export const DEFAULT_CHECKPOINT_REPLAY_MS = 5 * 60_000;
/** A KPI is stale when an input's newest sample is older than this many update intervals. */
export const STALE_AFTER_UPDATE_INTERVALS = 3;

export function resolveKpiEngineOptions(options: KpiEngineOptions = {}): ResolvedKpiEngineOptions {
  const bucketMs = options.bucketMs ?? DEFAULT_BUCKET_MS;
  // Period boundaries fall on whole minutes (fixed UTC offsets), so buckets must tile a minute exactly.
  if (!Number.isInteger(bucketMs) || bucketMs <= 0 || 60_000 % bucketMs !== 0) {
    throw new RangeError(`bucketMs must be a positive divisor of 60000, got ${bucketMs}`);
  }
  const retentionMs = Math.max(bucketMs, options.retentionMs ?? DEFAULT_RETENTION_MS);
  return {
    bucketMs,
    retentionMs,
    latenessMs: Math.max(0, options.latenessMs ?? retentionMs),
    maxPeriodsPerType: Math.max(2, options.maxPeriodsPerType ?? DEFAULT_MAX_PERIODS_PER_TYPE),
    maxKeptStamps: Math.max(1, options.maxKeptStamps ?? DEFAULT_MAX_KEPT_STAMPS),
    checkpointReplayMs: Math.max(0, options.checkpointReplayMs ?? DEFAULT_CHECKPOINT_REPLAY_MS),
    clock: options.clock ?? Date.now,
    visitAll: options.visitAll ?? false,
    movingRefreshMs: resolveMovingRefreshMs(options.movingRefreshMs),
  };
}

function resolveMovingRefreshMs(ms = 0): number {
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`movingRefreshMs must be a whole number >= 0, got ${ms}`);
  return ms;
}
