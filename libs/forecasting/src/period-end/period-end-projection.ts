import { defaultForecaster } from '../methods/forecast-methods';
import { floorAtZero } from './non-negative-floor';
import { aggregateWindow, simulateWindows, windowAggregationOf, windowErrors } from './period-windows';
import type { PeriodAggregation, PeriodEndInput, PeriodEndProjection, TargetRule } from './period-end.types';
import { normalCdf } from './seeded-random';
import { windowErrorsKey } from './window-error-memo';

/** Fewer points than this and no projection is honest. */
export const MIN_PROJECTION_POINTS = 8;
/** Past windows needed before their errors replace the model's own (parametric) uncertainty. */
export const MIN_EMPIRICAL_ORIGINS = 16;
const DEFAULT_MAX_ORIGINS = 24;

/**
 * The furthest step ahead (offset + remaining of a window) whose errors a series of `length` steps gives from its
 * own past (0: none): at least MIN_EMPIRICAL_ORIGINS origins as projectPeriodEnds takes them, spread over at least
 * as many steps as the window is ahead. Origins closer together than that share most of the future their errors
 * are measured over (one stretch of the history seen many times), and their spread would understate the error.
 */
export function empiricalReach(length: number, m: number): number {
  const season = m > 1 && length >= 2 * m ? m : 1;
  // origins from `minTrain` to `length - h`: length - h - minTrain + 1 of them
  const origins = length - Math.max(MIN_PROJECTION_POINTS, 2 * season) + 1;
  return Math.max(0, Math.min(origins - MIN_EMPIRICAL_ORIGINS, Math.floor(origins / 2)));
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
  const window = { offset: Math.max(0, input.offset ?? 0), remaining: input.remaining, target: input.target };
  return projectPeriodEnds(input, [window])[0];
}

/** One period of projectPeriodEnds: `remaining` steps after `offset` (0: the current period, elapsed included). */
export interface PeriodEndWindow {
  offset: number;
  remaining: number;
  target?: TargetRule;
}

/**
 * Several periods of the same series at once (the current one and later ones, or several later ones): one
 * forecast to the furthest end and one set of past origins whose forecasts give every window's errors, each window
 * as far ahead of them as it is ahead of today. Alone, a window is projected exactly as by projectPeriodEnd.
 */
export function projectPeriodEnds(
  input: Omit<PeriodEndInput, 'remaining' | 'offset' | 'target'>,
  windows: readonly PeriodEndWindow[],
): Array<PeriodEndProjection | null> {
  const { aggregation } = input;
  // a later period has no elapsed steps: whatever came before it is history
  const elapsedOf = (w: PeriodEndWindow) => (w.offset > 0 ? [] : input.elapsed);
  const series = [...input.history, ...input.elapsed];
  const open = windows.filter((w) => w.remaining > 0);
  const done = (w: PeriodEndWindow): PeriodEndProjection | null => {
    const elapsed = elapsedOf(w);
    return w.remaining <= 0 && elapsed.length > 0 ? known(combine(elapsed, null, aggregation, 0), w.target) : null;
  };
  if (open.length === 0 || series.length < MIN_PROJECTION_POINTS) return windows.map(done);

  const forecaster = input.forecaster ?? defaultForecaster;
  const m = input.m > 1 && series.length >= 2 * input.m ? input.m : 1;
  const h = Math.max(...open.map((w) => w.offset + w.remaining));
  const fitted = forecaster.forecast({ y: series, h, m, levels: [80, 95], structures: input.structures });
  const floor = input.nonNegative === true;
  const model = { ...fitted, mean: withCurrentStep(fitted.mean, input.current, aggregation) };
  const forecast = floor ? { ...model, mean: floorAtZero(model.mean) } : model;
  const agg = windowAggregationOf(aggregation);
  const spans = open.map((w) => ({ offset: w.offset, length: w.remaining, agg }));

  const spread = input.spreadForecaster ?? forecaster;
  const limits = {
    max: input.maxOrigins ?? DEFAULT_MAX_ORIGINS,
    min: MIN_EMPIRICAL_ORIGINS,
    minTrain: MIN_PROJECTION_POINTS,
    fits: input.originFits ?? 'doubling',
    scale: input.errorScale ?? 'absolute',
  };
  // the errors depend on the complete steps only: a memo keeps them between runs until the series changes
  const key = input.errorMemo && windowErrorsKey({ series, h, spans, forecaster: spread, m, limits, floor });
  const errors =
    (key && input.errorMemo!.get(key)) || windowErrors(series, h, spans, spread, m, limits, floor, input.fitStore);
  if (key) input.errorMemo!.set(key, errors);
  const empirical = errors[0].length >= MIN_EMPIRICAL_ORIGINS;
  // Paths are drawn around the model's own means and each step floored: the distribution of max(X, 0) step by step.
  const paths = empirical ? [] : simulateWindows(model, spans, input.seed ?? 1, floor);
  const projections = open.map((w, i) => {
    const elapsed = elapsedOf(w);
    const point = aggregateWindow(forecast.mean.slice(w.offset, w.offset + w.remaining), agg);
    // Past errors give the spread; centring them keeps the model's forecast as the expectation (a level shift in
    // the history would otherwise bias every projection after it). A past window's replayed error is floored as
    // the window's aggregate, which (sum, last, min or max of steps that cannot be negative) cannot be negative.
    const centre = empirical ? median(errors[i]) : 0;
    const rest = empirical
      ? errors[i].map((e) => (floor ? Math.max(0, point + e - centre) : point + e - centre))
      : paths[i];
    return projectionFromOutcomes(
      combine(elapsed, point, aggregation, w.remaining),
      rest.map((r) => combine(elapsed, r, aggregation, w.remaining)),
      w.target,
      forecast.method,
      empirical ? 'empirical' : 'parametric',
    );
  });
  return windows.map((w) => (w.remaining > 0 ? projections[open.indexOf(w)] : done(w)));
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
