import { analyzeFormula, parseFormula } from '@bsc/formula';
import type { TwinModel } from '@bsc/twin';
import { carriedReachMs } from '../aggregation/window-accumulator';
import { FiscalCalendar } from '../calendar/fiscal-calendar';
import { servesFinely } from '../series/signal-series';
import { SignalSeriesRegistry } from '../series/signal-series-registry';
import { DEFAULT_BUCKET_MS, DEFAULT_RETENTION_MS, resolveKpiEngineOptions } from './kpi-engine.options';
import { buildKpiPlans } from './kpi-plan';

export interface FittedHorizonOptions {
  /** The horizon whose reads are kept (default DEFAULT_RETENTION_MS). */
  retentionMs?: number;
  bucketMs?: number;
  /** Never below this: how far behind the newest sample the caller's samples may still arrive. */
  floorMs?: number;
}

/**
 * A fine horizon for an engine fed samples in time order (or no later than the horizon behind the newest) that reads
 * every sliding window over a signal of `model` as `retentionMs` does, and no longer than that needs. A series
 * serves a window from its fine buckets when the window and one bucket fit the horizon, else from hour buckets
 * (SignalSeries.needsCoarse), and looks up the reading carried into a window there too: a gauge's counts while it
 * is held (its maxHold), a counter's sum, delta and rate take it at any age. Each window the default reads finely
 * so reaches back its length, plus the hold for gauges, plus one bucket; a counter's carried window keeps the whole
 * default. The horizon is twice that reach: the engine evaluates a closed period's windows at the latest once its
 * samples have run on past the period's end by what the buckets hold beyond the longest window (flushSpanOf), so
 * the doubling lets a replay page run on as long as the reach instead of costing a pass for every page. Beyond it
 * the buckets are only memory: a day of samples every 4 minutes at 10,000 signals held 1.3 GB at 6 h, 1.0 at this.
 */
export function fittedFineHorizon(model: TwinModel, options: FittedHorizonOptions = {}): number {
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const bucketMs = options.bucketMs ?? DEFAULT_BUCKET_MS;
  // the span of the fine buckets `retentionMs` gives a series (its whole buckets)
  const fineSpanMs = Math.ceil(retentionMs / bucketMs) * bucketMs;
  // the series' shapes (kind, hold) exactly as an engine's registry settles them, on rings of one bucket
  const registry = new SignalSeriesRegistry(
    model,
    new FiscalCalendar(model.calendar),
    resolveKpiEngineOptions({ bucketMs, retentionMs: bucketMs }),
  );
  buildKpiPlans(model, { seriesFor: (id, period, slidingMs, stale) => registry.for(id, period, slidingMs, stale) });
  let reach = 0;
  for (const kpi of model.kpis) {
    if (kpi.formula === undefined || kpi.formula.trim() === '') continue;
    for (const { id, fn, window } of analyzeFormula(parseFormula(kpi.formula)).windows) {
      const series = registry.get(id);
      if (window === 'period' || !series || !servesFinely(window, fineSpanMs, bucketMs)) continue;
      reach = Math.max(reach, window + carriedReachMs(series.shape, fn));
    }
  }
  if (reach === Infinity) return retentionMs;
  const needed = 2 * Math.ceil((reach + bucketMs) / bucketMs) * bucketMs;
  return Math.min(retentionMs, Math.max(needed, options.floorMs ?? 0));
}
