import type { KpiValue } from '@bsc/common';

/** A stored KPI value with its provenance; usable wherever a KpiValue is expected. */
export interface KpiValueRevision extends KpiValue {
  revisionId: number;
  /** Version of the twin model the value was computed (or entered) under. */
  modelVersion: number;
  /** When the platform learned this value; "as known at T" selects on it. */
  recordedAt: number;
  enteredBy: string | null;
  comment: string | null;
}
