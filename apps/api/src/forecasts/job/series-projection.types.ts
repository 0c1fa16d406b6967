import type { BacktestResult, Forecaster, PeriodAggregation, PeriodEndProjection } from '@bsc/forecasting';
import type { FiscalPeriod } from '@bsc/kpi';
import type { GlobalVerdict } from './method-choice';

/** Where "now" sits in the KPI's current period (or before a later one), in whole days. */
export interface PeriodWindow {
  period: FiscalPeriod;
  /** Start of today; today is not complete, so it belongs to the remaining days. */
  today: number;
  /** Days left until the period ends, today included; of a later period: all its days. */
  remaining: number;
  /** End of each remaining day (the last one is the period end). */
  dayEnds: number[];
  /** Days from today (included) to the start of a later period; 0 for the current one. */
  offset: number;
}

/** How a series' steps make its period value, and whether they can be negative (see nonNegativity in @bsc/twin). */
export interface SeriesShape {
  aggregation: PeriodAggregation;
  nonNegative?: boolean;
}

export interface SeriesProjection {
  /** The classical method chosen by this series' backtests (its errors are the ones reported). */
  forecaster: Forecaster;
  /** The forecaster used: the chosen one, or it blended with the global model. */
  used: Forecaster;
  /** The method used: the chosen one, or it joined by the global model ("ensemble+global"). */
  method: string;
  /** The global model's verdict on this series' held-out days, when there is a model. */
  global?: GlobalVerdict;
  /** Complete days of the series (today left out: its partial value would read as a drop). */
  y: number[];
  /** The complete days of the current period. */
  elapsed: number[];
  /** Mean forecast of each remaining day (today's at least its value so far, for sums). */
  mean: number[];
  projection: PeriodEndProjection;
  m: number;
  /** Rolling origins the chosen method's backtest ran on (fewer than BACKTEST.origins: too short a history). */
  backtestOrigins: number;
  /** The chosen method's backtest, as the choice ran it (null when no origin fitted). */
  backtest: BacktestResult | null;
}
