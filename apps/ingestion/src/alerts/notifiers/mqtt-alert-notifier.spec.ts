import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { MqttClient } from 'mqtt';
import { Registry } from 'prom-client';
import { AlertMetrics } from '../alert-metrics';
import type { AlertNotification } from '../alert-notification';
import { alertTopic, MqttAlertNotifier } from './mqtt-alert-notifier';

/** Records publishes; the test completes them (PUBACK) by hand. */
class FakeClient extends EventEmitter {
  readonly published: Array<{ topic: string; payload: string; qos: number; done: (error?: Error) => void }> = [];
  publish(topic: string, payload: string, options: { qos: number }, done: (error?: Error) => void): this {
    this.published.push({ topic, payload, qos: options.qos, done });
    return this;
  }
  async endAsync(): Promise<void> {}
}

const notification = (unitId: string, kpiId: string): AlertNotification =>
  ({
    type: 'raised',
    alert: { id: 'a1' },
    unit: { id: unitId, name: null, owner: null },
    kpi: { id: kpiId },
    at: 1,
  }) as AlertNotification;

describe(MqttAlertNotifier.name, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it.each([
    ['bsc/alerts', 'plant', 'oee', 'bsc/alerts/plant/oee'],
    ['bsc/alerts/', 'plant', 'oee', 'bsc/alerts/plant/oee'],
    ['x', 'a/b', 'k+#', 'x/a_b/k__'],
  ])('topic for prefix %p, unit %p, KPI %p is %p', (prefix, unit, kpi, topic) => {
    expect(alertTopic(prefix, unit, kpi)).toBe(topic);
  });

  it('publishes QoS 1 JSON per alert and drops beyond the pending bound', async () => {
    const client = new FakeClient();
    const registry = new Registry();
    const sut = new MqttAlertNotifier(
      {
        url: 'mqtt://broker.test',
        topicPrefix: 'p',
        clientOptions: { clientId: 'c' },
        maxPending: 2,
        connect: () => client as unknown as MqttClient,
      },
      new AlertMetrics(registry),
    );
    sut.start();

    sut.notify(notification('plant', 'oee'));
    sut.notify(notification('plant', 'scrap'));
    sut.notify(notification('plant', 'late'));
    client.published[0].done();
    client.published[1].done(new Error('broker said no'));
    sut.notify(notification('plant', 'after'));

    const metric = await registry.getSingleMetric('bsc_alert_mqtt_publishes_total')?.get();
    expect(client.published.map((p) => [p.topic, p.qos])).toEqual([
      ['p/plant/oee', 1],
      ['p/plant/scrap', 1],
      ['p/plant/after', 1],
    ]);
    expect(JSON.parse(client.published[0].payload)).toEqual(notification('plant', 'oee'));
    expect(Object.fromEntries((metric?.values ?? []).map((v) => [v.labels.outcome, v.value]))).toEqual({
      published: 1,
      failed: 1,
      dropped: 1,
    });
    await sut.close();
  });
});
