import { randomUUID } from 'node:crypto';
import { connect, StringCodec, type NatsConnection } from 'nats';
import { FixedActiveModel } from '@bsc/app-kit';
import { decodeSample } from '@bsc/cluster';
import type { SignalSample } from '@bsc/common';
import { kpiPartitions, TwinModelBuilder } from '@bsc/twin';
import { IngestionConfig } from '../../../apps/ingestion/src/config/ingestion.config';
import { JetStreamSampleStore } from '../../../apps/ingestion/src/sample-log/jetstream-sample-store';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const T0 = Date.UTC(2026, 0, 5, 8);

describe(JetStreamSampleStore.name, () => {
  let admin: NatsConnection;
  let stream: string;
  let prefix: string;
  let sut: JetStreamSampleStore;
  const model = new FixedActiveModel(TwinModelBuilder.minimal().buildValid());
  /** What the KPI workers stored (the samples table). */
  const workersStored: SignalSample[] = [];

  beforeAll(async () => {
    admin = await connect({ servers: NATS_URL });
  });

  beforeEach(async () => {
    const id = randomUUID().replace(/-/g, '');
    stream = `TEST_SAMPLES_${id}`;
    prefix = `test.${id}.samples`;
    const config = Object.assign(new IngestionConfig(), { EVENT_BUS_URL: NATS_URL, KPI_PARTITIONS: 16 });
    sut = await JetStreamSampleStore.connect(config, model, { stream, subjectPrefix: prefix }, (keys) =>
      Promise.resolve(workersStored.filter((s) => keys.some((k) => k.signalId === s.signalId && k.ts === s.ts))),
    );
  });

  afterEach(async () => {
    await sut.close();
    await (await admin.jetstreamManager()).streams.delete(stream);
  });

  afterAll(() => admin.close());

  const messages = async () => {
    const jsm = await admin.jetstreamManager();
    const { state } = await jsm.streams.info(stream);
    const found: { subject: string; text: string }[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq });
      found.push({ subject: m.subject, text: StringCodec().decode(m.data) });
    }
    return found;
  };

  it('appends each sample to the partition of its KPI dependency group, acknowledged before it resolves', async () => {
    const stored = await sut.insertNew(
      [
        { signalId: 'line1.good', ts: T0, value: 10, quality: 'good', source: 'mqtt' },
        { signalId: 'line1.scrap', ts: T0, value: Number.NaN, quality: 'bad', source: 'mqtt', statusCode: 2150891520 },
        { signalId: 'hr.headcount', ts: T0, value: 42, quality: 'good', source: 'http' },
      ],
      T0 + 5,
    );

    expect(stored).toHaveLength(3);
    const found = await messages();
    // output and scrap_rate read line1.good and line1.scrap: one group, one subject
    const groups = kpiPartitions(model.current().graph, 16);
    expect(found.map((m) => m.subject)).toEqual([
      `${prefix}.${groups.kpi.get('output')}`,
      `${prefix}.${groups.kpi.get('scrap_rate')}`,
      `${prefix}.${groups.signal.get('hr.headcount')}`,
    ]);
    expect(decodeSample(found[1].text)).toEqual({
      signalId: 'line1.scrap',
      ts: T0,
      value: Number.NaN,
      quality: 'bad',
      source: 'mqtt',
      statusCode: 2150891520,
      receivedAt: T0 + 5,
    });
  });

  it('drops a re-published sample by its message id (signal and timestamp)', async () => {
    const sample = { signalId: 'line1.good', ts: T0, value: 10, quality: 'good' as const, source: 'mqtt' };
    expect(await sut.insertNew([sample], T0)).toEqual([sample]);

    // an MQTT re-delivery after the intake died before acknowledging
    expect(await sut.insertNew([sample, { ...sample, ts: T0 + 1_000 }], T0 + 2)).toEqual([
      { ...sample, ts: T0 + 1_000 },
    ]);

    expect((await messages()).map((m) => decodeSample(m.text).ts)).toEqual([T0, T0 + 1_000]);
  });

  it('appends another value at a logged signal and timestamp, for its worker to dead-letter as a conflict', async () => {
    const sample = { signalId: 'line1.good', ts: T0, value: 10, quality: 'good' as const, source: 'mqtt' };
    await sut.insertNew([sample], T0);

    // within the 2-minute duplicate window: 12 at the same time is no re-publish of 10; the exact repeat is
    const conflicting = { ...sample, value: 12, source: 'http' };
    expect(await sut.insertNew([conflicting, { ...sample, source: 'http' }], T0 + 2)).toEqual([conflicting]);

    expect((await messages()).map((m) => decodeSample(m.text).value)).toEqual([10, 12]);
  });

  it('reads back what the workers stored, and takes a repeat they have not stored yet for them to judge', async () => {
    const sample = { signalId: 'line1.good', ts: T0, value: 10, quality: 'good' as const, source: 'mqtt' };
    workersStored.push(sample);

    expect(sut.passesOnUnstored).toBe(true);
    expect(
      await sut.readStored!([
        { signalId: 'line1.good', ts: T0 },
        { signalId: 'line1.good', ts: T0 + 1 },
      ]),
    ).toEqual([sample]);
  });
});
