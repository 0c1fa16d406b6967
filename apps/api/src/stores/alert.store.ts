export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export interface AlertRecord {
  id: string;
  rule: string;
  kpiId: string | null;
  unitId: string;
  severity: string;
  status: AlertStatus;
  message: string;
  raisedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
}

/** What the API needs from the alert table; persistence's AlertRepository satisfies it. Newest first. */
export interface AlertStore {
  list(query: { statuses?: readonly AlertStatus[]; unitIds?: readonly string[]; limit?: number; offset?: number }): Promise<AlertRecord[]>;
  get(id: string): Promise<AlertRecord | null>;
  /** Idempotent; CONFLICT when resolved. */
  acknowledge(id: string, actor: string, at?: number): Promise<AlertRecord>;
  /** Idempotent. */
  resolve(id: string, at?: number, actor?: string | null): Promise<AlertRecord>;
}

export const ALERT_STORE = Symbol('ALERT_STORE');
