import type { Alert, AlertEvent } from '@bsc/scorecard';

/** worsened: the severity of a live alert rose (e.g. warning -> critical), acknowledged or not. */
export type AlertNotificationType = 'raised' | 'resolved' | 'escalated' | 'worsened';

/** What webhooks and MQTT receive: the alert as stored, with enough context to act without a lookup. */
export interface AlertNotification {
  type: AlertNotificationType;
  alert: {
    /** The stored alert id (the API's id). */
    id: string;
    dedupKey: string;
    rule: string;
    kind: Alert['kind'];
    severity: Alert['severity'];
    status: Alert['status'];
    message: string;
    raisedAt: number;
    resolvedAt: number | null;
    /** Who is responsible now (moves up the unit hierarchy on escalation). */
    owner: string | null;
    /** Who it was escalated from (escalations only). */
    previousOwner?: string | null;
    escalationLevel: number;
  };
  unit: { id: string; name: string | null; owner: string | null };
  kpi: {
    id: string;
    name: string | null;
    unit: string | null;
    periodKey: string | null;
    value: number | null;
    target: number | null;
  };
  at: number;
}

/** Context looked up in the model in force and the KPI's latest scoring. */
export interface AlertContext {
  unit: AlertNotification['unit'];
  kpi: AlertNotification['kpi'];
}

/** Evaluator event (raise / resolve / escalate / update) to the notification of the stored alert `id`. */
export function toNotification(
  type: AlertNotificationType,
  event: AlertEvent,
  id: string,
  message: string,
  context: AlertContext,
): AlertNotification {
  const a = event.alert;
  return {
    type,
    alert: {
      id,
      dedupKey: a.dedupKey,
      rule: a.rule,
      kind: a.kind,
      severity: a.severity,
      status: a.status,
      message,
      raisedAt: a.raisedAt,
      resolvedAt: a.resolvedAt ?? null,
      owner: a.owner ?? null,
      ...(event.type === 'escalate' ? { previousOwner: event.from ?? null } : {}),
      escalationLevel: a.escalationLevel,
    },
    unit: context.unit,
    kpi: context.kpi,
    at: event.at,
  };
}
