import { BscError, BscErrorCode, parseDuration } from '@bsc/common';
import type { KpiDef, OrgUnitDef } from '@bsc/twin';
import {
  heldSamples,
  holdRestored,
  judgeObservation,
  judgeTime,
  newConditionState,
  seedWindow,
  type Verdict,
} from './alert-conditions';
import {
  DEFAULT_ALERT_RULES,
  DEFAULT_ESCALATE_AFTER,
  type Alert,
  type AlertEvent,
  type AlertRuleDef,
  type AnomalyHoldSubject,
  type KpiObservation,
  type StoredAlert,
} from './alert.types';
import { assertValidAlertRules } from './alert-rule.validation';
import { ownerChain } from './owner-chain';
import { anomalySubjects, anomalyWaits } from './anomaly-subjects';
import { awaitClear, restoredAlert, type Watch } from './restored-alert';

export interface AlertEvaluatorConfig {
  kpis: readonly KpiDef[];
  units: readonly OrgUnitDef[];
  /** Defaults to DEFAULT_ALERT_RULES (status change and stale data for every KPI). */
  rules?: readonly AlertRuleDef[];
  escalateAfter?: string;
  /** Alert id for a dedup key raised at `at`; default `${dedupKey}@${at}`. */
  newId?: (dedupKey: string, at: number) => string;
  /**
   * When watching began (process start, or the model version's arrival): stale rules give each KPI its stale
   * interval from then before judging it, so inputs that had no time to report raise nothing. Default: no grace.
   */
  startedAt?: number;
}

/**
 * Turns a stream of KPI observations into alert transitions. Pure and synchronous: no timers, no I/O; time
 * advances only through `observe(obs)` and `tick(now)`. One alert per condition (rule + KPI + unit), raised when
 * the condition starts and resolved automatically when it clears; acknowledgement stops escalation.
 */
export class AlertEvaluator {
  private readonly watches = new Map<string, Watch>();
  private readonly byKpi = new Map<string, Watch[]>();
  private readonly alerts = new Map<string, Alert>();
  private readonly chains = new Map<string, string[]>();
  private readonly newId: (key: string, at: number) => string;

  constructor(private readonly config: AlertEvaluatorConfig) {
    this.newId = config.newId ?? ((key, at) => `${key}@${at}`);
    const rules = config.rules ?? DEFAULT_ALERT_RULES;
    assertValidAlertRules(rules);
    if (config.escalateAfter !== undefined && !(Number(parseDuration(config.escalateAfter)) > 0)) {
      throw new BscError(
        BscErrorCode.BadInput,
        `escalateAfter: '${config.escalateAfter}' is not a positive duration`,
        'escalateAfter',
      );
    }
    const units = new Map(config.units.map((u) => [u.id, u]));
    for (const kpi of config.kpis) {
      this.chains.set(kpi.id, ownerChain(kpi, units));
      for (const rule of rules) {
        if (rule.kpis && !rule.kpis.includes(kpi.id)) continue;
        const key = alertKey(rule.id, kpi.id, kpi.orgUnit);
        const watch: Watch = { rule, kpi, key, condition: newConditionState(config.startedAt), suppressed: false };
        this.watches.set(key, watch);
        this.byKpi.set(kpi.id, [...(this.byKpi.get(kpi.id) ?? []), watch]);
      }
    }
  }

  /** Feeds one scoring of one KPI; unknown KPIs are ignored (the model may have changed). */
  observe(obs: KpiObservation): AlertEvent[] {
    const events: AlertEvent[] = [];
    const foundAt = obs.anomaly?.detectedAt;
    for (const watch of this.byKpi.get(obs.kpiId) ?? []) {
      // read back from storage: a wait whose hold ran out before the anomaly was found had ended by then
      if (watch.suppressed && watch.rule.kind === 'anomaly' && foundAt !== undefined && foundAt < obs.at)
        this.apply(watch, judgeTime(watch.rule, watch.condition, watch.kpi, foundAt), foundAt, events);
      this.apply(watch, judgeObservation(watch.rule, watch.condition, watch.kpi, obs), obs.at, events);
    }
    return events;
  }

  /** Advances time: raises stale/missing-data alerts and escalates unacknowledged ones. Call periodically. */
  tick(now: number): AlertEvent[] {
    const events: AlertEvent[] = [];
    for (const watch of this.watches.values()) {
      this.apply(watch, judgeTime(watch.rule, watch.condition, watch.kpi, now), now, events);
      if (watch.live?.status === 'open') this.escalate(watch, now, events);
    }
    return events;
  }

  acknowledge(alertId: string, by: string, at: number): AlertEvent {
    const alert = this.require(alertId);
    if (alert.status !== 'open') {
      throw new BscError(
        BscErrorCode.Conflict,
        `alert '${alertId}' is ${alert.status}, only open alerts can be acknowledged`,
        'alertId',
      );
    }
    Object.assign(alert, { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by });
    return { type: 'acknowledge', at, alert: { ...alert }, by };
  }

  /** Manual resolution; the alert is not raised again until its condition has cleared once. */
  resolve(alertId: string, by: string, at: number): AlertEvent {
    const alert = this.require(alertId);
    if (alert.status === 'resolved') {
      throw new BscError(BscErrorCode.Conflict, `alert '${alertId}' is already resolved`, 'alertId');
    }
    const watch = this.watches.get(alert.dedupKey);
    if (watch?.live === alert) {
      watch.live = undefined;
      watch.suppressed = watch.condition.active;
    }
    Object.assign(alert, { status: 'resolved', resolvedAt: at, resolvedBy: by });
    this.alerts.delete(alertId);
    return { type: 'resolve', at, alert: { ...alert }, reason: 'manual' };
  }

  /** Open and acknowledged alerts. */
  liveAlerts(): Alert[] {
    return [...this.alerts.values()].map((a) => ({ ...a }));
  }

  /**
   * Re-attaches live alerts loaded from storage after a restart, so that they are not raised twice; their conditions
   * hold from `at` (see holdRestored), an anomaly alert's from when its rule last counted an anomaly if
   * `lastAnomalyAt` (by dedup key) knows it. A condition whose latest alert among `stored` was resolved by hand waits
   * again for the condition to clear (see awaitClear), an anomaly one prolonged by the anomalies its rule counted
   * after the resolution (`countedSinceResolution`, by dedup key, detection times oldest first). Alerts whose rule or
   * KPI no longer exists are returned: the caller should resolve them.
   */
  restore(
    stored: readonly StoredAlert[],
    at: number,
    lastAnomalyAt: ReadonlyMap<string, number> = new Map(),
    countedSinceResolution: ReadonlyMap<string, readonly number[]> = new Map(),
  ): StoredAlert[] {
    const orphans: StoredAlert[] = [];
    const live = new Set(stored.filter((s) => s.status !== 'resolved').map((s) => s.dedupKey));
    for (const record of stored) {
      const watch = this.watches.get(record.dedupKey);
      if (record.status === 'resolved') {
        if (watch && !live.has(record.dedupKey))
          awaitClear(watch, record, at, countedSinceResolution.get(record.dedupKey));
        continue;
      }
      if (!watch) {
        orphans.push(record);
        continue;
      }
      const alert = restoredAlert(record, watch, this.chains.get(watch.kpi.id) ?? []);
      watch.live = alert;
      watch.condition.active = true;
      // the anomaly that raised the alert came no later than its raise, even if the store lost it
      const seen = lastAnomalyAt.get(record.dedupKey);
      const anomalyAt = seen === undefined ? at : Math.max(seen, record.raisedAt);
      holdRestored(watch.rule, watch.condition, record.message, at, anomalyAt);
      this.alerts.set(alert.id, alert);
    }
    return orphans;
  }

  /** A KPI's values judged before a start, oldest first: its rate-of-change windows count them (see seedWindow). */
  seedWindows(kpiId: string, values: ReadonlyArray<{ at: number; value: number }>): void {
    for (const watch of this.byKpi.get(kpiId) ?? []) seedWindow(watch.rule, watch.condition, values);
  }

  /** The live anomaly alerts among `stored` that `restore` would re-attach, with what their rules count. */
  anomalyHoldsToRestore(stored: readonly StoredAlert[]): AnomalyHoldSubject[] {
    const subjects = anomalySubjects(this.watches.values());
    return stored.flatMap((s) => (s.status !== 'resolved' && subjects.get(s.dedupKey)) || []);
  }

  /**
   * The anomaly rules' conditions whose latest alert among `stored` was resolved by hand (none live), with what their
   * rules count and when: the anomalies counted after it prolonged the wait `restore` takes up again.
   */
  anomalyWaitsToRestore(stored: readonly StoredAlert[]): Array<AnomalyHoldSubject & { resolvedAt: number }> {
    return anomalyWaits(anomalySubjects(this.watches.values()), stored);
  }

  /** The anomaly rules' conditions with no live alert among `stored`, with what their rules count. */
  anomalyConditionsAtRest(stored: readonly StoredAlert[]): AnomalyHoldSubject[] {
    const live = new Set(stored.filter((s) => s.status !== 'resolved').map((s) => s.dedupKey));
    return [...anomalySubjects(this.watches.values()).values()].filter((s) => !live.has(s.dedupKey));
  }

  /**
   * Takes over from the evaluator of the previous model version: its live alerts, as `restore` does (orphans are
   * returned), and for every condition whose rule is unchanged what a restore cannot know: when its anomaly last
   * scored (the hold runs from then, not from the change), a manual resolution's wait for the condition to clear and
   * a rate-of-change window's values. A new or changed rule's window is seeded as at a start, from the values the
   * previous version's windows held for its KPI.
   */
  carryOver(previous: AlertEvaluator, at: number): StoredAlert[] {
    for (const [key, watch] of this.watches) {
      const before = previous.watches.get(key);
      if (!before || !sameRule(before.rule, watch.rule)) {
        seedWindow(watch.rule, watch.condition, heldSamples(previous.byKpi.get(watch.kpi.id) ?? []));
        continue;
      }
      watch.condition.samples = [...before.condition.samples];
      if (before.condition.anomaly) watch.condition.anomaly = { ...before.condition.anomaly };
      watch.suppressed = before.suppressed;
      if (before.suppressed) watch.condition.active = before.condition.active;
    }
    return this.restore(previous.liveAlerts(), at);
  }

  private apply(watch: Watch, verdict: Verdict, at: number, events: AlertEvent[]): void {
    if (!verdict) return;
    watch.condition.active = verdict.active;
    if (!verdict.active) {
      watch.suppressed = false;
      if (watch.live) {
        const alert = watch.live;
        Object.assign(alert, { status: 'resolved', resolvedAt: at, resolvedBy: 'auto' });
        watch.live = undefined;
        this.alerts.delete(alert.id);
        events.push({ type: 'resolve', at, alert: { ...alert }, reason: 'condition_cleared' });
      }
      return;
    }
    if (watch.suppressed) return;
    if (watch.live) {
      const alert = watch.live;
      if (alert.severity !== verdict.severity) {
        const previousSeverity = alert.severity;
        Object.assign(alert, { severity: verdict.severity, message: verdict.message });
        events.push({ type: 'update', at, alert: { ...alert }, previousSeverity });
      }
      return;
    }
    const alert: Alert = {
      id: this.newId(watch.key, at),
      dedupKey: watch.key,
      rule: watch.rule.id,
      kind: watch.rule.kind,
      kpiId: watch.kpi.id,
      unitId: watch.kpi.orgUnit,
      severity: verdict.severity,
      status: 'open',
      message: verdict.message,
      raisedAt: at,
      owner: this.chains.get(watch.kpi.id)?.[0],
      escalationLevel: 0,
    };
    watch.live = alert;
    this.alerts.set(alert.id, alert);
    events.push({ type: 'raise', at, alert: { ...alert } });
  }

  private escalate(watch: Watch, now: number, events: AlertEvent[]): void {
    const alert = watch.live as Alert;
    const delay = parseDuration(watch.rule.escalateAfter ?? this.config.escalateAfter ?? DEFAULT_ESCALATE_AFTER);
    if (delay === null || delay <= 0) return;
    const chain = this.chains.get(alert.kpiId) ?? [];
    // Sparse ticks catch up level by level, each on its own schedule.
    while (now - (alert.lastEscalatedAt ?? alert.raisedAt) > delay && alert.escalationLevel + 1 < chain.length) {
      const from = alert.owner;
      alert.escalationLevel += 1;
      alert.owner = chain[alert.escalationLevel];
      alert.lastEscalatedAt = (alert.lastEscalatedAt ?? alert.raisedAt) + delay;
      events.push({
        type: 'escalate',
        at: now,
        alert: { ...alert },
        from,
        to: alert.owner,
        level: alert.escalationLevel,
      });
    }
  }

  private require(alertId: string): Alert {
    const alert = this.alerts.get(alertId);
    if (!alert) throw new BscError(BscErrorCode.NotFound, `no open alert '${alertId}'`, 'alertId');
    return alert;
  }
}

export function alertKey(ruleId: string, kpiId: string, unitId: string): string {
  return `${ruleId}|${kpiId}|${unitId}`;
}

/** Rules are plain data (validated JSON): equal when their JSON is. */
function sameRule(a: AlertRuleDef, b: AlertRuleDef): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
