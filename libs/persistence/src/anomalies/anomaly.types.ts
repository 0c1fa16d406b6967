/** What a detector found (see @bsc/events' AnomalyEvent), with the KPI's org unit and when it was reported. */
export type AnomalyKind = 'signal' | 'kpi_interval' | 'kpi_change_point';

export interface AnomalyRecord {
  kind: AnomalyKind;
  kpiId: string;
  /** The input signal (kind `signal`); null for the KPI's own kinds. */
  signalId: string | null;
  unitId: string;
  ts: number;
  score: number;
  value: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  periodKey: string | null;
  detectedAt: number;
}

/** Anomalies with `from <= ts < to`; each other filter narrows when given (an empty list matches nothing). */
export interface AnomalyQuery {
  from: number;
  to: number;
  unitIds?: readonly string[];
  kpiIds?: readonly string[];
  signalIds?: readonly string[];
  minScore?: number;
  limit?: number;
}
