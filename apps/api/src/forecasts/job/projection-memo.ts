import {
  currentBoundsStep,
  globalBlendForecaster,
  type ForecastInput,
  type ForecastResult,
  seriesFingerprint,
  type Forecaster,
  type GlobalWindowModel,
  type PeriodAggregation,
  type TargetRule,
} from '@bsc/forecasting';
import type { StoredSeriesProjection } from './forecast-memo';
import type { RunMemo } from './run-memo';
import type { PeriodWindow, SeriesProjection } from './series-projection.types';

export interface SeriesProjectionInputs {
  /** The method choice's key: candidates, backtest plan and the complete days (see methodChoiceKey). */
  choiceKey: string;
  window: PeriodWindow;
  aggregation: PeriodAggregation;
  nonNegative: boolean;
  target?: TargetRule;
  /** Today's value so far. */
  current?: number;
}

/**
 * What a series' current-period projection depends on besides the method choice: the global model (by its
 * training data), the period and where today sits in it, the aggregation, the floor, the target and, where it bounds
 * the day (see currentBoundsStep), today's value so far. Null when the memo cannot name the global model.
 */
export function seriesProjectionKey(
  inputs: SeriesProjectionInputs,
  memo: RunMemo,
  global?: GlobalWindowModel,
): string | null {
  if (global && memo.globalKey === undefined) return null;
  const { choiceKey, window, aggregation, nonNegative, target, current } = inputs;
  const bounded = currentBoundsStep(aggregation, nonNegative) ? `c${current}` : '';
  const where = `${window.period.key}|t${window.today}|r${window.remaining}|o${window.offset}`;
  const shape = `${aggregation}|${nonNegative ? 'floor' : 'free'}|${bounded}`;
  return `${choiceKey}|g${global ? memo.globalKey : '-'}|${where}|${shape}|${JSON.stringify(target ?? null)}`;
}

/** What of a projection is kept: the rest is rebuilt from the series' days, the candidates and the global model. */
export function storedSeriesProjection(p: SeriesProjection): StoredSeriesProjection {
  const { mean, projection, backtestOrigins, backtest } = p;
  const joined = p.used !== p.forecaster;
  return { chosen: p.forecaster.name, joined, ratio: p.global?.ratio, mean, projection, backtestOrigins, backtest };
}

/** The kept projection on this run's days; undefined when its method is not among the candidates. */
export function keptSeriesProjection(
  stored: StoredSeriesProjection,
  days: { y: number[]; elapsed: number[]; m: number },
  candidates: readonly Forecaster[],
  global?: GlobalWindowModel,
): SeriesProjection | undefined {
  const forecaster = candidates.find((c) => c.name === stored.chosen);
  if (!forecaster) return undefined;
  const used = stored.joined && global ? globalBlendForecaster(forecaster, global) : forecaster;
  const verdict = global ? { joined: stored.joined, ratio: stored.ratio ?? Number.NaN } : undefined;
  const { mean, projection, backtestOrigins, backtest } = stored;
  return { forecaster, used, method: used.name, global: verdict, ...days, mean, projection, backtestOrigins, backtest };
}

export interface LaterProjectionInputs {
  y: readonly number[];
  used: Forecaster;
  spread: Forecaster;
  m: number;
  aggregation: PeriodAggregation;
  nonNegative: boolean;
  windows: ReadonlyArray<{ offset: number; remaining: number; target?: TargetRule }>;
}

/** What later-period projections depend on: the complete days, the methods (and the global model), the windows. */
export function laterProjectionKey(inputs: LaterProjectionInputs, memo: RunMemo): string | null {
  const { y, used, spread, m, aggregation, nonNegative, windows } = inputs;
  if (used !== spread && memo.globalKey === undefined) return null;
  const methods = `${used.name}/${spread.name}|g${used !== spread ? memo.globalKey : '-'}`;
  const spans = windows.map((w) => `${w.offset}+${w.remaining}:${JSON.stringify(w.target ?? null)}`).join(',');
  const shape = `m${m}|${aggregation}|${nonNegative ? 'floor' : 'free'}`;
  return `${methods}|${shape}|${spans}|${y.length}:${seriesFingerprint(y)}`;
}

/**
 * The forecaster with its forecasts kept in the memo, by the forecaster (its name, and `tag`: the global model's
 * training data for a blend), season, horizon, levels and the series: a sum's projection is made again when today's
 * value moves, from the same forecasts of its complete days.
 */
export function keptFitForecaster(forecaster: Forecaster, memo: RunMemo, tag: string): Forecaster {
  return {
    name: forecaster.name,
    forecast(input: ForecastInput): ForecastResult {
      const { y, h, m, levels } = input;
      const key = `${forecaster.name}|${tag}|m${m}|h${h}|l${levels?.join(',') ?? '-'}|${y.length}:${seriesFingerprint(y)}`;
      const kept = memo.fit(key);
      if (kept) return kept;
      const result = forecaster.forecast(input);
      memo.setFit(key, result);
      return result;
    },
  };
}
