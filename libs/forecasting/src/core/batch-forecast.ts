import { ForecastResult, Forecaster } from './forecast.types';
import { ConformalWidths, applyWidths } from './intervals';
import { calibrateOnValidation } from '../methods/interval-calibration';

export interface BatchOptions {
  h: number;
  m: number;
  levels?: readonly number[];
  /**
   * 'conformal' (default): interval widths from the method's errors on the batch's own validation windows (see
   * calibrateOnValidation); 'model': the method's own widths.
   */
  intervals?: 'conformal' | 'model';
  /** Called after each series with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Forecasts many series with one method, in order, on the current thread. */
export function forecastBatch(
  forecaster: Forecaster,
  series: readonly (readonly number[])[],
  options: BatchOptions,
): ForecastResult[] {
  return forecastBatchWithWidths(forecaster, series, options).results;
}

/** forecastBatch, with the interval widths it applied. */
export function forecastBatchWithWidths(
  forecaster: Forecaster,
  series: readonly (readonly number[])[],
  options: BatchOptions,
): { results: ForecastResult[]; widths: ConformalWidths } {
  const levels = options.levels ?? [80, 95];
  const raw = forecastEach(forecaster, series, options);
  const widths: ConformalWidths =
    options.intervals === 'model' || levels.length === 0
      ? { scope: 'model', scores: 0, k: [] }
      : calibrateOnValidation(forecaster, series, raw, { h: options.h, m: options.m, levels });
  return { results: raw.map((r) => applyWidths(r, widths)), widths };
}

/** Every series forecast with the method's own interval widths. */
export function forecastEach(
  forecaster: Forecaster,
  series: readonly (readonly number[])[],
  options: BatchOptions,
): ForecastResult[] {
  const out: ForecastResult[] = [];
  for (let i = 0; i < series.length; i++) {
    out.push(forecaster.forecast({ y: series[i], h: options.h, m: options.m, levels: options.levels ?? [80, 95] }));
    options.onProgress?.(i + 1, series.length);
  }
  return out;
}
