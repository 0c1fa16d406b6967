import type { AlertEventEntity } from '../entities/alert-event.entity';
import type { AlertEntity } from '../entities/alert.entity';
import type { AlertEventRecord, AlertRecord } from './alert.types';

export function toAlertRecord(e: AlertEntity): AlertRecord {
  return {
    id: e.id,
    rule: e.rule,
    kpiId: e.kpiId,
    unitId: e.unitId,
    severity: e.severity,
    status: e.status,
    message: e.message,
    raisedAt: e.raisedAt,
    acknowledgedAt: e.acknowledgedAt,
    acknowledgedBy: e.acknowledgedBy,
    resolvedAt: e.resolvedAt,
    escalationLevel: e.escalationLevel,
    lastNotifiedAt: e.lastNotifiedAt,
    dedupKey: e.dedupKey,
  };
}

export function toAlertEventRecord(e: AlertEventEntity): AlertEventRecord {
  return { id: e.id, alertId: e.alertId, at: e.at, type: e.type, actor: e.actor, detail: e.detail };
}
