import type { Forecaster } from '../core/forecast.types';
import { coverage, mase, maseScale, smape } from '../metrics/accuracy';

export interface BacktestOptions {
  /** Horizon of each evaluation window. */
  h: number;
  /** Seasonal period (also the MASE lag). */
  m: number;
  /** How many rolling origins, newest first (fewer when the series is short). */
  origins?: number;
  /** Distance between origins; default half the horizon. */
  step?: number;
}

export interface BacktestResult {
  method: string;
  smape: number;
  /** Null when the in-sample scale is zero (a constant series). */
  mase: number | null;
  coverage80: number | null;
  coverage95: number | null;
  origins: number;
}

const DEFAULT_ORIGINS = 5;
/** Shortest training part an origin may leave. */
const MIN_TRAIN = 8;

/** Rolling-origin evaluation on the series' own history: the method forecasts from past origins and is scored. */
export function backtest(
  series: readonly number[],
  forecaster: Forecaster,
  options: BacktestOptions,
): BacktestResult | null {
  const { h, m } = options;
  const step = options.step ?? Math.max(1, Math.ceil(h / 2));
  const wanted = options.origins ?? DEFAULT_ORIGINS;
  const smapes: number[] = [];
  const mases: number[] = [];
  const cover80: number[] = [];
  const cover95: number[] = [];
  for (let origin = series.length - h, n = 0; origin >= Math.max(MIN_TRAIN, 2 * m) && n < wanted; origin -= step, n++) {
    const train = series.slice(0, origin);
    const actual = series.slice(origin, origin + h);
    const fc = forecaster.forecast({ y: train, h, m, levels: [80, 95] });
    smapes.push(smape(actual, fc.mean));
    if (maseScale(train, m) > 0) mases.push(mase(train, actual, fc.mean, m));
    if (fc.lower[80]) cover80.push(coverage(actual, fc.lower[80], fc.upper[80]));
    if (fc.lower[95]) cover95.push(coverage(actual, fc.lower[95], fc.upper[95]));
  }
  if (smapes.length === 0) return null;
  return {
    method: forecaster.name,
    smape: avg(smapes),
    mase: mases.length ? avg(mases) : null,
    coverage80: cover80.length ? avg(cover80) : null,
    coverage95: cover95.length ? avg(cover95) : null,
    origins: smapes.length,
  };
}

/**
 * Per KPI, keep the method that backtests best — but the default (first candidate) unless another beats it clearly,
 * since a handful of origins is a noisy judge and the default is the better method on average.
 */
export function chooseMethod(
  series: readonly number[],
  candidates: readonly Forecaster[],
  options: BacktestOptions & { margin?: number },
): { chosen: Forecaster; results: BacktestResult[] } {
  const margin = options.margin ?? 0.1;
  const results = candidates.map((f) => backtest(series, f, options));
  const score = (r: BacktestResult | null): number => (r ? (r.mase ?? r.smape) : Infinity);
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if (score(results[i]) < score(results[best]) * (1 - margin)) best = i;
  return { chosen: candidates[best], results: results.filter((r): r is BacktestResult => r !== null) };
}

function avg(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
