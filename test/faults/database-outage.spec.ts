import { metricValue } from '../support';
import { FaultRig, sampleBase } from './support/fault-rig';
import { sleep, until } from '../../scripts/rig/wait';

jest.setTimeout(300_000);

/** How long PostgreSQL stays down: a 30 s failover (FAULT_DB_OUTAGE_S=120 runs the 2 minute case). */
const OUTAGE_MS = Number(process.env.FAULT_DB_OUTAGE_S ?? 30) * 1000;
/** The second, shorter outage: an outage soon after recovering from one. */
const REPEAT_OUTAGE_MS = 10_000;
const STALL_AFTER_S = 5;
/** Short keepalive: a client that stops reading while the window is full would miss a ping reply within ~8 s. */
const KEEPALIVE_S = 5;

describe('fault: PostgreSQL is down for 30 s mid-stream, and again soon after', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start();
    await rig.startIngestion({ INGEST_STALL_AFTER_S: String(STALL_AFTER_S), MQTT_KEEPALIVE_S: String(KEEPALIVE_S) });
  }, 90_000);

  afterAll(async () => {
    await rig?.destroy();
  });

  it('reports the stall, keeps its keepalives and memory bounded, then stores every sample exactly once', async () => {
    const base = sampleBase();
    const publisher = await rig.publisher();
    const publishing = rig.publishGood(publisher, 0, 4_000, base);
    await until(async () => (await rig.stored()).rows >= 500 && true, 30_000);
    // A crash of the database mid-stream: connections break mid-statement.
    rig.pg.stop('immediate');
    const downAt = Date.now();
    await publishing;

    // Messages wait and nothing is written: after INGEST_STALL_AFTER_S health says why, and so does /metrics.
    const body = await until(async () => {
      const res = await fetch(rig.url('/health'));
      const json = (await res.json()) as { checks: Record<string, { ok: boolean; detail?: { reason?: string } }> };
      return res.status === 503 && json.checks.pipeline?.ok === false ? json : undefined;
    }, 20_000);
    expect(body.checks.pipeline.detail?.reason).toMatch(/waiting for their samples and none stored for \d+ s/);
    expect(metricValue(await rig.metrics(), 'bsc_pipeline_stalled')).toBe(1);

    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
    // Still up, still connected to the broker: with 2,000 messages over the in-flight window for 30 s, flow control
    // never held back the ping replies of a 5 s keepalive.
    expect(rig.app!.process.exitCode).toBeNull();
    const during = await rig.metrics();
    expect(metricValue(during, 'bsc_connector_state', { connector: 'mqtt', state: 'connected' })).toBe(1);
    expect(metricValue(during, 'bsc_pipeline_buffer_depth')).toBeLessThanOrEqual(100_000);
    rig.pg.resume();
    await publisher.endAsync();

    // 4,000 samples of values 1..10 repeating: count 4,000, sum 400 * 55 = 22,000.
    await rig.caughtUp(4_000, 90_000);
    expect(await rig.stored()).toEqual({ rows: 4_000, distinct: 4_000, sum: 22_000 });
    await until(
      async () => (await fetch(rig.url('/health'))).ok,
      30_000,
      () => rig.explain(),
    );
    expect(metricValue(await rig.metrics(), 'bsc_pipeline_stalled')).toBe(0);
    expect(rig.app!.output()).not.toMatch(/Maximum call stack|Keepalive timeout/);

    // Again, shortly after: 2,000 more samples across a second crash.
    const again = await rig.publisher();
    const more = rig.publishGood(again, 4_000, 6_000, base);
    await until(async () => (await rig.stored()).rows >= 4_500 && true, 30_000);
    rig.pg.stop('immediate');
    await more;
    await again.endAsync();
    await sleep(REPEAT_OUTAGE_MS);
    rig.pg.resume();
    // 6,000 samples: count 6,000, sum 600 * 55 = 33,000.
    await rig.caughtUp(6_000, 90_000);
    expect(await rig.stored()).toEqual({ rows: 6_000, distinct: 6_000, sum: 33_000 });
    expect(rig.app!.process.exitCode).toBeNull();
  });
});
