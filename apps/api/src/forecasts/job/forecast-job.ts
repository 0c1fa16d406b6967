import type { PeriodEndProjection } from '@bsc/forecasting';
import { FiscalCalendar } from '@bsc/kpi';
import type { TargetOverrides } from '@bsc/scorecard';
import { nonNegativity, type TwinModel } from '@bsc/twin';
import type { KpiForecastView, LinkEstimateView } from '../forecast-provider.port';
import type { DailySeries } from '../series/daily-kpi-series';
import { formulaInputsOf } from '../series/period-terms';
import type { KpiGlobalModel, KpiGlobalReport } from './kpi-global-model.types';
import { forecastKpi } from './kpi-forecast';
import type { SeriesProjection } from './series-projection';
import { estimateObjectiveLinks } from './objective-links';
import type { ForecastMemo } from './forecast-memo';
import { RunMemo } from './run-memo';
import { termOfCacheKey } from './term-projection';

export interface ForecastJobInput {
  model: TwinModel;
  series: ReadonlyMap<string, DailySeries>;
  now: number;
  /** Only these KPIs (all when absent). */
  kpiIds?: readonly string[];
  /** Estimate the objective links too (always when all KPIs run). */
  links?: boolean;
  overrides?: TargetOverrides;
  /** The tenant's global model trained for this run (see trainKpiGlobalModel). */
  global?: KpiGlobalModel;
  /** Why the history read is not settled yet (samples for past days still arriving); null when it is. */
  historyLoading?: string | null;
  /** The previous run's memo (its output's memo): reused for series without a new day. */
  memo?: ForecastMemo;
  /** Periods after the current one to project (default FORECAST_LATER_PERIODS; more for a scenario's horizon). */
  laterPeriods?: number;
}

export interface ForecastJobOutput {
  forecasts: KpiForecastView[];
  links: LinkEstimateView[];
  /** KPIs without enough history to forecast. */
  skipped: string[];
  /** Whether a global model was trained, why not, and where it joined. */
  global?: KpiGlobalReport;
  durationMs: number;
  /** What this run used, for the next run (with this run's global model); and what it took from the previous one. */
  memo: ForecastMemo;
  reused: { errors: number; choices: number; projections: number; fits: number; models: number };
}

/** All forecasts and link estimates for a model: CPU-bound, so the runtime runs it off the main thread. */
export function runForecastJob(input: ForecastJobInput): ForecastJobOutput {
  const started = Date.now();
  const calendar = new FiscalCalendar(input.model.calendar);
  const wanted = input.kpiIds ? new Set(input.kpiIds) : null;
  const forecasts: KpiForecastView[] = [];
  const skipped: string[] = [];
  const termCache = new Map<string, SeriesProjection | null>();
  const laterTermCache = new Map<string, Array<PeriodEndProjection | null>>();
  const model = input.global?.model;
  const joined: string[] = [];
  const signs = nonNegativity(input.model);
  const historyLoading = input.historyLoading ?? null;
  const memo = new RunMemo(input.memo, input.global?.key);
  const inputs = formulaInputsOf(input.model);
  for (const kpi of input.model.kpis) {
    if (wanted && !wanted.has(kpi.id)) continue;
    const ctx = {
      calendar,
      now: input.now,
      overrides: input.overrides,
      termCache,
      laterTermCache,
      global: model,
      signs,
      historyLoading,
      memo,
      laterPeriods: input.laterPeriods,
      inputs,
    };
    const view = memo.own(kpi.id, () => forecastKpi(kpi, input.series, ctx));
    if (view) forecasts.push(view);
    else skipped.push(kpi.id);
    if (view?.method.endsWith('+global')) joined.push(kpi.id);
  }
  const joinedTerms = new Set<string>();
  for (const [key, p] of termCache) if (p?.global?.joined) joinedTerms.add(termOfCacheKey(key));
  joined.push(...joinedTerms);
  const links = wanted && !input.links ? [] : estimateObjectiveLinks(input.model, input.series, input.now);
  const global = input.global && { ...input.global.report, joined };
  const durationMs = Date.now() - started;
  const { errorsReused: errors, choicesReused: choices, projectionsReused: projections, fitsReused: fits } = memo;
  const reused = { errors, choices, projections, fits, models: memo.modelsReused };
  return { forecasts, links, skipped, global, durationMs, memo: { ...memo.used, global: input.global }, reused };
}
