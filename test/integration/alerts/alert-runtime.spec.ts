import { connectAsync, type MqttClient } from 'mqtt';
import type { SignalSample } from '@bsc/common';
import type { AlertNotification } from '../../../apps/ingestion/src/alerts/alert-notification';
import {
  alertTestModel,
  FixedActiveModel,
  ManualClock,
} from '../../../apps/ingestion/src/alerts/testing/alert-test-model';
import { hmacHeader, startAlerts, WebhookReceiver, type AlertsHarness } from './support/alerts-harness';
import { eventually, metricValue, MOSQUITTO_URL, tempSqlitePath, uniqueId } from '../../support';

jest.setTimeout(60_000);

const SECRET = 'integration-secret';
const MIN = 60_000;
const RULES = JSON.stringify([{ id: 'status-change', kind: 'status_change', kpis: ['quality'] }]);

describe('alert runtime (SQLite, in-process bus, webhooks, Mosquitto)', () => {
  const model = alertTestModel();
  let db: ReturnType<typeof tempSqlitePath>;
  let clock: ManualClock;
  let receiver: WebhookReceiver;
  let topicPrefix: string;
  let sut: AlertsHarness | undefined;

  beforeEach(() => {
    db = tempSqlitePath();
    // Mid-month, so that a run of samples stays within one period.
    const now = new Date();
    clock = new ManualClock(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 10, 8));
    topicPrefix = uniqueId('it-alerts');
  });

  afterEach(async () => {
    await sut?.close();
    sut = undefined;
    await receiver?.stop();
    db.cleanup();
  });

  async function start(statuses: number[] = [204], config: Record<string, unknown> = {}): Promise<AlertsHarness> {
    receiver ??= new WebhookReceiver(statuses);
    const url = await receiver.start();
    sut = await startAlerts({
      model,
      activeModel: new FixedActiveModel(model),
      sqlitePath: db.path,
      clock,
      config: { ALERT_RULES: RULES, ALERT_MQTT_TOPIC_PREFIX: topicPrefix, MQTT_CLIENT_ID: uniqueId('bsc'), ...config },
      webhookUrls: [url],
      webhookSecret: SECRET,
      webhookPolicy: { baseDelayMs: 20, maxDelayMs: 100 },
    });
    return sut;
  }

  /** One `line1.good` sample per value, a minute apart, each through the KPI engine. */
  async function stream(h: AlertsHarness, values: number[]): Promise<void> {
    for (const value of values) {
      const sample: SignalSample = { signalId: 'line1.good', ts: clock.now(), value, quality: 'good', source: 'test' };
      await h.ingest([sample]);
      clock.advance(MIN);
    }
  }

  const hooks = () => receiver.received.map((r) => JSON.parse(r.body) as AlertNotification);

  it('raises exactly one alert while quality is off target, resolves it on recovery, with signed webhooks', async () => {
    receiver = new WebhookReceiver([204]);
    const h = await start();

    // avg(line1.good) over the month: 96 → falls through at risk (< 93) into off target (<= 90) → back above 93.
    await stream(h, [96, 96, 96, ...Array<number>(12).fill(80)]);
    const whileOff = await h.alerts.list();
    const liveWhileOff = await metricValue(h.registry, 'bsc_alerts_live');
    await stream(h, Array<number>(30).fill(100));
    await eventually(() => receiver.received.length === 3);

    expect(whileOff).toEqual([
      expect.objectContaining({ status: 'open', rule: 'status-change', kpiId: 'quality', unitId: 'plant' }),
    ]);
    expect(await h.alerts.list()).toEqual([expect.objectContaining({ id: whileOff[0].id, status: 'resolved' })]);
    // the notifier has several deliveries in flight and the receiver records them as they complete: the order that
    // holds is the events' own (each at its own sample's time on the manual clock)
    const inEventOrder = hooks().sort((x, y) => x.at - y.at);
    expect(new Set(inEventOrder.map((n) => n.at)).size).toBe(3);
    expect(inEventOrder.map((n) => [n.type, n.alert.id, n.unit.id, n.kpi.id])).toEqual([
      ['raised', whileOff[0].id, 'plant', 'quality'],
      // at risk (warning) worsening to off target (critical) is news to the owner again
      ['worsened', whileOff[0].id, 'plant', 'quality'],
      ['resolved', whileOff[0].id, 'plant', 'quality'],
    ]);
    for (const hook of receiver.received) {
      expect(hook.headers['x-bsc-signature']).toBe(hmacHeader(hook.body, SECRET));
      expect(hook.headers['x-bsc-delivery']).toEqual(expect.any(String));
    }
    expect(liveWhileOff).toBe(1);
    expect(await metricValue(h.registry, 'bsc_alerts_live')).toBe(0);
    expect(await metricValue(h.registry, 'bsc_alerts_raised_total', { rule: 'status-change' })).toBe(1);
    expect(
      await metricValue(h.registry, 'bsc_alerts_resolved_total', {
        rule: 'status-change',
        reason: 'condition_cleared',
      }),
    ).toBe(1);
  });

  it('retries a receiver answering 500 with backoff until it accepts', async () => {
    receiver = new WebhookReceiver([500, 500, 200]);
    const h = await start();

    await stream(h, [80]);
    await eventually(
      async () => (await metricValue(h.registry, 'bsc_alert_webhook_deliveries_total', { outcome: 'delivered' })) === 1,
    );

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['x-bsc-delivery'])).size).toBe(1);
    expect(receiver.received.every((r) => r.headers['x-bsc-signature'] === hmacHeader(r.body, SECRET))).toBe(true);
    expect(await metricValue(h.registry, 'bsc_alert_webhook_deliveries_total', { outcome: 'retried' })).toBe(2);
  });

  it('does not retry a receiver refusing with 4xx', async () => {
    receiver = new WebhookReceiver([410]);
    const h = await start();

    await stream(h, [80]);
    await eventually(
      async () => (await metricValue(h.registry, 'bsc_alert_webhook_deliveries_total', { outcome: 'rejected' })) === 1,
    );

    expect(receiver.received).toHaveLength(1);
  });

  it('escalates an unacknowledged alert to the next owner up after the delay', async () => {
    receiver = new WebhookReceiver([204]);
    const h = await start([204], { ALERT_ESCALATE_AFTER: '15m' });
    await stream(h, [80]);
    await eventually(() => receiver.received.length === 1);

    await h.runtime.tick(clock.advance(10 * MIN));
    const [early] = await h.alerts.list();
    await h.runtime.tick(clock.advance(10 * MIN));
    await eventually(() => receiver.received.length === 2);
    const [alert] = await h.alerts.list();

    expect(early.escalationLevel).toBe(0);
    expect(hooks()[1]).toMatchObject({
      type: 'escalated',
      alert: { id: alert.id, owner: 'plant-manager', previousOwner: 'line-lead', escalationLevel: 1 },
    });
    expect(alert.escalationLevel).toBe(1);
  });

  it('keeps one alert across a restart and resolves that one when the KPI recovers', async () => {
    receiver = new WebhookReceiver([204]);
    let h = await start();
    await stream(h, [80, 80]);
    await eventually(() => receiver.received.length === 1);
    await h.close();
    await receiver.stop();
    sut = undefined;

    h = await start();
    // The restarted engine starts empty: the KPI is off target again from its first sample.
    await stream(h, [80, 80, 80]);
    const afterRestart = await h.alerts.list();
    await stream(h, Array<number>(10).fill(100));
    await eventually(() => receiver.received.length === 2);

    expect(afterRestart).toEqual([expect.objectContaining({ status: 'open' })]);
    expect(await h.alerts.list()).toEqual([expect.objectContaining({ id: afterRestart[0].id, status: 'resolved' })]);
    expect(hooks().map((n) => n.type)).toEqual(['raised', 'resolved']);
  });

  it('stays silent when ALERTS_ENABLED is false', async () => {
    receiver = new WebhookReceiver([204]);
    const h = await start([204], { ALERTS_ENABLED: false });

    await stream(h, [80, 80]);
    await h.runtime.tick(clock.advance(2 * 60 * MIN));

    expect(await h.alerts.list()).toEqual([]);
  });

  it('publishes alerts to <prefix>/<unit>/<kpi> on the real Mosquitto, QoS 1', async () => {
    const subscriber: MqttClient = await connectAsync(MOSQUITTO_URL, { clientId: uniqueId('sub'), protocolVersion: 5 });
    try {
      const messages: Array<{ topic: string; qos: number; body: AlertNotification }> = [];
      subscriber.on('message', (topic, payload, packet) =>
        messages.push({ topic, qos: packet.qos, body: JSON.parse(payload.toString()) as AlertNotification }),
      );
      await subscriber.subscribeAsync(`${topicPrefix}/#`, { qos: 1 });
      receiver = new WebhookReceiver([204]);
      const h = await start();

      await stream(h, [80]);
      await eventually(() => messages.length === 1);

      expect(messages[0]).toMatchObject({
        topic: `${topicPrefix}/plant/quality`,
        qos: 1,
        body: { type: 'raised', unit: { id: 'plant' }, kpi: { id: 'quality' } },
      });
    } finally {
      await subscriber.endAsync();
    }
  });
});
