import { metricValue } from '../support';
import { FaultRig, sampleBase } from './support/fault-rig';
import { until } from '../../scripts/rig/wait';

jest.setTimeout(120_000);

describe('fault: Mosquitto restarts mid-stream', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start();
    await rig.startIngestion();
  }, 90_000);

  afterAll(async () => {
    await rig?.destroy();
  });

  it('stores every sample exactly once after the broker comes back, and the KPIs count and sum them exactly', async () => {
    const base = sampleBase();
    const publisher = await rig.publisher();
    await rig.publishGood(publisher, 0, 2_000, base);

    // Stopped while ingestion still works through the first 2,000: unacknowledged ones stay in the broker's store.
    await rig.broker.stop();
    const down = await until(
      async () =>
        (await fetch(rig.url('/health'))).status === 503
          ? await fetch(rig.url('/health')).then((r) => r.json())
          : undefined,
      10_000,
    );
    expect(down).toMatchObject({ status: 'degraded', checks: { mqtt: { ok: false } } });
    await rig.broker.resume();
    await rig.publishGood(publisher, 2_000, 4_000, base);
    await publisher.endAsync();

    // 4,000 samples of values 1..10 repeating: count 4,000, sum 400 * 55 = 22,000.
    await rig.caughtUp(4_000);
    expect(await rig.stored()).toEqual({ rows: 4_000, distinct: 4_000, sum: 22_000 });
    expect(metricValue(await rig.metrics(), 'bsc_samples_stored_total')).toBe(4_000);
    await until(async () => (await fetch(rig.url('/health'))).ok, 10_000);
    expect(rig.app!.process.exitCode).toBeNull();
  });
});
