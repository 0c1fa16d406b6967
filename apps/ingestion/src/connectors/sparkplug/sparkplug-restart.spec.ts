import { Logger } from '@nestjs/common';
import type { IClientOptions } from 'mqtt';
import { Registry } from 'prom-client';
import { FixedActiveModel, HealthRegistry, loadConfig } from '@bsc/app-kit';
import type { LoggedSample } from '@bsc/cluster';
import type { RawSampleInput, SignalSample } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { KpiEngine } from '@bsc/kpi';
import type { SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { IngestionConfig } from '../../config/ingestion.config';
import type { PartitionKpiWorker } from '../../kpi-worker/partition-kpi-worker';
import { PartitionWorkerHarness } from '../../kpi-worker/testing/partition-worker-harness';
import { IngestionMetrics } from '../../metrics/ingestion-metrics';
import { ConnectorStatusRegistry } from '../connector-status.registry';
import { encodeSparkplugPayload } from './sparkplug-codec';
import { SparkplugConnectorService } from './sparkplug-connector.service';
import { RecordingClient } from './testing/recording-mqtt-client';
import { T0 } from './testing/sparkplug-fakes';

let client: RecordingClient;
jest.mock('mqtt', () => ({
  connect: (_url: string, options: IClientOptions) => (client = new RecordingClient(options)),
}));

/**
 * vib = avg(line1.vibration, period) and top = max(line1.vibration, period), the vibration of Sparkplug device
 * acme/node1/dev1; monthly.
 */
const model = TwinModelBuilder.line('twin', 'Twin')
  .signal({
    id: 'line1.vibration',
    source: { sparkplug: { group: 'acme', edgeNode: 'node1', device: 'dev1', metric: 'Vibration/RMS' } },
  })
  .kpi('vib', 'avg(line1.vibration, period)')
  .kpi('top', 'max(line1.vibration, period)')
  .objective('watch', 'plant', 'internal_process')
  .buildValid();
const activeModel = new FixedActiveModel(model);
const S = 1_000;

/** A sample as the pipeline stores it: one without a value as NaN. */
const asStored = (s: RawSampleInput): SignalSample => ({
  ...s,
  value: s.value === null ? Number.NaN : Number(s.value),
  quality: s.quality ?? 'good',
});

/** A sample of the vibration taken before the restart. */
const vibration = (ts: number, value: number, quality: SignalSample['quality'] = 'good'): SignalSample => ({
  signalId: 'line1.vibration',
  ts,
  value,
  quality,
  source: 'sparkplug',
});

// The Sparkplug host restarts and has heard nothing of the node since. What it took before is stored; a KPI worker
// of a scale-out stored it too (from the log) and wrote its KPIs. After the restart the single process's engine
// replays the stored samples and takes what the host submits; the worker takes the same from the log.
describe(`${SparkplugConnectorService.name} after a restart`, () => {
  const harness = new PartitionWorkerHarness();
  let submitted: RawSampleInput[];
  let engine: KpiEngine;
  let worker: PartitionKpiWorker;
  const written = async (kpiId: string) =>
    (await harness.revisions.asOf([kpiId], ['2026-11'])).find((r) => r.periodKey === '2026-11');

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    await harness.open();
    worker = harness.worker(activeModel, new InProcessEventBus(), { partitions: 1 });
    await worker.start(0);
    submitted = [];
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await harness.close();
  });

  /**
   * Stores `before` as taken before the restart, restarts the host at `now` and hands it `messages`, each with the
   * number of samples it gives (the session takes a message as it arrives; its samples are submitted later).
   */
  const restartAndHear = async (
    before: SignalSample[],
    now: number,
    messages: Array<[string, Buffer, number]>,
    stored: Pick<SampleRepository, 'latest'> = harness.samples,
  ) => {
    await worker.handle(
      0,
      before.map((s) => ({ ...s, receivedAt: now - 60 * S })),
    );
    engine = new KpiEngine(model);
    engine.replay(before);
    jest.spyOn(Date, 'now').mockReturnValue(now);
    const config = loadConfig(IngestionConfig, { env: { BSC_PROFILE: 'test', MQTT_CLIENT_ID: 'host1' } });
    const statuses = new ConnectorStatusRegistry();
    const sut = new SparkplugConnectorService(
      config,
      activeModel,
      {
        submit: (batch) => {
          submitted.push(...batch);
          return Promise.resolve({ accepted: batch.length, rejected: 0, duplicates: 0 });
        },
        deadLetter: () => Promise.resolve(),
      },
      stored,
      statuses,
      new IngestionMetrics(new Registry(), statuses),
      new HealthRegistry(),
    );
    sut.onApplicationBootstrap();
    for (const [topic, payload, gives] of messages) {
      const count = submitted.length + gives;
      client.deliver(topic, payload);
      for (const end = performance.now() + 5_000; submitted.length < count && performance.now() < end;)
        await new Promise((r) => setImmediate(r));
    }
    client.connected = false;
    await sut.onModuleDestroy();
    // one process: its engine takes the samples the pipeline stored; scale-out: the worker takes them from the log
    engine.ingest(submitted.map(asStored));
    await worker.handle(
      0,
      submitted.map((s): LoggedSample => ({ ...asStored(s), receivedAt: now })),
    );
  };
  const bdSeq = (value: number) => ({ name: 'bdSeq', type: 'UInt64' as const, value });

  // Edge clock 5 s ahead of the host's. Before the restart the host took vibration 2.25 stamped T0+5000 by the edge
  // (the worker wrote vib 2.25 fresh). The restarted host hears the NDEATH at T0+1000 by its own clock. The
  // restatement must be the signal's newest sample, so it goes 1 ms after the stored 2.25: T0+5001, without a value
  // (none heard since the start), bad. Both paths then read the same stored data: vib = avg of the usable samples =
  // 2.25 (a bad sample is not read), stale (the newest sample is bad). Before, the restatement went at T0+1000, under
  // 2.25: the single process said stale through the connector's direct mark, the worker said fresh.
  it('restates a death after the newest stored sample, so one process and the KPI workers both say stale', async () => {
    const before = [vibration(T0 + 5 * S, 2.25)];
    const death = encodeSparkplugPayload({ timestamp: T0, metrics: [bdSeq(0)] });
    await restartAndHear(before, T0 + 1 * S, [['spBv1.0/acme/NDEATH/node1', death, 1]]);

    expect(submitted).toEqual([
      { signalId: 'line1.vibration', ts: T0 + 5_001, value: null, quality: 'bad', source: 'sparkplug' },
    ]);
    expect(engine.valueOf('vib', '2026-11')).toMatchObject({ value: 2.25, quality: { stale: true } });
    expect(await written('vib')).toMatchObject({ value: 2.25, quality: { stale: true } });
    expect((await harness.samples.latest(['line1.vibration']))[0]).toMatchObject({ ts: T0 + 5_001, quality: 'bad' });
  });

  // Edge clock 30 s behind the host's. Before the restart the host took vibration 2.25 stamped 11:58:30 by the edge
  // and the NDEATH at 12:00:00 by its clock (T0): 2.25 restated bad at 12:00:00, stored. The restarted host (12:00:10)
  // hears the node's rebirth: NBIRTH and DBIRTH stamped 11:59:40 by the edge, vibration 3.5. The birth is the
  // current value, so it must be the newest sample: 1 ms after the stored restatement, 12:00:00.001, good. Both
  // paths read it: top = max(2.25, 3.5) = 3.5, fresh. Dated 11:59:40, it sat under the restatement: stale in both.
  it('dates a birth after a stored restatement, so the signal is fresh from the birth', async () => {
    const before = [vibration(T0 - 90 * S, 2.25), vibration(T0, 2.25, 'bad')];
    const stamp = T0 - 20 * S;
    const nodeBirth = encodeSparkplugPayload({ timestamp: stamp, seq: 0, metrics: [bdSeq(1)] });
    const deviceBirth = encodeSparkplugPayload({
      timestamp: stamp,
      seq: 1,
      metrics: [{ name: 'Vibration/RMS', alias: 10, type: 'Double', value: 3.5 }],
    });
    await restartAndHear(before, T0 + 10 * S, [
      ['spBv1.0/acme/NBIRTH/node1', nodeBirth, 0],
      ['spBv1.0/acme/DBIRTH/node1/dev1', deviceBirth, 1],
    ]);

    expect(submitted).toEqual([
      { signalId: 'line1.vibration', ts: T0 + 1, value: 3.5, quality: undefined, source: 'sparkplug' },
    ]);
    expect(engine.valueOf('top', '2026-11')).toMatchObject({ value: 3.5, quality: { stale: false } });
    expect(await written('top')).toMatchObject({ value: 3.5, quality: { stale: false } });
    expect((await harness.samples.latest(['line1.vibration']))[0]).toMatchObject({ ts: T0 + 1, quality: 'good' });
  });

  // The stored samples cannot be read (the database is down): the death is not held back or lost for that, it is
  // restated as the host dates it from what it took since its start. Nothing taken: the NDEATH's receipt, T0+1000.
  it('restates a death as its own dating says when the stored samples cannot be read', async () => {
    const death = encodeSparkplugPayload({ timestamp: T0, metrics: [bdSeq(0)] });
    const unreadable = { latest: () => Promise.reject(new Error('connection refused')) };
    await restartAndHear([], T0 + 1 * S, [['spBv1.0/acme/NDEATH/node1', death, 1]], unreadable);

    expect(submitted).toEqual([
      { signalId: 'line1.vibration', ts: T0 + 1_000, value: null, quality: 'bad', source: 'sparkplug' },
    ]);
  });
});
