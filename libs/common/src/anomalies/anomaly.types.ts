/** Which detector found an anomaly of a KPI (see DetectedAnomaly). */
export type AnomalyKind = 'signal' | 'kpi_interval' | 'kpi_change_point';

/**
 * One anomaly of a KPI: an input signal scored by the signal detector (`signal`), the KPI's value outside its
 * forecast's 95 % interval (`kpi_interval`) or the first period of a new level of its period values
 * (`kpi_change_point`). Scores share one scale: surprise S decades (odds 1 in 10^S) scores S/(S + 5).
 */
export interface DetectedAnomaly {
  kind: AnomalyKind;
  kpiId: string;
  /** The input signal (kind `signal`); null for the KPI's own kinds. */
  signalId: string | null;
  /** Sample time (signal), value time (interval) or start of the first period of the new level (change point). */
  ts: number;
  score: number;
  /** The signal's sample, the KPI's value, or the new level. */
  value: number | null;
  /** The band's middle, or the level before the change. */
  expected: number | null;
  /** The forecast's 95 % band (kpi_interval only). */
  lower: number | null;
  upper: number | null;
  periodKey: string | null;
  /**
   * Found while what the signal measures (for a KPI anomaly: what the signals of its formula lineage measure) was in
   * the model's planned downtime (or restarting from it): recorded and announced, but no alert.
   */
  planned?: boolean;
}
