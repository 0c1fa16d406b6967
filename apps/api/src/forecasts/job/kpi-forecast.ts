import {
  defaultForecaster,
  floorAtZero,
  floorProjectionAtZero,
  getForecaster,
  runningPeriodValues,
  type Forecaster,
  type GlobalWindowModel,
  type PeriodEndProjection,
  type TargetRule,
} from '@bsc/forecasting';
import type { FiscalCalendar } from '@bsc/kpi';
import { resolveTarget, type TargetOverrides } from '@bsc/scorecard';
import type { KpiDef, NonNegativity } from '@bsc/twin';
import { FORECAST_LATER_PERIODS, type KpiForecastView } from '../forecast-provider.port';
import type { DailySeries } from '../series/daily-kpi-series';
import { periodTermPlan, type FormulaInputs } from '../series/period-terms';
import { forecastPath, pathToExpected } from './forecast-path';
import { laterWindows, periodEndView, projectLaterPeriods } from './later-periods';
import { projectionAggregation } from '../series/projection-aggregation';
import type { RunMemo } from './run-memo';
import { BACKTEST, periodWindow, projectSeries, type SeriesProjection } from './series-projection';
import { projectTerms } from './term-projection';

/**
 * The pool of `bsc forecast`'s default: the equal-weight ensemble first, then its members (ETS, optimised Theta,
 * ARIMA). A member replaces the ensemble only when this KPI's own backtests say so clearly; no weights are fitted.
 */
export function candidateForecasters(): Forecaster[] {
  return [defaultForecaster, getForecaster('ets-st'), getForecaster('otheta'), getForecaster('arima')];
}

export interface KpiForecastContext {
  calendar: FiscalCalendar;
  now: number;
  overrides?: TargetOverrides;
  candidates?: readonly Forecaster[];
  /** Projections of formula terms shared by several KPIs within one job. */
  termCache?: Map<string, SeriesProjection | null>;
  /** Their later-period projections (one per later period), by term key. */
  laterTermCache?: Map<string, Array<PeriodEndProjection | null>>;
  /** Periods after the current one to project too (default FORECAST_LATER_PERIODS). */
  laterPeriods?: number;
  /** The tenant's global model of this run, when its KPI histories were enough to train one. */
  global?: GlobalWindowModel;
  /** Which KPIs and terms can never be negative: their forecasts are floored at 0. */
  signs?: NonNegativity;
  /** Why the history the run read is not settled yet (still being imported); null or absent when it is. */
  historyLoading?: string | null;
  /** Past-origin errors and method choices of earlier runs, reused while a series has no new day (see RunMemo). */
  memo?: RunMemo;
  /** What formulas read besides samples: KPIs of their own period and levels' changes are projected term by term. */
  inputs?: FormulaInputs;
}

/**
 * Forecast of one KPI in its own terms: the period-end projection with the probability of meeting the period's full
 * target, and the path of the KPI's period-to-date value at the end of each remaining day (a running total for
 * cumulative KPIs, a running average or ratio for levels) ending at that projection. Formulas of period aggregates
 * are projected term by term (a ratio from its numerator and denominator), others from the KPI's daily series.
 */
export function forecastKpi(
  kpi: KpiDef,
  series: ReadonlyMap<string, DailySeries>,
  ctx: KpiForecastContext,
): KpiForecastView | null {
  const window = periodWindow(ctx.calendar, ctx.now, ctx.calendar.periodOf(ctx.now, kpi.period));
  const candidates = ctx.candidates ?? candidateForecasters();
  const target = targetRule(kpi, window.period.key, ctx.overrides);
  const plan = periodTermPlan(kpi, ctx.inputs);
  const own = series.get(kpi.id);
  const termCache = ctx.termCache ?? new Map<string, SeriesProjection | null>();
  const terms =
    plan &&
    projectTerms(plan, series, window, {
      candidates,
      target: target?.rule,
      cache: termCache,
      global: ctx.global,
      nonNegative: ctx.signs?.formula,
      memo: ctx.memo,
    });

  const nonNegative = ctx.signs?.kpi(kpi.id) ?? false;
  let projection;
  let path: number[];
  let method: string;
  let origins: number;
  let bt = null;
  let p: SeriesProjection | null = null;
  const aggregation = projectionAggregation(kpi);
  if (terms) {
    ({ projection, path, backtestOrigins: origins } = terms);
    method = projection.method;
  } else {
    const shape = { aggregation, nonNegative };
    p = own ? projectSeries(own, shape, window, candidates, target?.rule, ctx.global, ctx.memo) : null;
    if (!p) return null;
    projection = p.projection;
    path = runningPeriodValues(p.elapsed, p.mean, aggregation);
    method = p.method;
    origins = p.backtestOrigins;
    // the chosen method's own backtest (the one that chose it): the global model saw those past days in training
    bt = p.backtest;
  }
  const extremes = terms ? plan.terms.map((t) => t.aggregation) : [aggregation];
  if (extremes.some((a) => a === 'min' || a === 'max')) path = pathToExpected(path, projection.expected);
  if (nonNegative) {
    // a formula of terms (a declared range.min of 0 over a difference) or rounding may still dip below 0
    projection = floorProjectionAtZero(projection, target?.rule);
    path = floorAtZero(path);
  }
  const later = projectLaterPeriods(
    laterWindows(ctx.calendar, ctx.now, window.period, ctx.laterPeriods ?? FORECAST_LATER_PERIODS),
    {
      own: p,
      shape: { aggregation, nonNegative },
      plan: terms ? plan : null,
      terms: terms?.byTerm,
      termNonNegative: ctx.signs?.formula,
      termCache: ctx.laterTermCache ?? new Map<string, Array<PeriodEndProjection | null>>(),
      target: (periodKey) => targetRule(kpi, periodKey, ctx.overrides),
      memo: ctx.memo,
    },
  );
  const reasons = [
    ctx.historyLoading,
    origins < BACKTEST.origins
      ? `short history: its method's backtest ran on ${origins} of ${BACKTEST.origins} windows`
      : null,
  ].filter((r): r is string => !!r);

  return {
    kpiId: kpi.id,
    method,
    computedAt: ctx.now,
    interval: 'day',
    points: forecastPath(path, window.dayEnds, projection, nonNegative),
    // the terms at the period's end, as later periods keep theirs: a scenario's exact effects are recomputed on them
    periodEnd: {
      ...periodEndView(window.period.key, target, projection),
      ...(terms ? { terms: terms.expectedByTerm } : {}),
    },
    laterPeriods: later,
    provisional: reasons.length > 0,
    provisionalReason: reasons.length > 0 ? reasons.join('; ') : null,
    backtest: bt
      ? { smape: bt.smape, mase: bt.mase, coverage80: bt.coverage80, coverage95: bt.coverage95, origins: bt.origins }
      : undefined,
  };
}

function targetRule(
  kpi: KpiDef,
  periodKey: string,
  overrides?: TargetOverrides,
): { rule: TargetRule; value: number } | null {
  const target = resolveTarget(kpi, periodKey, overrides);
  if (!target) return null;
  const rule: TargetRule =
    kpi.direction === 'band'
      ? { direction: 'band', lower: target.band?.lower, upper: target.band?.upper }
      : { direction: kpi.direction, value: target.value };
  return { rule, value: target.value };
}
