import { FiscalCalendar } from '@bsc/kpi';
import type { TargetOverrides } from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';
import type { KpiForecastView, LinkEstimateView } from '../forecast-provider.port';
import type { DailySeries } from '../series/daily-kpi-series';
import { forecastKpi } from './kpi-forecast';
import { estimateObjectiveLinks } from './objective-links';

export interface ForecastJobInput {
  model: TwinModel;
  series: ReadonlyMap<string, DailySeries>;
  now: number;
  /** Only these KPIs (all when absent). */
  kpiIds?: readonly string[];
  /** Estimate the objective links too (always when all KPIs run). */
  links?: boolean;
  overrides?: TargetOverrides;
}

export interface ForecastJobOutput {
  forecasts: KpiForecastView[];
  links: LinkEstimateView[];
  /** KPIs without enough history to forecast. */
  skipped: string[];
  durationMs: number;
}

/** All forecasts and link estimates for a model: CPU-bound, so the runtime runs it off the main thread. */
export function runForecastJob(input: ForecastJobInput): ForecastJobOutput {
  const started = Date.now();
  const calendar = new FiscalCalendar(input.model.calendar);
  const wanted = input.kpiIds ? new Set(input.kpiIds) : null;
  const forecasts: KpiForecastView[] = [];
  const skipped: string[] = [];
  const termCache = new Map();
  for (const kpi of input.model.kpis) {
    if (wanted && !wanted.has(kpi.id)) continue;
    const view = forecastKpi(kpi, input.series, { calendar, now: input.now, overrides: input.overrides, termCache });
    if (view) forecasts.push(view);
    else skipped.push(kpi.id);
  }
  const links = wanted && !input.links ? [] : estimateObjectiveLinks(input.model, input.series, input.now);
  return { forecasts, links, skipped, durationMs: Date.now() - started };
}
