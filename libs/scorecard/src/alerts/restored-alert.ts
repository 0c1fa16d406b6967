import { parseDuration } from '@bsc/common';
import type { KpiDef } from '@bsc/twin';
import { DEFAULT_ANOMALY_HOLD, holdRestored, type ConditionState } from './alert-conditions';
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
 * is taken to hold. An anomaly condition holds for its hold from the resolution (its last anomaly came no later),
 * prolonged by the anomalies its rule counted after it (`counted`, detection times oldest first; see waitedUntil);
 * a stale one until a value arrives (see holdRestored). Resolved automatically (the condition cleared), nothing waits.
 */
export function awaitClear(watch: Watch, record: StoredAlert, at: number, counted: readonly number[] = []): void {
  if (!resolvedByHand(record)) return;
  watch.suppressed = true;
  watch.condition.active = true;
  const from = Math.min(record.resolvedAt ?? at, at);
  holdRestored(watch.rule, watch.condition, record.message, at, lastOfWait(watch.rule, from, counted, at));
}

/** Resolved by a user: the row names who (a cleared condition or a rule gone from the model names none). */
export function resolvedByHand(record: StoredAlert): boolean {
  return record.status === 'resolved' && !!record.resolvedBy && record.resolvedBy !== 'auto';
}

/**
 * The last anomaly of an anomaly condition's wait, as the evaluation that waited held it: from `from`, each anomaly
 * its rule counted within the hold of the one before prolonged the wait; the first one later came after the wait
 * had ended (the condition was seen clear in between), and so did all after it.
 */
function lastOfWait(rule: AlertRuleDef, from: number, counted: readonly number[], at: number): number {
  if (rule.kind !== 'anomaly') return from;
  const hold = parseDuration(rule.hold ?? DEFAULT_ANOMALY_HOLD) ?? 0;
  let last = from;
  for (const detected of counted) {
    if (detected - last >= hold) break;
    last = Math.max(last, Math.min(detected, at));
  }
  return last;
}

function asSeverity(text: string): AlertSeverity {
  return text === 'info' || text === 'critical' ? text : 'warning';
}
