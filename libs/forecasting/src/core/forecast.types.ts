/** Prediction-interval levels in percent, e.g. [80, 95]. */
export type IntervalLevel = number;

export interface ForecastInput {
  /** Observations in time order, equally spaced, no gaps (NaN not allowed). */
  y: readonly number[];
  /** Forecast horizon in steps. */
  h: number;
  /** Seasonal period (1 = none; 4 quarterly; 12 monthly; 52 weekly; 7 daily-with-weekly). */
  m: number;
  /** Interval levels wanted; default [80, 95]. */
  levels?: readonly IntervalLevel[];
}

export interface ForecastResult {
  method: string;
  /** Point forecasts, length h. */
  mean: number[];
  /** Per level, lower and upper bounds, each length h. */
  lower: Record<number, number[]>;
  upper: Record<number, number[]>;
  /** Optional: sample paths or per-step std-dev for distribution-based questions (period-end probabilities). */
  sigma?: number[];
}

/** A forecasting method: a pure function of the training data. */
export interface Forecaster {
  readonly name: string;
  forecast(input: ForecastInput): ForecastResult;
}
