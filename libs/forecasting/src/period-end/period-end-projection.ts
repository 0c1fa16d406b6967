import { defaultForecaster } from '../methods/forecast-methods';
import { floorAtZero } from './non-negative-floor';
import { aggregateWindow, simulateWindows, windowAggregationOf, windowErrors } from './period-windows';
import type { PeriodAggregation, PeriodEndInput, PeriodEndProjection, TargetRule } from './period-end.types';
import { knownProjection, meanOf, medianOf, projectionFromOutcomes } from './period-outcomes';
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
    return w.remaining <= 0 && elapsed.length > 0
      ? knownProjection(combine(elapsed, null, aggregation, 0), w.target)
      : null;
  };
  if (open.length === 0 || series.length < MIN_PROJECTION_POINTS) return windows.map(done);

  const forecaster = input.forecaster ?? defaultForecaster;
  const m = input.m > 1 && series.length >= 2 * input.m ? input.m : 1;
  const h = Math.max(...open.map((w) => w.offset + w.remaining));
  const fitted = forecaster.forecast({ y: series, h, m, levels: [80, 95], structures: input.structures });
  const floor = input.nonNegative === true;
  const model = { ...fitted, mean: withCurrentStep(fitted.mean, input.current, aggregation, floor) };
  const forecast = floor ? { ...model, mean: floorAtZero(model.mean) } : model;
  const agg = windowAggregationOf(aggregation);
  const extreme = agg === 'min' || agg === 'max';
  const spans = open.map((w) => ({ offset: w.offset, length: w.remaining, agg }));
  // a min's or max's errors are centred by the errors of the same windows' means (see below)
  const means = extreme ? open.map((w) => ({ offset: w.offset, length: w.remaining, agg: 'sum' as const })) : [];

  const spread = input.spreadForecaster ?? forecaster;
  const limits = {
    max: input.maxOrigins ?? DEFAULT_MAX_ORIGINS,
    min: MIN_EMPIRICAL_ORIGINS,
    minTrain: MIN_PROJECTION_POINTS,
    fits: input.originFits ?? 'doubling',
    scale: input.errorScale ?? 'absolute',
  };
  // the errors depend on the complete steps only: a memo keeps them between runs until the series changes
  const measured = [...spans, ...means];
  const key = input.errorMemo && windowErrorsKey({ series, h, spans: measured, forecaster: spread, m, limits, floor });
  const errors =
    (key && input.errorMemo!.get(key)) || windowErrors(series, h, measured, spread, m, limits, floor, input.fitStore);
  if (key) input.errorMemo!.set(key, errors);
  const empirical = errors[0].length >= MIN_EMPIRICAL_ORIGINS;
  // Paths are drawn around the model's own means and each step floored: the distribution of max(X, 0) step by step.
  const paths = empirical ? [] : simulateWindows(model, spans, input.seed ?? 1, floor);
  const projections = open.map((w, i) => {
    const elapsed = elapsedOf(w);
    const point = aggregateWindow(forecast.mean.slice(w.offset, w.offset + w.remaining), agg);
    // Past errors give the spread; centring them keeps the model's forecast as the expectation (a level shift in
    // the history would otherwise bias every projection after it). A window's realised min or max lies beyond the
    // extreme of the forecast means (the steps scatter around them), and its errors carry that excess: they are
    // centred by the median error of the window's mean, which is a level bias and no part of the excess. A past
    // window's replayed error is floored as the window's aggregate, which (sum, last, min or max of steps that
    // cannot be negative) cannot be negative.
    const centre = !empirical ? 0 : extreme ? medianOf(errors[open.length + i]) / w.remaining : medianOf(errors[i]);
    const rest = empirical
      ? errors[i].map((e) => (floor ? Math.max(0, point + e - centre) : point + e - centre))
      : paths[i];
    const outcomes = rest.map((r) => combine(elapsed, r, aggregation, w.remaining));
    // the expectation of a min or max is its outcomes' mean, not the extreme of the forecast means (which a
    // window's extreme exceeds): the mean, as the point forecasts of other aggregates are means
    const expected = extreme ? meanOf(outcomes) : combine(elapsed, point, aggregation, w.remaining);
    const reached =
      extreme && elapsed.length > 0 ? { aggregation: agg, value: combine(elapsed, null, aggregation, 0) } : undefined;
    return projectionFromOutcomes(
      expected,
      outcomes,
      w.target,
      forecast.method,
      empirical ? 'empirical' : 'parametric',
      reached,
    );
  });
  return windows.map((w) => (w.remaining > 0 ? projections[open.indexOf(w)] : done(w)));
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
 * Whether the current step's value so far bounds the whole step from below: for a count, and for a sum of parts
 * that cannot be negative. A sum that may fall later in the step (a net flow, a signal without a declared range) and
 * the other aggregations (a partial day's average or last value) are no bound on the step's value.
 */
export function currentBoundsStep(aggregation: PeriodAggregation, nonNegative: boolean): boolean {
  return aggregation === 'count' || (aggregation === 'sum' && nonNegative);
}

/**
 * Forecast means of the remaining steps, the first (current, incomplete) one at least its value so far where that
 * bounds it (see currentBoundsStep): the period-to-date path then continues from the value to date instead of
 * replacing the current step's actual part with a forecast of the whole step.
 */
export function withCurrentStep(
  mean: readonly number[],
  current: number | undefined,
  aggregation: PeriodAggregation,
  nonNegative: boolean,
): number[] {
  const out = [...mean];
  if (current !== undefined && out.length > 0 && currentBoundsStep(aggregation, nonNegative))
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
