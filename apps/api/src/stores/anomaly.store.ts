import type { AnomalyKey, AnomalyQuery, AnomalyRecord } from '@bsc/persistence';

export type { AnomalyKey, AnomalyQuery, AnomalyRecord };

/** The stored anomalies, newest first; persistence's AnomalyRepository satisfies it. */
export interface AnomalyStore {
  list(query: AnomalyQuery): Promise<AnomalyRecord[]>;
  /** How many match the filters (`after` and `limit` aside). */
  count(query: AnomalyQuery): Promise<number>;
}

export const ANOMALY_STORE = Symbol('ANOMALY_STORE');
