import type { KpiValue } from '@bsc/common';
import type { KpiValueRevision } from '@bsc/persistence';

export type { KpiValueRevision };

/** KPI values as an append-only revision log; persistence's KpiValueRepository satisfies it. */
export interface KpiValueStore {
  appendRevisions(
    values: readonly KpiValue[],
    modelVersion: number,
    recordedAt?: number,
    options?: { enteredBy?: string; comment?: string; keepRepeats?: boolean },
  ): Promise<number>;
  /** Per (kpi, period) the newest revision recorded at or before knownAt (default: all). */
  asOf(
    kpiIds: readonly string[] | 'all',
    periodKeys: readonly string[] | 'all',
    knownAt?: number,
  ): Promise<KpiValueRevision[]>;
  /** One value per period starting in [from, to), oldest first. */
  history(kpiId: string, from: number, to: number, knownAt?: number): Promise<KpiValueRevision[]>;
  /** `history` of several KPIs at once (batched fields), keyed by KPI id. */
  historyOfMany(
    kpiIds: readonly string[],
    from: number,
    to: number,
    knownAt?: number,
  ): Promise<Map<string, KpiValueRevision[]>>;
  /** `revisions` of several (kpi, period) pairs at once, keyed by `kpiId + '\u0000' + periodKey`. */
  revisionsOfMany(pairs: ReadonlyArray<{ kpiId: string; periodKey: string }>): Promise<Map<string, KpiValueRevision[]>>;
  /** Every revision of one (kpi, period), oldest first. */
  revisions(kpiId: string, periodKey: string): Promise<KpiValueRevision[]>;
}

export const KPI_VALUE_STORE = Symbol('KPI_VALUE_STORE');
