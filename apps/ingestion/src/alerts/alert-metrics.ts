import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';

export type WebhookOutcome = 'delivered' | 'retried' | 'rejected' | 'failed' | 'dropped';
export type MqttPublishOutcome = 'published' | 'failed' | 'dropped';

/** Prometheus metrics of the alert runtime, on the process registry served at /metrics. */
@Injectable()
export class AlertMetrics {
  readonly raised: Counter<'rule'>;
  /** reason: condition_cleared (automatic), manual (API), orphaned (rule or KPI left the model). */
  readonly resolved: Counter<'rule' | 'reason'>;
  readonly escalated: Counter<'rule'>;
  readonly persistFailures: Counter;
  /** One count per attempt that was retried, and one per delivery for its final outcome. */
  readonly webhookDeliveries: Counter<'outcome'>;
  readonly mqttPublishes: Counter<'outcome'>;
  /** stored (new rows), duplicate (already stored: a replay), dropped (buffer full, refused or shutdown). */
  readonly anomaliesStored: Counter<'outcome'>;
  private liveCount: () => number = () => 0;

  constructor(registry: Registry) {
    this.raised = counter(registry, 'bsc_alerts_raised_total', 'Alerts raised, per rule', ['rule']);
    this.resolved = counter(registry, 'bsc_alerts_resolved_total', 'Alerts resolved, per rule and reason', [
      'rule',
      'reason',
    ]);
    this.escalated = counter(registry, 'bsc_alerts_escalated_total', 'Alert escalations to the next owner, per rule', [
      'rule',
    ]);
    this.persistFailures = counter(
      registry,
      'bsc_alert_persist_failures_total',
      'Alert transitions that could not be stored',
    );
    this.webhookDeliveries = counter(
      registry,
      'bsc_alert_webhook_deliveries_total',
      'Alert webhook deliveries by outcome (delivered, rejected = 4xx, failed = retries exhausted, dropped = queue full or shutdown; retried counts attempts)',
      ['outcome'],
    );
    this.mqttPublishes = counter(registry, 'bsc_alert_mqtt_publishes_total', 'Alert MQTT publishes by outcome', [
      'outcome',
    ]);
    this.anomaliesStored = counter(
      registry,
      'bsc_anomalies_stored_total',
      'Anomalies written to the database by outcome (stored, duplicate = already stored, dropped)',
      ['outcome'],
    );
    if (!registry.getSingleMetric('bsc_alerts_live')) {
      const live = () => this.liveCount();
      new Gauge({
        name: 'bsc_alerts_live',
        help: 'Open and acknowledged alerts the runtime is watching',
        registers: [registry],
        // Read at scrape time from the evaluator, so it never drifts from the alerts themselves.
        collect(this: Gauge) {
          this.set(live());
        },
      });
    }
  }

  /** Where the live-alert gauge reads its value at scrape time. */
  trackLive(count: () => number): void {
    this.liveCount = count;
  }
}

function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: L[] = []): Counter<L> {
  // The platform process may build the module twice on one registry: reuse what is registered.
  return (
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter<L>({ name, help, labelNames, registers: [registry] })
  );
}
