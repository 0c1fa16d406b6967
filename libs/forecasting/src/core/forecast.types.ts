import type { FitStore } from './fit-store';
import type { SeriesStructures } from './structure-hints';

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
  /**
   * Model structures chosen on leading parts of this series by earlier forecasts, kept for later ones (see
   * fitWithStructureHint); without it every automatic model searches its structure.
   */
  structures?: SeriesStructures;
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

/** Point forecasts (and the model's sigma) of h steps from one origin. */
export type OriginForecast = Pick<ForecastResult, 'mean' | 'sigma'>;

/** A forecasting method: a pure function of the training data. */
export interface Forecaster {
  readonly name: string;
  forecast(input: ForecastInput): ForecastResult;
  /**
   * Forecasts of h steps from each origin (a count of y's leading points) with the model chosen and fitted once
   * on y's first `fitOn` points (default all) and run, not refitted, over each leading part: rolling origins
   * without recalibration (Tashman 2000), R's `forecast(Arima(y, model = fit))`. A fit that `fits` holds for the
   * same values is taken from it, and a new one is kept there. Optional: see forecastsFromOrigins.
   */
  forecastFromOrigins?(
    input: ForecastInput,
    origins: readonly number[],
    fitOn?: number,
    fits?: FitStore,
  ): OriginForecast[];
}

/**
 * A method's forecasts from several origins of y: its own forecastFromOrigins when it has one (one fit, on the
 * first `fitOn` points), otherwise a refit on each leading part.
 */
export function forecastsFromOrigins(
  forecaster: Forecaster,
  input: ForecastInput,
  origins: readonly number[],
  fitOn = input.y.length,
  fits?: FitStore,
): OriginForecast[] {
  if (forecaster.forecastFromOrigins) return forecaster.forecastFromOrigins(input, origins, fitOn, fits);
  return origins.map((o) => {
    const r = forecaster.forecast({ ...input, y: input.y.slice(0, o), levels: [] });
    return { mean: r.mean, sigma: r.sigma };
  });
}
