import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { connect, type MqttClient } from 'mqtt';
import { get } from 'sparkplug-payload';
import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import { SimulatorMqttPublisher } from '../../../apps/ingestion/src/simulator/transports/simulator-mqtt-publisher';
import { SparkplugEdgeNode } from '../../../apps/ingestion/src/simulator/transports/sparkplug-edge-node';
import { eventually, MOSQUITTO_URL } from '../../support';

jest.setTimeout(30_000);

const codec = get('spBv1.0')!;
const logger = new Logger('simulator-transports-test');

interface Received {
  topic: string;
  payload: Buffer;
}

async function listener(filter: string): Promise<{ client: MqttClient; messages: Received[] }> {
  const client = connect(MOSQUITTO_URL, { clientId: `bsc-test-${randomUUID()}` });
  const messages: Received[] = [];
  client.on('message', (topic, payload) => messages.push({ topic, payload }));
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => client.subscribe(filter, { qos: 1 }, (error) => (error ? reject(error) : resolve())));
    client.once('error', reject);
  });
  return { client, messages };
}

describe(SparkplugEdgeNode.name, () => {
  // A group of our own: other suites share the machine's Mosquitto.
  const group = `acme-${randomUUID().slice(0, 8)}`;
  let sut: SparkplugEdgeNode;
  let host: { client: MqttClient; messages: Received[] };
  const decoded = (type: string): UPayload[] =>
    host.messages.filter((m) => m.topic.split('/')[2] === type).map((m) => codec.decodePayload(m.payload));

  beforeAll(async () => {
    host = await listener(`spBv1.0/${group}/#`);
    sut = new SparkplugEdgeNode(
      {
        url: MOSQUITTO_URL,
        clientId: `bsc-sim-${randomUUID()}`,
        group,
        edgeNode: 'plant-south',
        device: 'line3-cutter',
        metrics: ['Vibration/RMS'],
      },
      logger,
      7,
    );
    sut.start();
    await eventually(() => (decoded('DBIRTH').length > 0 ? true : undefined), 10_000, 50, 'births');
  });

  afterAll(async () => {
    await sut.stop();
    await host.client.endAsync();
  });

  it('announces the node and the device with bdSeq, the rebirth control and metric aliases', () => {
    const [nbirth] = decoded('NBIRTH');
    const [dbirth] = decoded('DBIRTH');

    expect(Number(nbirth.seq)).toBe(0);
    expect(nbirth.metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'bdSeq' }),
        expect.objectContaining({ name: 'Node Control/Rebirth', value: false }),
      ]),
    );
    expect(Number(dbirth.seq)).toBe(1);
    expect(dbirth.metrics).toEqual([expect.objectContaining({ name: 'Vibration/RMS', type: 'Double' })]);
    expect(Number(dbirth.metrics?.[0].alias)).toBe(1);
  });

  it('publishes DDATA by alias with a sequence number that keeps counting', async () => {
    const ts = Date.now();
    sut.publish('Vibration/RMS', 2.5, ts);
    sut.publish('Vibration/RMS', 2.7, ts + 1_000);

    await eventually(() => (decoded('DDATA').length >= 2 ? true : undefined), 5_000, 50, 'DDATA');
    const ddata = decoded('DDATA');
    expect(ddata.map((p) => Number(p.seq))).toEqual([2, 3]);
    expect(
      ddata.map((p) => [Number(p.metrics?.[0].alias), p.metrics?.[0].value, Number(p.metrics?.[0].timestamp)]),
    ).toEqual([
      [1, 2.5, ts],
      [1, 2.7, ts + 1_000],
    ]);
    expect(ddata[0].metrics?.[0].name ?? undefined).toBeFalsy();
  });

  it('publishes its births again when the host sends NCMD Node Control/Rebirth', async () => {
    const before = decoded('DBIRTH').length;
    const command = Buffer.from(
      codec.encodePayload({
        timestamp: Date.now(),
        metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
      }),
    );

    await host.client.publishAsync(`spBv1.0/${group}/NCMD/plant-south`, command, { qos: 1 });

    // DBIRTH follows NBIRTH: waiting for it means both arrived.
    await eventually(() => (decoded('DBIRTH').length > before ? true : undefined), 5_000, 50, 'rebirth');
    expect(decoded('NBIRTH').length).toBe(before + 1);
    const dbirths = decoded('DBIRTH');
    expect(dbirths[dbirths.length - 1].metrics?.[0]).toEqual(
      expect.objectContaining({ name: 'Vibration/RMS', value: 2.7 }),
    );
  });
});

describe(SimulatorMqttPublisher.name, () => {
  const prefix = `acme-${randomUUID().slice(0, 8)}`;
  let sut: SimulatorMqttPublisher;
  let consumer: { client: MqttClient; messages: Received[] };

  beforeAll(async () => {
    consumer = await listener(`${prefix}/#`);
    sut = new SimulatorMqttPublisher(
      { url: MOSQUITTO_URL, clientId: `bsc-sim-${randomUUID()}`, eventTopicPrefixes: [`${prefix}/erp/`] },
      logger,
    );
    sut.start();
    await eventually(() => (sut.connected ? true : undefined), 10_000, 50, 'publisher connected');
  });

  afterAll(async () => {
    await sut.stop();
    await consumer.client.endAsync();
  });

  it('publishes JSON payloads with the fields the model reads', async () => {
    sut.publish(`${prefix}/erp/orders`, { ts: 1_700_000_000_000, value: 1234.5, shipped: 3, on_time: 2 });

    const message = await eventually(
      () => consumer.messages.find((m) => m.topic === `${prefix}/erp/orders`),
      5_000,
      50,
      'order message',
    );
    expect(JSON.parse(message.payload.toString())).toEqual({
      ts: 1_700_000_000_000,
      value: 1234.5,
      shipped: 3,
      on_time: 2,
    });
  });

  it('drops and counts messages while disconnected instead of queueing them', async () => {
    await sut.stop();

    sut.publish(`${prefix}/line3/telemetry`, { ts: 1, speed: 2 });

    expect(sut.dropped).toBe(1);
  });
});
