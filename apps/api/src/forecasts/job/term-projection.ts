import {
  projectionFromOutcomes,
  runningPeriodValues,
  type Forecaster,
  type GlobalWindowModel,
  type PeriodEndProjection,
  type TargetRule,
} from '@bsc/forecasting';
import { DAY_MS, type DailySeries } from '../series/daily-kpi-series';
import type { PeriodTermPlan } from '../series/period-terms';
import { sharedResult, type RunMemo } from './run-memo';
import { projectSeries, type PeriodWindow, type SeriesProjection } from './series-projection';

export interface TermProjection {
  projection: PeriodEndProjection;
  /** The KPI's period-to-date value at the end of each remaining day. */
  path: number[];
  methods: string[];
  /** The fewest backtest origins of any term's method. */
  backtestOrigins: number;
  /** Each term's projection to this period's end, by term key. */
  byTerm: ReadonlyMap<string, SeriesProjection>;
  /** Each term's expected value at this period's end, by term key (what the formula was evaluated on). */
  expectedByTerm: Record<string, number>;
}

/** The job's cache key of a term projected to the end of a period. */
export function termCacheKey(termKey: string, periodKey: string): string {
  return `${termKey}@${periodKey}`;
}

/** The term key of a cache key. */
export function termOfCacheKey(cacheKey: string): string {
  return cacheKey.slice(0, cacheKey.lastIndexOf('@'));
}

export interface TermProjectionContext {
  candidates: readonly Forecaster[];
  target?: TargetRule;
  /** Projections of terms shared by several KPIs within one job, by term key and period. */
  cache: Map<string, SeriesProjection | null>;
  global?: GlobalWindowModel;
  /** Whether a term (a formula of its own) can never be negative. */
  nonNegative?: (formula: string) => boolean;
  /** Past-origin errors and method choices of earlier runs (see RunMemo). */
  memo?: RunMemo;
}

/**
 * A formula of period aggregates projected term by term: each term to period end in its own terms, the formula
 * evaluated on the expectations (a ratio: projected numerator over projected denominator) and, for the spread, on
 * the terms' outcomes paired by origin (the same past window, or the same simulated path), which keeps the
 * co-movement of numerator and denominator. Null when a term has too little history.
 */
export function projectTerms(
  plan: PeriodTermPlan,
  series: ReadonlyMap<string, DailySeries>,
  window: PeriodWindow,
  { candidates, target, cache, global, nonNegative, memo }: TermProjectionContext,
): TermProjection | null {
  const parts: Array<{ key: string; p: SeriesProjection; running: number[]; projection: PeriodEndProjection }> = [];
  for (const term of plan.terms) {
    // KPIs of different periods share a term's daily series, not its projection to their period's end
    const key = termCacheKey(term.key, window.period.key);
    const p = sharedResult(
      cache,
      key,
      () => {
        const termSeries = series.get(term.key);
        const shape = { aggregation: term.aggregation, nonNegative: nonNegative?.(term.formula) ?? false };
        return termSeries ? projectSeries(termSeries, shape, window, candidates, undefined, global, memo) : null;
      },
      memo,
    );
    if (!p) return null;
    // a level's change to date leaves out the step into the period from the reading before it
    const step = term.change ? stepIntoPeriod(series.get(term.key)!, window.today, p.elapsed.length) : 0;
    const running = runningPeriodValues(p.elapsed, p.mean, term.aggregation).map((v) => v - step);
    parts.push({ key: term.key, p, running, projection: step === 0 ? p.projection : shifted(p.projection, -step) });
  }
  const projection = combineTerms(
    plan,
    parts.map((part) => ({ key: part.key, projection: part.projection })),
    target,
  );
  if (!projection) return null;
  const path: number[] = [];
  for (let day = 0; day < window.remaining; day++)
    path.push(plan.evaluate(new Map(parts.map((part) => [part.key, part.running[day]]))) ?? Number.NaN);
  return {
    projection,
    path,
    methods: parts.map((part) => part.p.projection.method),
    backtestOrigins: Math.min(...parts.map((part) => part.p.backtestOrigins)),
    byTerm: new Map(parts.map((part) => [part.key, part.p])),
    expectedByTerm: Object.fromEntries(parts.map((part) => [part.key, part.projection.expected])),
  };
}

/**
 * The formula on its terms' period-end projections: on the expectations, and outcome by outcome (paired by origin
 * or path) for the spread. Null when the formula has no value on the expectations or on any outcome.
 */
export function combineTerms(
  plan: PeriodTermPlan,
  parts: ReadonlyArray<{ key: string; projection: PeriodEndProjection }>,
  target?: TargetRule,
): PeriodEndProjection | null {
  const at = (pick: (projection: PeriodEndProjection) => number): number | null =>
    plan.evaluate(new Map(parts.map((part) => [part.key, pick(part.projection)])));
  const expected = at((p) => p.expected);
  if (expected === null) return null;
  const n = Math.min(...parts.map((part) => part.projection.outcomes.length));
  const outcomes: number[] = [];
  for (let i = 0; i < n; i++) {
    const value = at((p) => p.outcomes[i]);
    if (value !== null) outcomes.push(value);
  }
  if (outcomes.length === 0) return null;
  const methods = parts.map((part) => part.projection.method);
  const uncertainty = parts.every((part) => part.projection.uncertainty === 'empirical') ? 'empirical' : 'parametric';
  return projectionFromOutcomes(expected, outcomes, target, `terms(${methods.join(', ')})`, uncertainty);
}

/**
 * The step into the period from before it of a level's change series (see levelChangeSeries) whose period has
 * `elapsedDays` complete days before `today`: the step into the first of them with a reading; 0 while none has one.
 */
export function stepIntoPeriod(series: DailySeries, today: number, elapsedDays: number): number {
  if (!series.stepsIn) return 0;
  const end = Math.round((today - series.start) / DAY_MS);
  for (let i = Math.max(0, end - elapsedDays); i < Math.min(end, series.stepsIn.length); i++)
    if (Number.isFinite(series.stepsIn[i])) return series.stepsIn[i];
  return 0;
}

/** A projection moved by `by`, its outcomes with it (a term's part known for certain). */
function shifted(projection: PeriodEndProjection, by: number): PeriodEndProjection {
  const { expected, outcomes, method, uncertainty } = projection;
  return projectionFromOutcomes(
    expected + by,
    outcomes.map((o) => o + by),
    undefined,
    method,
    uncertainty,
  );
}
