/** When forecasts are recomputed; every knob named in one place. */
export interface ForecastSchedule {
  /**
   * First run after start (lets a fresh embedded start backfill history first). History that still arrives for
   * past days after a run began triggers another run once it has been quiet for `periodCheckMs`.
   */
  initialDelayMs: number;
  /** Regular re-forecast, so new data is taken into account. */
  intervalMs: number;
  /** How often to check whether a KPI's reporting period has closed or late history has settled (either runs). */
  periodCheckMs: number;
  /** Stored forecasts older than this are purged. */
  retentionMs: number;
  /** Health degrades once a cycle runs this long, or no forecasts were stored this long after a cycle was due. */
  stallAfterMs: number;
}

export const DEFAULT_FORECAST_SCHEDULE: ForecastSchedule = {
  initialDelayMs: 45_000,
  intervalMs: 10 * 60_000,
  periodCheckMs: 60_000,
  retentionMs: 30 * 86_400_000,
  stallAfterMs: 15 * 60_000,
};
