import {
  chooseMethod,
  MIN_PROJECTION_POINTS,
  projectPeriodEnd,
  type Forecaster,
  type PeriodAggregation,
  type PeriodEndProjection,
  type TargetRule,
} from '@bsc/forecasting';
import type { FiscalCalendar, FiscalPeriod } from '@bsc/kpi';
import { DAY_MS, type DailySeries } from '../series/daily-kpi-series';

/** Weekly rhythm of daily business data. */
export const DAILY_SEASON = 7;
export const BACKTEST = { h: 14, m: DAILY_SEASON, origins: 3 } as const;

/** Where "now" sits in the KPI's current period, in whole days. */
export interface PeriodWindow {
  period: FiscalPeriod;
  /** Start of today; today is not complete, so it belongs to the remaining days. */
  today: number;
  /** Days left until the period ends, today included. */
  remaining: number;
  /** End of each remaining day (the last one is the period end). */
  dayEnds: number[];
}

export function periodWindow(calendar: FiscalCalendar, now: number, period: FiscalPeriod): PeriodWindow {
  const dayEnds: number[] = [];
  for (let day = calendar.periodOf(now, 'day'); day.start < period.end; day = calendar.nextPeriod(day))
    dayEnds.push(day.end);
  return { period, today: calendar.periodOf(now, 'day').start, remaining: dayEnds.length, dayEnds };
}

export interface SeriesProjection {
  forecaster: Forecaster;
  /** Complete days of the series (today left out: its partial value would read as a drop). */
  y: number[];
  /** The complete days of the current period. */
  elapsed: number[];
  /** Mean forecast of each remaining day. */
  mean: number[];
  projection: PeriodEndProjection;
  m: number;
}

/**
 * One daily series projected to the end of the current period: the method chosen by rolling-origin backtest, its
 * forecast of every remaining day, and the period-end distribution (elapsed days + forecast of the rest).
 */
export function projectSeries(
  series: DailySeries,
  aggregation: PeriodAggregation,
  window: PeriodWindow,
  candidates: readonly Forecaster[],
  target?: TargetRule,
): SeriesProjection | null {
  const { today, period, remaining } = window;
  const complete = Math.max(0, Math.min(series.values.length, Math.round((today - series.start) / DAY_MS)));
  const y = series.values.slice(0, complete);
  if (y.length < MIN_PROJECTION_POINTS) return null;
  const elapsedDays = Math.min(
    y.length,
    Math.max(0, Math.round((today - Math.max(period.start, series.start)) / DAY_MS)),
  );
  const m = y.length >= 2 * DAILY_SEASON ? DAILY_SEASON : 1;
  const { chosen } = chooseMethod(y, candidates, { ...BACKTEST, m });
  const elapsed = y.slice(y.length - elapsedDays);
  const projection = projectPeriodEnd({
    history: y.slice(0, y.length - elapsedDays),
    elapsed,
    remaining,
    aggregation,
    m,
    target,
    forecaster: chosen,
    maxOrigins: 20,
  });
  if (!projection) return null;
  const mean = remaining > 0 ? chosen.forecast({ y, h: remaining, m, levels: [] }).mean : [];
  return { forecaster: chosen, y, elapsed, mean, projection, m };
}
