import { Logger } from '@nestjs/common';
import type { IClientOptions } from 'mqtt';
import { Registry } from 'prom-client';
import { FixedActiveModel, HealthRegistry, loadConfig } from '@bsc/app-kit';
import type { LoggedSample } from '@bsc/cluster';
import type { RawSampleInput, SignalSample } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { KpiEngine } from '@bsc/kpi';
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

/** vib = avg(line1.vibration, period), the vibration of Sparkplug device acme/node1/dev1; monthly. */
const model = TwinModelBuilder.line('twin', 'Twin')
  .signal({
    id: 'line1.vibration',
    source: { sparkplug: { group: 'acme', edgeNode: 'node1', device: 'dev1', metric: 'Vibration/RMS' } },
  })
  .kpi('vib', 'avg(line1.vibration, period)')
  .objective('watch', 'plant', 'internal_process')
  .buildValid();
const activeModel = new FixedActiveModel(model);

/** A sample as the pipeline stores it: one without a value as NaN. */
const asStored = (s: RawSampleInput): SignalSample => ({
  ...s,
  value: s.value === null ? Number.NaN : Number(s.value),
  quality: s.quality ?? 'good',
});

// A death after a restart, with the edge node's clock 5 s ahead of the host's. Before the restart the host took
// vibration 2.25 stamped T0+5000 by the edge (stored; a KPI worker of a scale-out, which stores what the intake logs,
// wrote vib 2.25 fresh). The restarted host has heard nothing of the node when its NDEATH comes
// at T0+1000 by its own clock. The restatement must be the signal's newest sample, so it goes 1 ms after the stored
// 2.25: T0+5001, without a value (none heard since the start), bad. Both paths then read the same stored data:
// vib = avg of the usable samples = 2.25 (a bad sample is not read), stale (the newest sample is bad). Before, the
// restatement went at T0+1000, under 2.25: the single process said stale through the connector's direct mark, a
// KPI worker of a scale-out (which reads only the log) said fresh.
describe(`${SparkplugConnectorService.name} death after a restart`, () => {
  const harness = new PartitionWorkerHarness();
  const stored: SignalSample = {
    signalId: 'line1.vibration',
    ts: T0 + 5_000,
    value: 2.25,
    quality: 'good',
    source: 'sparkplug',
  };
  let submitted: RawSampleInput[];
  let engine: KpiEngine;
  let worker: PartitionKpiWorker;
  const written = async () =>
    (await harness.revisions.asOf(['vib'], ['2026-11'])).find((r) => r.periodKey === '2026-11');

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    await harness.open();
    worker = harness.worker(activeModel, new InProcessEventBus(), { partitions: 1 });
    await worker.start(0);
    await worker.handle(0, [{ ...stored, receivedAt: T0 + 100 }]);
    submitted = [];
    jest.spyOn(Date, 'now').mockReturnValue(T0 + 1_000);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await harness.close();
  });

  /** The restarted host, on the stored samples: what it submits goes to `submitted`. */
  const restartedHost = () => {
    const config = loadConfig(IngestionConfig, { env: { BSC_PROFILE: 'test', MQTT_CLIENT_ID: 'host1' } });
    const statuses = new ConnectorStatusRegistry();
    // the single process's engine after the restart: the stored history replayed
    engine = new KpiEngine(model);
    engine.replay([stored]);
    return new SparkplugConnectorService(
      config,
      activeModel,
      {
        submit: (batch) => {
          submitted.push(...batch);
          return Promise.resolve({ accepted: batch.length, rejected: 0, duplicates: 0 });
        },
        deadLetter: () => Promise.resolve(),
      },
      harness.samples,
      statuses,
      new IngestionMetrics(new Registry(), statuses),
      new HealthRegistry(),
    );
  };

  it('restates the signal after its stored newest sample, so one process and the KPI workers both say stale', async () => {
    const sut = restartedHost();
    sut.onApplicationBootstrap();
    const bdSeq = { name: 'bdSeq', type: 'UInt64' as const, value: 0 };
    client.deliver('spBv1.0/acme/NDEATH/node1', encodeSparkplugPayload({ timestamp: T0, metrics: [bdSeq] }));
    for (const end = performance.now() + 5_000; submitted.length === 0 && performance.now() < end;)
      await new Promise((r) => setImmediate(r));
    client.connected = false;
    await sut.onModuleDestroy();

    expect(submitted).toEqual([
      { signalId: 'line1.vibration', ts: T0 + 5_001, value: null, quality: 'bad', source: 'sparkplug' },
    ]);
    // one process: its engine takes the samples the pipeline stored
    engine.ingest(submitted.map(asStored));
    // scale-out: the intake logs them, the partition's worker stores them and computes
    expect(await written()).toMatchObject({ value: 2.25, quality: { stale: false } });
    await worker.handle(
      0,
      submitted.map((s): LoggedSample => ({ ...asStored(s), receivedAt: T0 + 1_000 })),
    );
    expect(engine.valueOf('vib', '2026-11')).toMatchObject({ value: 2.25, quality: { stale: true } });
    expect(await written()).toMatchObject({ value: 2.25, quality: { stale: true } });
    expect((await harness.samples.latest(['line1.vibration']))[0]).toMatchObject({ ts: T0 + 5_001, quality: 'bad' });
  });
});
