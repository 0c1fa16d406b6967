import type { AlertRecord as StoredAlert, AlertStatus } from '@bsc/persistence';

export type { AlertStatus };

/** The part of a stored alert the API reads. */
export type AlertRecord = Pick<
  StoredAlert,
  | 'id'
  | 'rule'
  | 'kpiId'
  | 'unitId'
  | 'severity'
  | 'status'
  | 'message'
  | 'raisedAt'
  | 'acknowledgedAt'
  | 'acknowledgedBy'
  | 'resolvedAt'
>;

/** What the API needs from the alert table; persistence's AlertRepository satisfies it. Newest first. */
export interface AlertStore {
  list(query: {
    statuses?: readonly AlertStatus[];
    unitIds?: readonly string[];
    limit?: number;
    offset?: number;
  }): Promise<AlertRecord[]>;
  /** How many alerts match (for totalCount). */
  count(query: { statuses?: readonly AlertStatus[]; unitIds?: readonly string[] }): Promise<number>;
  get(id: string): Promise<AlertRecord | null>;
  /** Idempotent; CONFLICT when resolved. */
  acknowledge(id: string, actor: string, at?: number): Promise<AlertRecord>;
  /** Idempotent. */
  resolve(id: string, at?: number, actor?: string | null): Promise<AlertRecord>;
}

export const ALERT_STORE = Symbol('ALERT_STORE');
