import type { KpiValue } from '@bsc/common';
import type { KpiDef, TwinModel } from '@bsc/twin';

/** One stored version of a KPI value: recomputations and manual corrections add revisions, never overwrite. */
export interface KpiValueRevision extends KpiValue {
  /** Wall-clock time the revision was stored, epoch ms. */
  recordedAt: number;
}

export interface ModelVersion {
  version: number;
  /** When this version came into force, epoch ms. */
  importedAt: number;
  model: TwinModel;
}

/**
 * as_known: what the scorecard showed at T (newest revision recorded by T).
 * as_corrected: the same instant with everything learned since (newest revision of each value).
 * Both use the model version in force at T, so the structure is the one of that time.
 */
export type TimeTravelMode = 'as_known' | 'as_corrected';

export interface TimeTravelQuery {
  at: number;
  mode: TimeTravelMode;
  /**
   * Bi-temporal: show `at` as known at this instant (newest revisions recorded by then); overrides `mode`.
   * E.g. "October's close as known at the board meeting on 5 November".
   */
  knownAt?: number;
  revisions: readonly KpiValueRevision[];
  versions: readonly ModelVersion[];
  /** Period key to show per KPI; default: the fiscal period of the KPI's reporting period containing `at`. */
  periodKeyFor?: (kpi: KpiDef, model: TwinModel) => string;
}

/** Everything buildScorecard needs to show the scorecard of a past instant. */
export interface ScorecardInputs {
  model: TwinModel;
  modelVersion: number;
  asOf: number;
  values: Map<string, KpiValue>;
  periodKeyFor: (kpi: KpiDef) => string;
}
