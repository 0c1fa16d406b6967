import { metricValue } from './prom-histogram';

/** The API's forecast cycles that ended between two scrapes of its /metrics (see ForecastCycleMetrics). */
export interface ForecastCycleFigures {
  completed: number;
  failed: number;
  /** Their seconds together, from start to forecasts stored. */
  seconds: number;
  /** Stored samples they fed to the daily KPI engine. */
  samplesFed: number;
}

export function forecastCycleFigures(before: string, after: string): ForecastCycleFigures {
  const delta = (series: string) => metricValue(after, series) - metricValue(before, series);
  return {
    completed: delta('bsc_forecast_cycle_seconds_count{outcome="ok"}'),
    failed: delta('bsc_forecast_cycle_seconds_count{outcome="failed"}'),
    seconds:
      Math.round(
        (delta('bsc_forecast_cycle_seconds_sum{outcome="ok"}') +
          delta('bsc_forecast_cycle_seconds_sum{outcome="failed"}')) *
          10,
      ) / 10,
    samplesFed: delta('bsc_forecast_daily_samples_fed_total'),
  };
}
