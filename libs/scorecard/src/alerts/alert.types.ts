import type { DurationText } from '@bsc/twin';
import type { KpiStatus } from '../scoring/scoring.types';

export type AlertSeverity = 'info' | 'warning' | 'critical';
/** open -> acknowledged -> resolved, or open -> resolved. */
export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

interface AlertRuleBase {
  /** Unique per rule set; part of the dedup key (rule + KPI + unit). */
  id: string;
  /** KPI ids the rule watches; all KPIs when absent. */
  kpis?: readonly string[];
  /** Fixed severity; otherwise chosen by the rule (e.g. off_target = critical). */
  severity?: AlertSeverity;
  /** Unacknowledged open alerts move one owner up the unit hierarchy after this long. */
  escalateAfter?: DurationText;
}

/** Raised while the KPI's status is in `into` (default at_risk and off_target). */
export interface StatusChangeRule extends AlertRuleBase {
  kind: 'status_change';
  into?: ReadonlyArray<'at_risk' | 'off_target'>;
}

/** Raised when the value reaches `value`; cleared only once it is back past value -/+ hysteresis. */
export interface ThresholdRule extends AlertRuleBase {
  kind: 'threshold';
  direction: 'above' | 'below';
  value: number;
  hysteresis: number;
}

/** Raised while |newest - oldest value within `window`| exceeds maxDelta. */
export interface RateOfChangeRule extends AlertRuleBase {
  kind: 'rate_of_change';
  window: DurationText;
  maxDelta: number;
}

/** Raised while the KPI reports stale or has had no value for `after` (default 2 x the KPI's update frequency). */
export interface StaleRule extends AlertRuleBase {
  kind: 'stale';
  after?: DurationText;
}

/** Raised while the probability of meeting the target by period end is below minProbability. */
export interface ForecastRule extends AlertRuleBase {
  kind: 'forecast';
  minProbability: number;
  /** Cleared only once the probability reaches minProbability + hysteresis. Default 0. */
  hysteresis?: number;
}

/**
 * Raised when an anomaly of the KPI scores at or above minScore (default 0.5: a one-in-10^5 event): one of its input
 * signals (the signal detector), or the KPI's own value outside its forecast's 95 % interval or at a change point
 * of its period values. Cleared once nothing has scored that high for `hold` (default 15m). The detectors report an
 * episode once, so `hold` is what keeps one alert open across a burst.
 */
export interface AnomalyRule extends AlertRuleBase {
  kind: 'anomaly';
  minScore?: number;
  hold?: DurationText;
}

export type AlertRuleDef = StatusChangeRule | ThresholdRule | RateOfChangeRule | StaleRule | ForecastRule | AnomalyRule;
export type AlertRuleKind = AlertRuleDef['kind'];

/** Used when no rules are configured: status changes and stale/missing data for every KPI. */
export const DEFAULT_ALERT_RULES: readonly AlertRuleDef[] = Object.freeze([
  { id: 'status-change', kind: 'status_change' },
  { id: 'stale', kind: 'stale' },
]);

export const DEFAULT_ESCALATE_AFTER: DurationText = '1h';

/** One scoring of one KPI, as fed to the evaluator (e.g. on every kpi.updated). */
export interface KpiObservation {
  kpiId: string;
  /** Evaluation instant, epoch ms; observations must arrive in time order per KPI. */
  at: number;
  value: number | null;
  status: KpiStatus;
  target?: number | null;
  /** Probability of meeting the target by period end, when forecast. */
  probability?: number | null;
  /** Event time of the newest input of the value (KpiValue.asOf); defaults to `at` when there is a value. */
  updatedAt?: number;
  /** An anomaly of the KPI or of an input signal, scored at `at` (only on observations made for that score). */
  anomaly?: ObservedAnomaly | null;
}

/** signal: an input signal; kpi_interval: outside the forecast's 95 % interval; kpi_change_point: a new level. */
export type AnomalyKind = 'signal' | 'kpi_interval' | 'kpi_change_point';

export interface ObservedAnomaly {
  kind: AnomalyKind;
  /** The input signal, for kind `signal`. */
  signalId: string | null;
  /** Detector score in [0, 1]. */
  score: number;
  /** When it was found, if before the observation (read back from storage): the hold runs from then. */
  detectedAt?: number;
}

export interface Alert {
  id: string;
  /** One live alert per rule + KPI + unit at a time. */
  dedupKey: string;
  /** Rule id. */
  rule: string;
  kind: AlertRuleKind;
  kpiId: string;
  unitId: string;
  severity: AlertSeverity;
  status: AlertStatus;
  message: string;
  raisedAt: number;
  /** Current owner (moves up the unit hierarchy on escalation). */
  owner?: string;
  escalationLevel: number;
  lastEscalatedAt?: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  resolvedAt?: number;
  /** 'auto' when the condition cleared. */
  resolvedBy?: string;
}

/** What restore() needs from a stored alert (a persistence record fits as is). */
export interface StoredAlert {
  id: string;
  dedupKey: string;
  status: AlertStatus;
  severity: string;
  message: string;
  raisedAt: number;
  escalationLevel: number;
  acknowledgedAt?: number | null;
  acknowledgedBy?: string | null;
  /** When the alert last moved up (or was last notified); escalation timing continues from here. */
  lastEscalatedAt?: number | null;
  resolvedAt?: number | null;
  /** Who resolved it by hand; null or 'auto' when its condition cleared or its rule or KPI left the model. */
  resolvedBy?: string | null;
}

/**
 * The anomalies a restored anomaly alert's rule counts: its KPI's, found in its unit, scored at or above minScore and
 * not in planned downtime (those reach no rule). Looked up in the stored anomalies to restore the alert's hold, or
 * (a condition at rest) to judge those no evaluation heard of.
 */
export interface AnomalyHoldSubject {
  dedupKey: string;
  kpiId: string;
  unitId: string;
  minScore: number;
  /** The rule's hold: how long after an anomaly its alert stays live. */
  holdMs: number;
}

export type AlertEvent =
  | { type: 'raise'; at: number; alert: Alert }
  | { type: 'update'; at: number; alert: Alert; previousSeverity: AlertSeverity }
  | { type: 'acknowledge'; at: number; alert: Alert; by: string }
  | { type: 'resolve'; at: number; alert: Alert; reason: 'condition_cleared' | 'manual' }
  | { type: 'escalate'; at: number; alert: Alert; from?: string; to: string; level: number };
