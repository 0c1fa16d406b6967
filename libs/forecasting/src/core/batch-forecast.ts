import { ForecastResult, Forecaster } from './forecast.types';

export interface BatchOptions {
  h: number;
  m: number;
  levels?: readonly number[];
  /** Called after each series with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Forecasts many series with one method, in order, on the current thread. */
export function forecastBatch(
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
