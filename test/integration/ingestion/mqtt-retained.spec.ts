import { connectAsync, type MqttClient } from 'mqtt';
import { ingestionTestModel } from '@bsc/twin';
import {
  deadLetters,
  eventually,
  MOSQUITTO_URL,
  startIngestion,
  tempSqlitePath,
  testConfig,
  uniqueId,
  useMqttTestContext,
  type IngestionHarness,
} from './support/ingestion-harness';

jest.setTimeout(60_000);

/**
 * Retained messages come back from the broker on every subscribe, and the connector subscribes again on every
 * connect: a retained value must not become a new sample each time.
 */
describe('MQTT retained messages (Mosquitto)', () => {
  let db: ReturnType<typeof tempSqlitePath>;
  let sut: IngestionHarness | undefined;
  let retainer: MqttClient;
  const mqtt = useMqttTestContext('retained', async () => {
    await sut?.close();
    sut = undefined;
    // an empty retained message clears the broker's copy
    for (const topic of ['line1', 'north/temp'])
      await retainer.publishAsync(`${mqtt.prefix}/${topic}`, '', { qos: 1, retain: true });
    await retainer.endAsync();
    db.cleanup();
  });

  beforeEach(async () => {
    db = tempSqlitePath();
    retainer = await connectAsync(MOSQUITTO_URL, { clientId: uniqueId('retainer'), protocolVersion: 5 });
  });

  const start = async (): Promise<IngestionHarness> =>
    (sut = await startIngestion(
      ingestionTestModel(mqtt.prefix),
      testConfig({ MQTT_CLIENT_ID: mqtt.clientId }),
      db.path,
    ));

  it('stores a dated retained value once however often it is replayed, and dead-letters an undated one', async () => {
    const ts = Date.now() - 3_600_000;
    // line1.scrap reads $.ts; line1.temp (+/temp) has no timestamp path: its retained value is of unknown age
    await retainer.publishAsync(`${mqtt.prefix}/line1`, JSON.stringify({ scrap: 4, ts }), { qos: 1, retain: true });
    await retainer.publishAsync(`${mqtt.prefix}/north/temp`, JSON.stringify({ v: 21.5 }), { qos: 1, retain: true });

    let h = await start();
    const undated = async () => (await deadLetters(h.dataSource)).filter((d) => d.reason === 'retained_undated').length;
    // both messages handled: the temperature either stored or dead-lettered
    const handled = async () =>
      (await h.samples.count('line1.scrap')) === 1 && (await undated()) + (await h.samples.count('line1.temp')) > 0;
    await eventually(handled);
    expect(await h.samples.count('line1.temp')).toBe(0);
    await h.close();

    // A restart on the persistent session subscribes again: Mosquitto replays both retained messages.
    h = await start();
    await eventually(async () => (await undated()) === 2);
    expect(await h.samples.range('line1.scrap', ts, ts + 1)).toEqual([
      expect.objectContaining({ ts, value: 4, source: 'mqtt' }),
    ]);
    expect(await h.samples.count('line1.scrap')).toBe(1);
    expect(await h.samples.count('line1.temp')).toBe(0);
  });
});
