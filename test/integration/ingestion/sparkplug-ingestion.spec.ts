import { connectAsync, type MqttClient } from 'mqtt';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import {
  decodeSparkplugPayload,
  encodeSparkplugPayload,
  REBIRTH_METRIC,
} from '../../../apps/ingestion/src/connectors/sparkplug/sparkplug-codec';
import { ingestionTestModel } from '@bsc/twin';
import {
  cleanBrokerState,
  deadLetters,
  startIngestion,
  testConfig,
  type IngestionHarness,
} from './support/ingestion-harness';
import { eventually, metricValue, MOSQUITTO_URL, tempSqlitePath, uniqueId } from '../../support';

jest.setTimeout(60_000);

describe('Sparkplug B ingestion (Mosquitto)', () => {
  let edge: MqttClient;
  let db: ReturnType<typeof tempSqlitePath>;
  let sut: IngestionHarness;
  let group: string;
  let clientId: string;
  let seq = 0;
  const commands: UPayload[] = [];
  // (signal, timestamp) is idempotent: a message stamped in the previous one's millisecond would be a duplicate of
  // it and dropped, so each message gets a strictly later stamp than the one before.
  let lastStamp = 0;
  const nextStamp = () => (lastStamp = Math.max(Date.now(), lastStamp + 1));

  const send = (type: string, metrics: UPayload['metrics'], device?: string, overrideSeq?: number) => {
    const payload: UPayload = {
      timestamp: nextStamp(),
      seq: type === 'NDEATH' ? undefined : (overrideSeq ?? seq++) % 256,
      metrics,
    };
    return edge.publishAsync(
      `spBv1.0/${group}/${type}/node1${device ? `/${device}` : ''}`,
      encodeSparkplugPayload(payload),
      { qos: 1 },
    );
  };
  const births = async () => {
    seq = 0;
    await send('NBIRTH', [
      { name: 'bdSeq', type: 'UInt64', value: 0 },
      { name: 'Running', alias: 1, type: 'Boolean', value: true },
    ]);
    await send('DBIRTH', [{ name: 'Vibration/RMS', alias: 10, type: 'Double', value: 1.5 }], 'dev1');
  };

  beforeAll(async () => {
    group = uniqueId('spg');
    clientId = uniqueId('bsc-spb');
    db = tempSqlitePath();
    sut = await startIngestion(
      ingestionTestModel(uniqueId('t'), group),
      // a gap's rebirth after a Reorder Timeout well inside `eventually`'s 10 s
      testConfig({ MQTT_CLIENT_ID: clientId, SPARKPLUG_REORDER_TIMEOUT_MS: 1_000 }),
      db.path,
    );
    edge = await connectAsync(MOSQUITTO_URL, { clientId: uniqueId('edge'), protocolVersion: 5 });
    await edge.subscribeAsync(`spBv1.0/${group}/NCMD/node1`);
    edge.on('message', (_topic, payload) => {
      const decoded = decodeSparkplugPayload(payload);
      if (decoded.ok) commands.push(decoded.payload);
    });
    await eventually(
      async () =>
        (await metricValue(sut.registry, 'bsc_connector_state', { connector: 'sparkplug', state: 'connected' })) === 1,
    );
  });

  afterAll(async () => {
    await sut.close();
    await edge.endAsync();
    await cleanBrokerState(clientId);
    db.cleanup();
  });

  it('announces the host application online with a retained STATE message', async () => {
    const observer = await connectAsync(MOSQUITTO_URL, { clientId: uniqueId('observer'), protocolVersion: 5 });
    const state = new Promise<{ online: boolean }>((resolve) =>
      observer.on('message', (_t, payload) => resolve(JSON.parse(payload.toString()) as { online: boolean })),
    );
    await observer.subscribeAsync(`spBv1.0/STATE/${clientId}`);
    expect(await state).toMatchObject({ online: true });
    await observer.endAsync();
  });

  it('stores births and data by alias on the bound signals', async () => {
    await eventually(
      async () => {
        await births();
        return (await sut.samples.count('line1.vibration')) >= 1;
      },
      10_000,
      300,
    );
    await send('DDATA', [{ alias: 10, type: 'Double', value: 4.5 }], 'dev1');
    await eventually(async () => (await sut.samples.latest(['line1.vibration']))[0]?.value === 4.5);
    expect(await sut.samples.count('line1.running')).toBeGreaterThanOrEqual(1);
  });

  it('requests a rebirth on a sequence gap', async () => {
    await send('DDATA', [{ alias: 10, type: 'Double', value: 5 }], 'dev1', seq + 7);
    const request = await eventually(() =>
      commands.find((c) => c.metrics?.some((m) => m.name === REBIRTH_METRIC && m.value === true)),
    );
    expect(request).toBeDefined();
  });

  it('dead-letters a truncated protobuf and keeps running', async () => {
    const bytes = encodeSparkplugPayload({
      timestamp: nextStamp(),
      seq: 1,
      metrics: [{ alias: 10, type: 'Double', value: 9 }],
    });
    await edge.publishAsync(`spBv1.0/${group}/DDATA/node1/dev1`, bytes.subarray(0, bytes.length - 4), { qos: 1 });
    await eventually(async () => (await deadLetters(sut.dataSource)).some((l) => l.reason === 'invalid_protobuf'));
    expect(await metricValue(sut.registry, 'bsc_samples_rejected_total', { reason: 'invalid_protobuf' })).toBe(1);
    await births();
    await send('DDATA', [{ alias: 10, type: 'Double', value: 7.25 }], 'dev1');
    await eventually(async () => (await sut.samples.latest(['line1.vibration']))[0]?.value === 7.25);
  });

  it('marks the signals of a dead node bad', async () => {
    await send('NDEATH', [{ name: 'bdSeq', type: 'UInt64', value: 0 }]);
    const latest = await eventually(async () => {
      const [sample] = await sut.samples.latest(['line1.vibration']);
      return sample?.quality === 'bad' ? sample : undefined;
    });
    expect(latest).toMatchObject({ value: 7.25, quality: 'bad', source: 'sparkplug' });
  });
});
