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
  escalationLevel: number;
  lastNotifiedAt: number | null;
  /** Identifies "the same problem": at most one unresolved alert per key. */
  dedupKey: string;
}

export interface NewAlert {
  rule: string;
  kpiId?: string | null;
  unitId: string;
  severity: string;
  message: string;
  dedupKey: string;
  raisedAt?: number;
}

/** raised | acknowledged | resolved | notified | escalated | ... */
export interface AlertEventRecord {
  id: number;
  alertId: string;
  at: number;
  type: string;
  actor: string | null;
  detail: string | null;
}

export interface AlertQuery {
  statuses?: readonly AlertStatus[];
  unitIds?: readonly string[];
  kpiId?: string;
  limit?: number;
  offset?: number;
}

export interface RaiseAlertResult {
  alert: AlertRecord;
  /** False when an unresolved alert with the same dedup key already existed (it is returned instead). */
  created: boolean;
}
