import type { DetectedAnomaly } from '@bsc/common';

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
  minScore?: number;
  limit?: number;
}
