import type { AnomalyQuery, AnomalyRecord } from '@bsc/persistence';

export type { AnomalyQuery, AnomalyRecord };

/** The stored anomalies, newest first; persistence's AnomalyRepository satisfies it. */
export interface AnomalyStore {
  list(query: AnomalyQuery): Promise<AnomalyRecord[]>;
}

export const ANOMALY_STORE = Symbol('ANOMALY_STORE');
