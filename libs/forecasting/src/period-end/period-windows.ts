import type { FitStore } from '../core/fit-store';
import type { Forecaster, ForecastResult } from '../core/forecast.types';
import { pastOriginForecasts } from '../core/past-origins';
import { normalQuantile } from '../core/intervals';
import { floorAtZero } from './non-negative-floor';
import type { ErrorScale, OriginFits, PeriodAggregation } from './period-end.types';
import { seededNormal } from './seeded-random';

const PARAMETRIC_PATHS = 2000;
const Z95 = normalQuantile(95);

export type WindowAggregation = 'sum' | 'last' | 'min' | 'max';

/** The aggregated steps of a forecast: `length` steps after `offset` (a period's own steps). */
export interface WindowSpan {
  offset: number;
  length: number;
  agg: WindowAggregation;
}

/** How the remaining window's steps add up: averages and counts through their sums. */
export function windowAggregationOf(aggregation: PeriodAggregation): WindowAggregation {
  return aggregation === 'avg' || aggregation === 'count' ? 'sum' : aggregation;
}

export function aggregateWindow(values: readonly number[], agg: WindowAggregation): number {
  switch (agg) {
    case 'sum':
      return values.reduce((s, v) => s + v, 0);
    case 'last':
      return values[values.length - 1];
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
  }
}

const span = (values: readonly number[], from: number, w: WindowSpan): number =>
  aggregateWindow(values.slice(from + w.offset, from + w.offset + w.length), w.agg);

/** How many past origins: at most `max`, none unless `min` fit; each trained on at least `minTrain` points. */
export interface OriginLimits {
  max: number;
  min: number;
  minTrain: number;
  /** Default 'each'. */
  fits?: OriginFits;
  /** Default 'absolute'. */
  scale?: ErrorScale;
}

/**
 * The mean absolute seasonal difference (lag m, or 1) over the `span` steps before `end`, or over those of them with
 * a predecessor a season back; NaN when there are none.
 */
export function recentChange(series: readonly number[], end: number, span: number, m: number): number {
  const lag = Math.max(1, m);
  let sum = 0;
  let n = 0;
  for (let t = Math.max(lag, end - span); t < end; t++) {
    sum += Math.abs(series[t] - series[t - lag]);
    n++;
  }
  return n > 0 ? sum / n : Number.NaN;
}

/** The mean absolute value of the `span` steps before `end` (as many as there are); NaN when there are none. */
export function recentLevel(series: readonly number[], end: number, span: number): number {
  let sum = 0;
  let n = 0;
  for (let t = Math.max(0, end - span); t < end; t++) {
    sum += Math.abs(series[t]);
    n++;
  }
  return n > 0 ? sum / n : Number.NaN;
}

/**
 * Per origin, the factor that brings its errors to today's scale (see ErrorScale: today's recent movement or level
 * over the origin's); all 1 when the scale is absolute or any of them is not positive (a flat stretch has no scale).
 */
function originFactors(
  series: readonly number[],
  origins: readonly number[],
  h: number,
  m: number,
  scale?: ErrorScale,
) {
  const ones = origins.map(() => 1);
  if (scale === undefined || scale === 'absolute') return ones;
  const measure = (end: number) =>
    scale === 'recent-change' ? recentChange(series, end, h, m) : recentLevel(series, end, h);
  const today = measure(series.length);
  const past = origins.map((o) => measure(o));
  const usable = (v: number) => Number.isFinite(v) && v > 0;
  return usable(today) && past.every(usable) ? past.map((v) => today / v) : ones;
}

/**
 * Errors of each window's aggregate when forecasting `h` steps from past origins (latest origins first), one
 * forecast per origin for every window: a later period's window is as far ahead of each origin as it is of today.
 * No errors (empty lists) when fewer than `limits.min` origins fit in the series.
 */
export function windowErrors(
  series: readonly number[],
  h: number,
  windows: readonly WindowSpan[],
  forecaster: Forecaster,
  m: number,
  limits: OriginLimits,
  floor: boolean,
  fits?: FitStore,
): number[][] {
  const errors = windows.map((): number[] => []);
  const minTrain = Math.max(limits.minTrain, 2 * m);
  const lastOrigin = series.length - h;
  const available = lastOrigin - minTrain + 1;
  if (available < limits.min) return errors;
  const step = Math.max(1, Math.floor(available / limits.max));
  const origins: number[] = [];
  for (let origin = lastOrigin; origin >= minTrain && origins.length < limits.max; origin -= step) origins.push(origin);
  const forecasts = pastOriginForecasts(series, origins, h, forecaster, m, minTrain, limits.fits ?? 'each', fits);
  const factors = originFactors(series, origins, h, m, limits.scale);
  origins.forEach((origin, j) => {
    // errors of the forecast as it is given: floored too when the steps cannot be negative
    const given = floor ? floorAtZero(forecasts[j].mean) : forecasts[j].mean;
    windows.forEach((w, i) => errors[i].push((span(series, origin, w) - span(given, 0, w)) * factors[j]));
  });
  return errors;
}

/**
 * Paths around the point forecast when the series is too short to learn from: the first step's spread is treated
 * as independent noise per step, the growth beyond it as level uncertainty that persists (a random walk), which is
 * the error structure of the local-level models the forecasts come from. Every window is read off the same paths.
 */
export function simulateWindows(
  forecast: ForecastResult,
  windows: readonly WindowSpan[],
  seed: number,
  floor: boolean,
): number[][] {
  const sigma =
    forecast.sigma ?? forecast.mean.map((_, i) => (forecast.upper[95][i] - forecast.lower[95][i]) / (2 * Z95));
  const noise = sigma[0] ?? 0;
  const draw = seededNormal(seed);
  const path = new Array<number>(forecast.mean.length);
  const out = windows.map((): number[] => []);
  for (let p = 0; p < PARAMETRIC_PATHS; p++) {
    let level = 0;
    for (let i = 0; i < path.length; i++) {
      if (i > 0) level += Math.sqrt(Math.max(0, sigma[i] ** 2 - sigma[i - 1] ** 2)) * draw();
      const value = forecast.mean[i] + level + noise * draw();
      path[i] = floor ? Math.max(0, value) : value;
    }
    windows.forEach((w, k) => out[k].push(span(path, 0, w)));
  }
  return out;
}
