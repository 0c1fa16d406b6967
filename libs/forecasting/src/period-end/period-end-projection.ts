import type { Forecaster, ForecastResult } from '../core/forecast.types';
import { normalQuantile } from '../core/intervals';
import { defaultForecaster } from '../methods/forecast-methods';
import { floorAtZero } from './non-negative-floor';
import type { PeriodAggregation, PeriodEndInput, PeriodEndProjection, TargetRule } from './period-end.types';
import { normalCdf, seededNormal } from './seeded-random';

/** Fewer points than this and no projection is honest. */
export const MIN_PROJECTION_POINTS = 8;
/** Past windows needed before their errors replace the model's own (parametric) uncertainty. */
export const MIN_EMPIRICAL_ORIGINS = 16;
const DEFAULT_MAX_ORIGINS = 24;
const PARAMETRIC_PATHS = 2000;
const Z95 = normalQuantile(95);

type WindowAggregation = 'sum' | 'last' | 'min' | 'max';
/** The aggregated steps of a forecast: those after `offset` (the period's own steps). */
interface Window {
  offset: number;
  agg: WindowAggregation;
}

/**
 * Expected end-of-period value of a KPI and the probability of meeting its target, given the part of the period
 * already elapsed. Sum-type KPIs accumulate (elapsed total + forecast of the rest), average-type KPIs average over
 * the whole period. The spread of the rest is learnt from the series itself where it can be: the same forecaster is
 * run from past origins and its errors over windows of the same length are replayed around today's forecast.
 * A later period (`offset` steps ahead) is the same question about the steps after the offset: forecast to its end,
 * its own steps aggregated, the errors of windows as far ahead of each past origin.
 */
export function projectPeriodEnd(input: PeriodEndInput): PeriodEndProjection | null {
  const { remaining, aggregation } = input;
  const offset = Math.max(0, input.offset ?? 0);
  // a later period has no elapsed steps: whatever came before it is history
  const elapsed = offset > 0 ? [] : input.elapsed;
  if (remaining <= 0) return elapsed.length > 0 ? known(combine(elapsed, null, aggregation, 0), input.target) : null;
  const series = offset > 0 ? [...input.history, ...input.elapsed] : [...input.history, ...elapsed];
  if (series.length < MIN_PROJECTION_POINTS) return null;

  const forecaster = input.forecaster ?? defaultForecaster;
  const m = input.m > 1 && series.length >= 2 * input.m ? input.m : 1;
  const h = offset + remaining;
  const fitted = forecaster.forecast({ y: series, h, m, levels: [80, 95] });
  const floor = input.nonNegative === true;
  const model = { ...fitted, mean: withCurrentStep(fitted.mean, input.current, aggregation) };
  const forecast = floor ? { ...model, mean: floorAtZero(model.mean) } : model;
  const windowAgg = windowAggregationOf(aggregation);
  const window = { offset, agg: windowAgg };
  const point = aggregateWindow(forecast.mean.slice(offset), windowAgg);

  const spread = input.spreadForecaster ?? forecaster;
  const errors = windowErrors(series, h, window, spread, m, input.maxOrigins ?? DEFAULT_MAX_ORIGINS, floor);
  const empirical = errors.length >= MIN_EMPIRICAL_ORIGINS;
  // Past errors give the spread; centring them keeps the model's forecast as the expectation (a level shift in
  // the history would otherwise bias every projection after it).
  const centre = empirical ? median(errors) : 0;
  // Paths are drawn around the model's own means and each step floored: the distribution of max(X, 0) step by step.
  // A past window's replayed error is floored as the window's aggregate, which (sum, last, min or max of steps that
  // cannot be negative) cannot be negative either.
  const rest = empirical
    ? errors.map((e) => (floor ? Math.max(0, point + e - centre) : point + e - centre))
    : simulateWindows(model, window, input.seed ?? 1, floor);
  const outcomes = rest.map((r) => combine(elapsed, r, aggregation, remaining));
  const expected = combine(elapsed, point, aggregation, remaining);
  return projectionFromOutcomes(
    expected,
    outcomes,
    input.target,
    forecast.method,
    empirical ? 'empirical' : 'parametric',
  );
}

/**
 * A projection from an expectation and the outcomes around it, e.g. a ratio evaluated outcome by outcome from the
 * projections of its numerator and denominator.
 */
export function projectionFromOutcomes(
  expected: number,
  outcomes: readonly number[],
  target: TargetRule | undefined,
  method: string,
  uncertainty: PeriodEndProjection['uncertainty'],
): PeriodEndProjection {
  const totals = [...outcomes].sort((a, b) => a - b);
  return {
    expected,
    lower80: quantile(totals, 0.1),
    upper80: quantile(totals, 0.9),
    lower95: quantile(totals, 0.025),
    upper95: quantile(totals, 0.975),
    probabilityOfMeetingTarget: probability(totals, target),
    method,
    uncertainty,
    support: totals.length,
    outcomes,
  };
}

/**
 * A projection of a period value that cannot be negative: expectation, outcomes and with them every quantile
 * floored at 0 (see floorAtZero), the probability of meeting the target taken again from the floored outcomes
 * (it changes only for targets at or below 0).
 */
export function floorProjectionAtZero(projection: PeriodEndProjection, target?: TargetRule): PeriodEndProjection {
  if (projection.expected >= 0 && projection.outcomes.every((o) => o >= 0)) return projection;
  return projectionFromOutcomes(
    Math.max(0, projection.expected),
    floorAtZero(projection.outcomes),
    target,
    projection.method,
    projection.uncertainty,
  );
}

/**
 * The period-to-date value after each of `steps` further steps (e.g. days): the running total of a sum, the running
 * mean of an average, the running min/max, the latest step of a `last`. The last one is the period value.
 */
export function runningPeriodValues(
  elapsed: readonly number[],
  steps: readonly number[],
  aggregation: PeriodAggregation,
): number[] {
  const out: number[] = [];
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < steps.length; i++) {
    sum += steps[i];
    min = Math.min(min, steps[i]);
    max = Math.max(max, steps[i]);
    const window = aggregation === 'last' ? steps[i] : aggregation === 'min' ? min : aggregation === 'max' ? max : sum;
    out.push(combine(elapsed, window, aggregation, i + 1));
  }
  return out;
}

/**
 * Forecast means of the remaining steps, the first (current, incomplete) one at least its value so far for sums and
 * counts: the period-to-date path then continues from the value to date instead of replacing the current step's
 * actual part with a forecast of the whole step. Other aggregations are left as forecast (a partial day's average
 * or last value is no bound on the day's).
 */
export function withCurrentStep(
  mean: readonly number[],
  current: number | undefined,
  aggregation: PeriodAggregation,
): number[] {
  const out = [...mean];
  if (current !== undefined && out.length > 0 && (aggregation === 'sum' || aggregation === 'count'))
    out[0] = Math.max(out[0], current);
  return out;
}

function windowAggregationOf(aggregation: PeriodAggregation): WindowAggregation {
  return aggregation === 'avg' || aggregation === 'count' ? 'sum' : aggregation;
}

function aggregateWindow(values: readonly number[], agg: WindowAggregation): number {
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

/** The period value from the elapsed steps and the aggregate of the remaining window (null when none remain). */
function combine(
  elapsed: readonly number[],
  rest: number | null,
  aggregation: PeriodAggregation,
  remaining: number,
): number {
  const elapsedSum = elapsed.reduce((s, v) => s + v, 0);
  switch (aggregation) {
    case 'sum':
    case 'count':
      return elapsedSum + (rest ?? 0);
    case 'avg':
      return (elapsedSum + (rest ?? 0)) / (elapsed.length + remaining);
    case 'last':
      return rest ?? elapsed[elapsed.length - 1];
    case 'min':
      return rest === null ? Math.min(...elapsed) : Math.min(rest, ...elapsed);
    case 'max':
      return rest === null ? Math.max(...elapsed) : Math.max(rest, ...elapsed);
  }
}

/**
 * Errors of the window aggregate when forecasting `h` steps from past origins (latest origins first): a later
 * period's window is the same steps ahead of each origin as it is ahead of today.
 */
function windowErrors(
  series: readonly number[],
  h: number,
  { offset, agg }: Window,
  forecaster: Forecaster,
  m: number,
  maxOrigins: number,
  floor: boolean,
): number[] {
  const minTrain = Math.max(MIN_PROJECTION_POINTS, 2 * m);
  const lastOrigin = series.length - h;
  const available = lastOrigin - minTrain + 1;
  if (available < MIN_EMPIRICAL_ORIGINS) return [];
  const step = Math.max(1, Math.floor(available / maxOrigins));
  const errors: number[] = [];
  for (let origin = lastOrigin; origin >= minTrain && errors.length < maxOrigins; origin -= step) {
    const past = forecaster.forecast({ y: series.slice(0, origin), h, m, levels: [] }).mean;
    // errors of the forecast as it is given: floored too when the steps cannot be negative
    const given = floor ? floorAtZero(past) : past;
    errors.push(
      aggregateWindow(series.slice(origin + offset, origin + h), agg) - aggregateWindow(given.slice(offset), agg),
    );
  }
  return errors;
}

/**
 * Paths around the point forecast when the series is too short to learn from: the first step's spread is treated
 * as independent noise per step, the growth beyond it as level uncertainty that persists (a random walk), which is
 * the error structure of the local-level models the forecasts come from.
 */
function simulateWindows(forecast: ForecastResult, { offset, agg }: Window, seed: number, floor: boolean): number[] {
  const sigma =
    forecast.sigma ?? forecast.mean.map((_, i) => (forecast.upper[95][i] - forecast.lower[95][i]) / (2 * Z95));
  const noise = sigma[0] ?? 0;
  const draw = seededNormal(seed);
  const path = new Array<number>(forecast.mean.length);
  const out: number[] = [];
  for (let p = 0; p < PARAMETRIC_PATHS; p++) {
    let level = 0;
    for (let i = 0; i < path.length; i++) {
      if (i > 0) level += Math.sqrt(Math.max(0, sigma[i] ** 2 - sigma[i - 1] ** 2)) * draw();
      const value = forecast.mean[i] + level + noise * draw();
      path[i] = floor ? Math.max(0, value) : value;
    }
    out.push(aggregateWindow(offset > 0 ? path.slice(offset) : path, agg));
  }
  return out;
}

function known(value: number, target?: TargetRule): PeriodEndProjection {
  const hit = target ? meets(value, target) : null;
  return {
    expected: value,
    lower80: value,
    upper80: value,
    lower95: value,
    upper95: value,
    probabilityOfMeetingTarget: hit === null ? null : hit ? 1 : 0,
    method: 'actual',
    uncertainty: 'none',
    support: 1,
    outcomes: [value],
  };
}

function meets(value: number, target: TargetRule): boolean | null {
  if (target.direction === 'band')
    return target.lower === undefined || target.upper === undefined
      ? null
      : value >= target.lower && value <= target.upper;
  if (target.value === undefined) return null;
  return target.direction === 'higher_is_better' ? value >= target.value : value <= target.value;
}

/** Share of outcomes meeting the target, smoothed with a Gaussian kernel so few outcomes still give a graded answer. */
function probability(totals: readonly number[], target?: TargetRule): number | null {
  if (!target || meets(totals[0], target) === null) return null;
  const sd = Math.sqrt(variance(totals));
  const bw = 1.06 * sd * totals.length ** -0.2;
  const p = (v: number): number => {
    if (bw === 0) return meets(v, target) ? 1 : 0;
    if (target.direction === 'band') return normalCdf((target.upper! - v) / bw) - normalCdf((target.lower! - v) / bw);
    const z = (v - target.value!) / bw;
    return target.direction === 'higher_is_better' ? normalCdf(z) : normalCdf(-z);
  };
  return Math.min(1, Math.max(0, mean(totals.map(p))));
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

function variance(values: readonly number[]): number {
  const mu = mean(values);
  return values.reduce((s, v) => s + (v - mu) ** 2, 0) / Math.max(1, values.length - 1);
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
