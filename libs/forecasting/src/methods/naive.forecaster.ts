import { levelsOf, resultFromSigma, validateInput } from '../core/intervals';
import { ForecastInput, ForecastResult, Forecaster } from '../core/forecast.types';
import { deseasonalise } from './deseasonalise';

function residualSd(residuals: readonly number[]): number {
  if (residuals.length === 0) return 0;
  let ss = 0;
  for (const e of residuals) ss += e * e;
  return Math.sqrt(ss / residuals.length);
}

/** Random walk: the last value, flat. */
export const naiveForecaster: Forecaster = {
  name: 'naive',
  forecast(input: ForecastInput): ForecastResult {
    validateInput(input);
    const { y, h } = input;
    const last = y[y.length - 1];
    const sd = residualSd(y.slice(1).map((v, t) => v - y[t]));
    const mean = new Array<number>(h).fill(last);
    return resultFromSigma(
      'naive',
      mean,
      mean.map((_, i) => sd * Math.sqrt(i + 1)),
      levelsOf(input),
    );
  },
};

/** Seasonal random walk: the value one season back (naive when m = 1 or fewer than m points). */
export const seasonalNaiveForecaster: Forecaster = {
  name: 'snaive',
  forecast(input: ForecastInput): ForecastResult {
    validateInput(input);
    const { y, h } = input;
    const m = y.length >= input.m ? input.m : 1;
    const n = y.length;
    const mean = Array.from({ length: h }, (_, i) => y[n - m + (i % m)]);
    const sd = residualSd(y.slice(m).map((v, t) => v - y[t]));
    const sigma = mean.map((_, i) => sd * Math.sqrt(Math.floor(i / m) + 1));
    return resultFromSigma('snaive', mean, sigma, levelsOf(input));
  },
};

/** Random walk with drift: the line through the first and last observations, extended. */
export const driftForecaster: Forecaster = {
  name: 'drift',
  forecast(input: ForecastInput): ForecastResult {
    validateInput(input);
    const { y, h } = input;
    const n = y.length;
    const slope = n > 1 ? (y[n - 1] - y[0]) / (n - 1) : 0;
    const mean = Array.from({ length: h }, (_, i) => y[n - 1] + slope * (i + 1));
    const sd = residualSd(y.slice(1).map((v, t) => v - y[t] - slope));
    // the slope's own uncertainty widens the interval as in Hyndman & Athanasopoulos (FPP3 5.5)
    const sigma = mean.map((_, i) => sd * Math.sqrt((i + 1) * (1 + (i + 1) / Math.max(n - 1, 1))));
    return resultFromSigma('drift', mean, sigma, levelsOf(input));
  },
};

/** M4 benchmark Naive2: naive on the seasonally adjusted series (90 % ACF test), indices put back. */
export const naive2Forecaster: Forecaster = {
  name: 'naive2',
  forecast(input: ForecastInput): ForecastResult {
    validateInput(input);
    const { y, h } = input;
    const ds = deseasonalise(y, input.m);
    const adj = ds.adjusted;
    const last = adj[adj.length - 1];
    const mean = ds.reseasonalise(new Array<number>(h).fill(last));
    const sd = residualSd(adj.slice(1).map((v, t) => v - adj[t]));
    const sigma = mean.map((_, i) => sd * Math.sqrt(i + 1) * ds.outIndex(i));
    return resultFromSigma('naive2', mean, sigma, levelsOf(input));
  },
};

/** Naive2 point forecasts only (the scorer's baseline). */
export function naive2(y: readonly number[], h: number, m: number): number[] {
  const ds = deseasonalise(y, m);
  const last = ds.adjusted[ds.adjusted.length - 1];
  return ds.reseasonalise(new Array<number>(h).fill(last));
}
