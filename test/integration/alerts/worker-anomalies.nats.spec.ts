import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { connect } from 'nats';
import { FixedActiveModel } from '@bsc/app-kit';
import { eventStreamName, NatsEventBus, type BscEventMap } from '@bsc/events';
import { startAlertRuntime, type AlertRuntimeRig } from '../../../apps/ingestion/src/alerts/testing/alert-runtime-rig';
import {
  aKpiValue,
  alertTestModel,
  anInputSpike,
  ManualClock,
} from '../../../apps/ingestion/src/alerts/testing/alert-test-model';
import { WorkerSignalAnomalies } from '../../../apps/ingestion/src/alerts/worker-signal-anomalies';
import { until } from '../../../scripts/rig/wait';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const T0 = Date.UTC(2026, 10, 22, 8);

jest.setTimeout(30_000);

/** A scale-out on the real events stream: a KPI worker's detectors, and the alert runtime elected on an intake. */
describe('signal anomalies across processes', () => {
  const prefix = `test.${randomUUID()}`;
  let worker: NatsEventBus;
  let detectors: WorkerSignalAnomalies;
  let elected: AlertRuntimeRig<NatsEventBus>;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    worker = await NatsEventBus.connect(NATS_URL, { prefix, retentionS: 60 });
    detectors = new WorkerSignalAnomalies(worker, [{ id: 'odd', kind: 'anomaly' }], null, new ManualClock(T0));
    detectors.start(new FixedActiveModel(alertTestModel()));
    const bus = await NatsEventBus.connect(NATS_URL, { prefix, retentionS: 60 });
    elected = await startAlertRuntime(alertTestModel(), [{ id: 'odd', kind: 'anomaly' }], T0, {
      bus,
      scaleOut: 'intake',
    });
  });

  afterAll(async () => {
    detectors.stop();
    await elected.stop();
    await Promise.all([worker.close(), elected.bus.close()]);
    const nc = await connect({ servers: NATS_URL });
    await (await nc.jetstreamManager()).streams.delete(eventStreamName(prefix)).catch(() => false);
    await nc.close();
  });

  it("a spike in a worker's live samples raises the anomaly alert in the elected runtime of another process", async () => {
    elected.bus.publish('kpi.updated', { value: aKpiValue(96, T0), modelVersion: 1 });
    const samples = anInputSpike(T0);
    const crossed: Array<BscEventMap['samples.ingested']> = [];
    elected.bus.subscribe('samples.ingested', (e) => crossed.push(e));

    // stored by the worker: live samples stay in its process
    worker.publish('samples.ingested', { samples }, { remote: null });

    await until(() => Promise.resolve(elected.raised.length > 0), 10_000);
    expect(elected.raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd' })]);
    expect(elected.raised[0].message).toContain('input line1.good behaves abnormally');
    expect(crossed).toEqual([]);
  });
});
