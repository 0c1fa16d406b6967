import type { ReplayHorizon } from '@bsc/kpi';
import type { StoredSample } from './kpi-feed.port';

/**
 * The time of the oldest sample of a batch older than the history the engine's replay read, or undefined when there
 * is none. Only samples some KPI reads count: the engine ignores the others. Rare, and the periods of such a sample
 * need the history before it, so the feed rebuilds its engine from there (see KpiLateRebuild).
 */
export function oldestBeforeReplay(samples: readonly StoredSample[], horizon: ReplayHorizon): number | undefined {
  const oldest = samples.reduce((min, s) => (s.ts < min && horizon.signals.has(s.signalId) ? s.ts : min), Infinity);
  return oldest < horizon.lateBound ? oldest : undefined;
}
