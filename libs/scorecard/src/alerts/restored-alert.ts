import type { KpiDef } from '@bsc/twin';
import { holdRestored, type ConditionState } from './alert-conditions';
import type { Alert, AlertRuleDef, AlertSeverity, StoredAlert } from './alert.types';

/** The evaluator's memory of one condition (rule + KPI + unit). */
export interface Watch {
  rule: AlertRuleDef;
  kpi: KpiDef;
  key: string;
  condition: ConditionState;
  /** Alert currently open or acknowledged for this key. */
  live?: Alert;
  /** Resolved by hand while the condition still held: do not re-raise until it clears. */
  suppressed: boolean;
}

/** A live stored alert as the evaluator holds it; its escalation level is capped to the owner chain it has now. */
export function restoredAlert(record: StoredAlert, watch: Watch, chain: readonly string[]): Alert {
  const level = Math.min(Math.max(0, record.escalationLevel), Math.max(0, chain.length - 1));
  return {
    id: record.id,
    dedupKey: record.dedupKey,
    rule: watch.rule.id,
    kind: watch.rule.kind,
    kpiId: watch.kpi.id,
    unitId: watch.kpi.orgUnit,
    severity: asSeverity(record.severity),
    status: record.status,
    message: record.message,
    raisedAt: record.raisedAt,
    owner: chain[level],
    escalationLevel: level,
    lastEscalatedAt: record.lastEscalatedAt ?? undefined,
    acknowledgedAt: record.acknowledgedAt ?? undefined,
    acknowledgedBy: record.acknowledgedBy ?? undefined,
  };
}

/**
 * A condition whose latest alert was resolved by hand: the user's resolution held while the condition did, so the
 * restored condition waits as the one that resolved it did, until it is next seen clear. Whether it cleared between
 * the resolution and `at` is not stored (a clear followed by a new episode would have raised a newer alert), so it
 * is taken to hold. An anomaly condition holds for its hold from the resolution (its last anomaly came no later);
 * a stale one until a value arrives (see holdRestored). Resolved automatically (the condition cleared), nothing waits.
 */
export function awaitClear(watch: Watch, record: StoredAlert, at: number): void {
  if (!record.resolvedBy || record.resolvedBy === 'auto') return;
  watch.suppressed = true;
  watch.condition.active = true;
  holdRestored(watch.rule, watch.condition, record.message, at, Math.min(record.resolvedAt ?? at, at));
}

function asSeverity(text: string): AlertSeverity {
  return text === 'info' || text === 'critical' ? text : 'warning';
}
