import { connectAsync, type MqttClient } from 'mqtt';
import { ingestionTestModel } from '@bsc/twin';
import {
  deadLetters,
  startIngestion,
  testConfig,
  useMqttTestContext,
  type IngestionHarness,
} from './support/ingestion-harness';
import { eventually, MOSQUITTO_URL, tempSqlitePath, uniqueId } from '../../support';

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

  const start = async (protocol: 4 | 5): Promise<IngestionHarness> =>
    (sut = await startIngestion(
      ingestionTestModel(mqtt.prefix),
      testConfig({ MQTT_CLIENT_ID: mqtt.clientId, MQTT_PROTOCOL_VERSION: protocol }),
      db.path,
    ));

  // MQTT 5 subscribes with retain handling 1: a subscription the persistent session still holds gets no replay.
  // MQTT 3.1.1 has no such option: the broker replays every retained message on each subscribe.
  it.each([
    [5, 'no replay', 1],
    [4, 'a replay', 2],
  ] as const)(
    'MQTT %i: stores a dated retained value once, dead-letters an undated one, and after a restart gets %s',
    async (protocol, _replay, undatedLetters) => {
      const ts = Date.now() - 3_600_000;
      // line1.scrap reads $.ts; line1.temp (+/temp) has no timestamp path: its retained value is of unknown age
      const retain = (topic: string, payload: object) =>
        retainer.publishAsync(`${mqtt.prefix}/${topic}`, JSON.stringify(payload), { qos: 1, retain: true });
      await retain('line1', { scrap: 4, ts });
      await retain('north/temp', { v: 21.5 });

      let h = await start(protocol);
      const undated = async () =>
        (await deadLetters(h.dataSource)).filter((d) => d.reason === 'retained_undated').length;
      // both messages handled: the temperature either stored or dead-lettered
      const handled = async () =>
        (await h.samples.count('line1.scrap')) === 1 && (await undated()) + (await h.samples.count('line1.temp')) > 0;
      await eventually(handled);
      expect(await h.samples.count('line1.temp')).toBe(0);
      await h.close();

      // A restart on the persistent session subscribes again; a live message after it is a barrier: a replay of
      // the retained ones comes right after the SUBACK, before anything published later.
      h = await start(protocol);
      await eventually(
        async () => {
          await mqtt.publish('line1', { scrap: 5, ts: ts + 1 });
          return (await h.samples.count('line1.scrap')) === 2;
        },
        10_000,
        200,
      );
      expect(await undated()).toBe(undatedLetters);
      expect((await h.samples.range('line1.scrap', ts, ts + 2)).map((x) => [x.ts, x.value])).toEqual([
        [ts, 4],
        [ts + 1, 5],
      ]);
      expect(await h.samples.count('line1.temp')).toBe(0);
    },
  );
});
