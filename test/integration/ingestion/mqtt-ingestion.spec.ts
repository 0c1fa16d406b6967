import { EVENT_BUS, type BscEventMap, type EventBus } from '@bsc/events';
import { KpiValueRepository } from '@bsc/persistence';
import { ingestionTestModel } from '@bsc/twin';
import {
  deadLetters,
  startIngestion,
  testConfig,
  useMqttTestContext,
  type IngestionHarness,
  type MqttTestContext,
} from './support/ingestion-harness';
import { eventually, metricValue, tempSqlitePath } from '../../support';

jest.setTimeout(60_000);

describe('MQTT ingestion (Mosquitto)', () => {
  let db: ReturnType<typeof tempSqlitePath>;
  let sut: IngestionHarness | undefined;
  const mqtt = useMqttTestContext('it', async () => {
    await sut?.close();
    sut = undefined;
    db.cleanup();
  });
  const publish: MqttTestContext['publish'] = (topic, payload, qos) => mqtt.publish(topic, payload, qos);

  beforeEach(() => {
    db = tempSqlitePath();
  });

  const start = async (): Promise<IngestionHarness> =>
    (sut = await startIngestion(
      ingestionTestModel(mqtt.prefix),
      testConfig({ MQTT_CLIENT_ID: mqtt.clientId, MQTT_MAX_PAYLOAD_BYTES: 4096 }),
      db.path,
    ));
  const subscribed = (h: IngestionHarness) =>
    eventually(
      async () =>
        (await metricValue(h.registry, 'bsc_connector_state', { connector: 'mqtt', state: 'connected' })) === 1,
    );

  /** Subscribed, and a first scrap reading stored (subscriptions complete after connect: published until one lands). */
  const firstStored = async (h: IngestionHarness, now: number) => {
    await subscribed(h);
    await eventually(
      async () => {
        await publish('line1', { scrap: 1, ts: now - 5_000 });
        return (await h.samples.count('line1.scrap')) === 1;
      },
      10_000,
      200,
    );
  };

  it('stores the values of every bound signal with their timestamp, unit conversion and quality, and updates KPIs', async () => {
    const h = await start();
    const updates: Array<BscEventMap['kpi.updated']> = [];
    h.app
      .get<EventBus>(EVENT_BUS)
      .subscribe('kpis.updated', (e) =>
        e.values.forEach((value) => updates.push({ value, modelVersion: e.modelVersion })),
      );
    await subscribed(h);
    const ts = Date.now() - 60_000;
    await eventually(
      async () => {
        // Subscriptions complete asynchronously after connect: publish until the first message lands.
        await publish('line1', { scrap: 4, energy_wh: 2500, ts, q: 'uncertain' });
        return (await h.samples.count()) >= 2;
      },
      10_000,
      200,
    );
    await publish('north/temp', { v: 21.5 });
    await eventually(async () => (await h.samples.count('line1.temp')) === 1);

    expect(await h.samples.range('line1.scrap', ts, ts + 1)).toEqual([
      { signalId: 'line1.scrap', ts, value: 4, quality: 'uncertain', source: 'mqtt' },
    ]);
    expect(await h.samples.range('line1.energy_kwh', ts, ts + 1)).toEqual([
      expect.objectContaining({ value: 2.5, quality: 'good' }),
    ]);
    expect(await metricValue(h.registry, 'bsc_samples_received_total', { source: 'mqtt' })).toBeGreaterThanOrEqual(3);

    // scrap_rate reads line1.scrap: the stored sample reached the KPI engine, the bus and the revision log.
    await eventually(() => updates.some((u) => u.value.kpiId === 'scrap_rate'));
    expect(updates.find((u) => u.value.kpiId === 'scrap_rate')).toMatchObject({
      modelVersion: 1,
      value: { kpiId: 'scrap_rate', origin: 'computed' },
    });
    const revisions = await eventually(async () => {
      const stored = await h.app.get(KpiValueRepository).asOf(['scrap_rate'], 'all');
      return stored.length > 0 ? stored : undefined;
    });
    expect(revisions[0]).toMatchObject({ kpiId: 'scrap_rate', modelVersion: 1 });
    expect(await metricValue(h.registry, 'bsc_kpi_updates_total')).toBeGreaterThan(0);
  });

  it('receives after a restart every message published while the connector was stopped (QoS 1, persistent session)', async () => {
    let h = await start();
    await subscribed(h);
    // Prove the subscription is in place before stopping.
    const probeTs = Date.now() - 120_000;
    await eventually(
      async () => {
        await publish('line1', { scrap: 0, ts: probeTs });
        return (await h.samples.count('line1.scrap')) === 1;
      },
      10_000,
      200,
    );
    await h.close();
    sut = undefined;

    const base = Date.now() - 100_000;
    const count = 200;
    for (let i = 0; i < count; i++) await publish('line1', { scrap: i % 10, ts: base + i });

    h = await start();
    await eventually(async () => (await h.samples.count('line1.scrap')) === count + 1, 20_000);
    const stored = await h.samples.range('line1.scrap', base, base + count);
    expect(stored.map((s) => s.ts)).toEqual(Array.from({ length: count }, (_, i) => base + i));
  });

  it('dead-letters and counts malformed input while the connector keeps running', async () => {
    const h = await start();
    const now = Date.now();
    await firstStored(h, now);

    await publish('line1', '{"scrap": 1,');
    await publish('line1', '{"scrap": NaN}');
    await publish('line1', { scrap: 'seven', ts: now - 4_000 });
    await publish('line1', { scrap: 1.5, ts: now - 3_500 });
    await publish('line1', { scrap: 5000, ts: now - 3_000 });
    await publish('line1', { scrap: 2, ts: now + 3_600_000 });
    await publish('line1', { nothing: true });
    await publish('line1', JSON.stringify({ scrap: 1, pad: 'x'.repeat(5000) }));
    await publish('line1', { scrap: 3, ts: now - 2_000 });

    await eventually(async () => (await h.samples.count('line1.scrap')) === 2);
    const letters = await eventually(async () => {
      const rows = await deadLetters(h.dataSource);
      return rows.length === 8 ? rows : undefined;
    });
    expect(letters.map((l) => l.reason).sort()).toEqual(
      [
        'invalid_json',
        'invalid_json',
        'no_values',
        'out_of_range',
        'payload_too_large',
        'ts_in_future',
        'wrong_type',
        'wrong_type',
      ].sort(),
    );
    expect(await metricValue(h.registry, 'bsc_samples_rejected_total', { reason: 'invalid_json' })).toBe(2);
    expect(await metricValue(h.registry, 'bsc_samples_rejected_total', { reason: 'payload_too_large' })).toBe(1);
    expect(await metricValue(h.registry, 'bsc_connector_state', { connector: 'mqtt', state: 'connected' })).toBe(1);
  });

  it('dead-letters a quality nested 100,000 deep, too deep to write as text, and goes on', async () => {
    const h = (sut = await startIngestion(
      ingestionTestModel(mqtt.prefix),
      testConfig({ MQTT_CLIENT_ID: mqtt.clientId }),
      db.path,
    ));
    const now = Date.now();
    await firstStored(h, now);

    // About 200 KB, within MQTT_MAX_PAYLOAD_BYTES: JSON.parse reads it, JSON.stringify of $.q overflows the stack.
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    await publish('line1', `{"scrap":3,"ts":${now - 4_000},"q":${deep}}`);
    await publish('line1', { scrap: 2, ts: now - 3_000 });

    await eventually(async () => (await h.samples.count('line1.scrap')) === 2);
    const letters = await eventually(async () => {
      const rows = await deadLetters(h.dataSource);
      return rows.length === 1 ? rows : undefined;
    });
    expect(letters).toEqual([expect.objectContaining({ reason: 'invalid_quality', channel: 'line1.scrap' })]);
    expect(await metricValue(h.registry, 'bsc_samples_rejected_total', { reason: 'invalid_quality' })).toBe(1);
  });

  it('dead-letters (and acknowledges) messages on a topic no signal is bound to any more', async () => {
    // Run 1 binds an extra topic; the broker keeps that subscription in our persistent session.
    const withLegacy = structuredClone(ingestionTestModel(mqtt.prefix));
    withLegacy.signals.push({
      id: 'legacy.value',
      name: 'Legacy',
      unit: 'units',
      dataType: 'double',
      source: { kind: 'mqtt', topic: `${mqtt.prefix}/legacy`, jsonPath: '$.v' },
    });
    let h = await startIngestion(withLegacy, testConfig({ MQTT_CLIENT_ID: mqtt.clientId }), db.path);
    sut = h;
    await subscribed(h);
    await eventually(
      async () => {
        await publish('legacy', { v: 1 });
        return (await h.samples.count('legacy.value')) >= 1;
      },
      10_000,
      200,
    );
    await h.close();
    sut = undefined;

    // Published while down; run 2's model no longer binds the topic.
    await publish('legacy', { v: 2 });
    h = await start();
    const letters = await eventually(async () => {
      const rows = await deadLetters(h.dataSource);
      return rows.length > 0 ? rows : undefined;
    });
    expect(letters).toEqual([expect.objectContaining({ reason: 'unknown_topic', channel: `${mqtt.prefix}/legacy` })]);
    expect(await metricValue(h.registry, 'bsc_samples_rejected_total', { reason: 'unknown_topic' })).toBe(1);
  });
});
