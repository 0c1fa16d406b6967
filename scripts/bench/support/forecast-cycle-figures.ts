/** The API's forecast cycles that ended between two scrapes of its /metrics (see ForecastCycleMetrics). */
export interface ForecastCycleFigures {
  completed: number;
  failed: number;
  /** Their seconds together, from start to forecasts stored. */
  seconds: number;
  /** Stored samples they fed to the daily KPI engine. */
  samplesFed: number;
}

/** A metric line's value (labelled as written, e.g. `name{outcome="ok"}`) in a /metrics text; zero when absent. */
function lineValue(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

export function forecastCycleFigures(before: string, after: string): ForecastCycleFigures {
  const delta = (series: string) => lineValue(after, series) - lineValue(before, series);
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
