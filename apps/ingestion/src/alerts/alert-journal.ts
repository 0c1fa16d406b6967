import { Logger } from '@nestjs/common';
import type { EventBus } from '@bsc/events';
import type { AlertRecord, AlertRepository } from '@bsc/persistence';
import { MAX_ALERT_LIMIT } from '@bsc/persistence';
import type { Alert, AlertEvaluator, AlertEvent, AlertSeverity, StoredAlert } from '@bsc/scorecard';
import type { AlertMetrics } from './alert-metrics';
import { toNotification, type AlertContext, type AlertNotification } from './alert-notification';

interface DescribedEvent {
  event: AlertEvent;
  message: string;
  context: AlertContext;
}

/** What the journal needs from persistence (AlertRepository fits). */
export type AlertStore = Pick<
  AlertRepository,
  | 'raise'
  | 'resolve'
  | 'markNotified'
  | 'updateSeverity'
  | 'addEvent'
  | 'list'
  | 'findUnresolvedByDedupKey'
  | 'latestResolvedByHand'
>;

/** Looks up what a stored message and a notification say about an alert (model in force, latest KPI state). */
export interface AlertDescriber {
  context(alert: Alert): AlertContext;
  /** The message to store and send; the evaluator's one unless the runtime words it better. */
  message(alert: Alert): string;
}

/**
 * Applies the evaluator's transitions to the alert table, in order, one at a time (a resolve never overtakes its
 * raise), then announces them on the bus and to the notifiers. Stored alerts have their own ids; the journal
 * knows the stored id of every live dedup key.
 */
export class AlertJournal {
  private readonly logger = new Logger(AlertJournal.name);
  private readonly storedIds = new Map<string, string>();
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: AlertStore,
    private readonly bus: EventBus,
    private readonly notify: (notification: AlertNotification) => void,
    private readonly metrics: AlertMetrics,
    private readonly describer: AlertDescriber,
  ) {}

  /** Queues transitions for storage; returns at once (the KPI stream does not wait for the database). */
  record(events: readonly AlertEvent[]): void {
    if (events.length === 0) return;
    // Described now: by the time the write runs, newer values may have arrived.
    const described = events.map((event) => ({
      event,
      message: this.describer.message(event.alert),
      context: this.describer.context(event.alert),
    }));
    // One unit of work per transition: a failed write loses that transition only (enqueue logs and counts it).
    for (const d of described) void this.enqueue(() => this.apply(d));
  }

  /** Runs work after everything queued so far, in the same order. */
  enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.tail.then(work).catch((error: unknown) => {
      this.metrics.persistFailures.inc();
      this.logger.error({ err: error }, 'alert transition not stored');
    });
    this.tail = run;
    return run;
  }

  /** Resolves once everything queued so far is stored. */
  whenIdle(): Promise<void> {
    return this.tail;
  }

  /** Live (open or acknowledged) stored alerts; the journal now owns their ids. For evaluator.restore(). */
  async loadLive(): Promise<StoredAlert[]> {
    const live = await this.unresolved();
    for (const record of live) this.storedIds.set(record.dedupKey, record.id);
    return live.map((r) => ({ ...r, lastEscalatedAt: r.escalationLevel > 0 ? r.lastNotifiedAt : null }));
  }

  /**
   * The latest alert of each condition, when it was resolved by hand: for evaluator.restore(), which waits again for
   * those conditions to clear. A failed read is logged and forgets the waits (the conditions may raise again).
   */
  async loadResolvedByHand(): Promise<StoredAlert[]> {
    try {
      return await this.store.latestResolvedByHand();
    } catch (error) {
      this.logger.warn({ err: error }, 'manual resolutions not read: conditions still holding may raise again');
      return [];
    }
  }

  /** Alerts whose rule or KPI left the model: nothing will ever clear them, so they are resolved here. */
  resolveOrphans(orphans: readonly StoredAlert[], at: number): void {
    if (orphans.length === 0) return;
    // enqueue never rejects: a failed write is logged and counted there
    void this.enqueue(async () => {
      for (const orphan of orphans) {
        const id = this.storedIds.get(orphan.dedupKey);
        if (!id) continue; // never stored
        this.storedIds.delete(orphan.dedupKey);
        const record = await this.store.resolve(id, at, null, 'rule or KPI no longer in the model');
        this.metrics.resolved.inc({ rule: record.rule, reason: 'orphaned' });
        this.bus.publish('alert.resolved', { alertId: id, unitId: record.unitId, at });
      }
    });
  }

  /** True when `alertId` is a live alert this journal stored. */
  owns(alertId: string): boolean {
    for (const id of this.storedIds.values()) if (id === alertId) return true;
    return false;
  }

  /**
   * Brings acknowledgements and manual resolutions made through the API into the evaluator, so that
   * acknowledged alerts stop escalating and resolved ones can be raised again once their condition clears.
   */
  syncFromStore(evaluator: () => AlertEvaluator, at: number): Promise<void> {
    return this.enqueue(async () => {
      const unresolved = new Map((await this.unresolved()).map((r) => [r.dedupKey, r]));
      const current = evaluator();
      for (const live of current.liveAlerts()) {
        const storedId = this.storedIds.get(live.dedupKey);
        if (!storedId) continue; // raised while the database was unreachable: nothing to compare with
        const record = unresolved.get(live.dedupKey);
        if (!record || record.id !== storedId) {
          current.resolve(live.id, 'api', at);
          this.storedIds.delete(live.dedupKey);
          this.metrics.resolved.inc({ rule: live.rule, reason: 'manual' });
        } else if (record.status === 'acknowledged' && live.status === 'open') {
          current.acknowledge(live.id, record.acknowledgedBy ?? 'api', record.acknowledgedAt ?? at);
        }
      }
    });
  }

  private async apply({ event, message, context }: DescribedEvent): Promise<void> {
    const alert = event.alert;
    switch (event.type) {
      case 'raise': {
        const { alert: record, created } = await this.store.raise({
          rule: alert.rule,
          kpiId: alert.kpiId,
          unitId: alert.unitId,
          severity: alert.severity,
          message,
          dedupKey: alert.dedupKey,
          raisedAt: event.at,
        });
        this.storedIds.set(alert.dedupKey, record.id);
        // Not created: the table already had this problem open (e.g. a restore that failed); it stays the one alert.
        if (!created) return;
        this.metrics.raised.inc({ rule: alert.rule });
        this.bus.publish('alert.raised', {
          alertId: record.id,
          unitId: alert.unitId,
          kpiId: alert.kpiId,
          rule: alert.rule,
          severity: alert.severity,
          message,
          at: event.at,
        });
        this.notify(toNotification('raised', event, record.id, message, context));
        // History last: once stored, the alert is announced even if this entry cannot be written.
        await this.store.markNotified(record.id, event.at, 0, alert.owner ? `owner ${alert.owner}` : null);
        return;
      }
      case 'update': {
        const id = await this.idOf(alert);
        if (!id) return;
        await this.store.updateSeverity(
          id,
          alert.severity,
          message,
          event.at,
          `${event.previousSeverity} -> ${alert.severity}: ${message}`,
        );
        // An acknowledgement covered the milder problem: a worse one is news to its owner again.
        if (severityRank(alert.severity) > severityRank(event.previousSeverity))
          this.notify(toNotification('worsened', event, id, message, context));
        return;
      }
      case 'escalate': {
        const id = await this.idOf(alert);
        if (!id) return;
        // The next owner hears of it even when the database is down (a restart may then notify them twice).
        this.metrics.escalated.inc({ rule: alert.rule });
        this.notify(toNotification('escalated', event, id, message, context));
        this.bus.publish('alert.escalated', {
          alertId: id,
          unitId: alert.unitId,
          kpiId: alert.kpiId ?? undefined,
          level: event.level,
          to: event.to,
          at: event.at,
        });
        await this.store.markNotified(
          id,
          event.at,
          event.level,
          `escalated from ${event.from ?? 'nobody'} to ${event.to}`,
        );
        return;
      }
      case 'resolve': {
        // Manual resolutions come from the API, which stored and announced them already.
        if (event.reason !== 'condition_cleared') return;
        const id = await this.idOf(alert);
        if (!id) return;
        this.storedIds.delete(alert.dedupKey);
        const record = await this.store.resolve(id, event.at, null, `condition cleared: ${message}`);
        if (record.resolvedAt !== event.at) return; // resolved by someone else meanwhile: already announced
        this.metrics.resolved.inc({ rule: alert.rule, reason: 'condition_cleared' });
        this.bus.publish('alert.resolved', { alertId: id, unitId: alert.unitId, at: event.at });
        this.notify(toNotification('resolved', event, id, message, context));
        return;
      }
      case 'acknowledge':
        return;
    }
  }

  private async idOf(alert: Alert): Promise<string | undefined> {
    const known = this.storedIds.get(alert.dedupKey);
    if (known) return known;
    // The raise may have failed to store; the table is the truth.
    const record = await this.store.findUnresolvedByDedupKey(alert.dedupKey);
    if (record) this.storedIds.set(alert.dedupKey, record.id);
    return record?.id;
  }

  private async unresolved(): Promise<AlertRecord[]> {
    const all: AlertRecord[] = [];
    for (let offset = 0; ; offset += MAX_ALERT_LIMIT) {
      const page = await this.store.list({ statuses: ['open', 'acknowledged'], limit: MAX_ALERT_LIMIT, offset });
      all.push(...page);
      if (page.length < MAX_ALERT_LIMIT) return all;
    }
  }
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

function severityRank(severity: AlertSeverity): number {
  return SEVERITY_RANK[severity];
}
