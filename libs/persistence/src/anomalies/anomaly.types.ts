import type { AnomalyKind, DetectedAnomaly } from '@bsc/common';

/** What a detector found, with the KPI's org unit and when it was reported. */
export interface AnomalyRecord extends DetectedAnomaly {
  unitId: string;
  detectedAt: number;
}

/** Anomalies with `from <= ts < to`; each other filter narrows when given (an empty list matches nothing). */
export interface AnomalyQuery {
  from: number;
  to: number;
  unitIds?: readonly string[];
  kpiIds?: readonly string[];
  signalIds?: readonly string[];
  kinds?: readonly AnomalyKind[];
  minScore?: number;
  limit?: number;
  /** Keyset paging: only anomalies after this one in the list's order (newest first, then kpi, kind, signal). */
  after?: AnomalyKey;
}

/** What identifies a stored anomaly, and so its place in the list's order. */
export type AnomalyKey = Pick<AnomalyRecord, 'ts' | 'kpiId' | 'kind' | 'signalId'>;

/** The findings one alert rule counts: a KPI's, in a unit, scored at or above minScore (planned ones never count). */
export interface CountedAnomalies {
  kpiId: string;
  unitId: string;
  minScore: number;
}

/** The findings one alert rule counts that were detected after `detectedAfter`. */
export interface CountedAnomaliesSince extends CountedAnomalies {
  detectedAfter: number;
}
