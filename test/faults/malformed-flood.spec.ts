import { metricValue } from '../support';
import { FaultRig, sampleBase } from './support/fault-rig';
import { malformedFlood, SPARKPLUG_GARBAGE } from './support/malformed-payloads';
import { until } from '../../scripts/rig/wait';

jest.setTimeout(150_000);

const GOOD = 2_000;
const SEED = 20_261_202;

describe('fault: a flood of malformed payloads mixed with good ones', () => {
  let rig: FaultRig;

  beforeAll(async () => {
    rig = await FaultRig.start();
    await rig.startIngestion();
  }, 90_000);

  afterAll(async () => {
    await rig?.destroy();
  });

  it('stores every good sample, dead-letters every bad payload with its reason, and /metrics counts the same', async () => {
    const base = sampleBase();
    const { messages, expectedReasons } = malformedFlood(SEED, rig.topic, GOOD, base);
    const publisher = await rig.publisher();
    for (let start = 0; start < messages.length; start += 200) {
      await Promise.all(
        messages.slice(start, start + 200).map((m) => publisher.publishAsync(m.topic, m.payload, { qos: 1 })),
      );
    }
    await publisher.endAsync();

    // 2,000 good samples of values 1..10 repeating: count 2,000, sum 200 * 55 = 11,000 — 0x00 bytes block nothing.
    await rig.caughtUp(GOOD);
    const expectedBad = Object.values(expectedReasons).reduce((a, b) => a + b, 0) + SPARKPLUG_GARBAGE;
    const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
    const total = async (): Promise<number> =>
      sum(await rig.deadLetters('mqtt')) + sum(await rig.deadLetters('sparkplug'));
    await until(
      async () => (await total()) === expectedBad,
      30_000,
      async () => `dead letters ${await total()} of ${expectedBad}${await rig.explain()}`,
    );

    expect(await rig.stored()).toEqual({ rows: GOOD, distinct: GOOD, sum: 11_000 });
    expect(await rig.deadLetters('mqtt')).toEqual(expectedReasons);
    const sparkplug = await rig.deadLetters('sparkplug');
    expect(sum(sparkplug)).toBe(SPARKPLUG_GARBAGE);

    // Sparkplug reasons (sparkplug_*, invalid_protobuf) and MQTT ones do not overlap, so each counter is one source's.
    const metrics = await rig.metrics();
    const reasons = { ...expectedReasons, ...sparkplug };
    expect(Object.keys(reasons)).toHaveLength(Object.keys(expectedReasons).length + Object.keys(sparkplug).length);
    const counted = Object.fromEntries(
      Object.keys(reasons).map((reason) => [reason, metricValue(metrics, 'bsc_samples_rejected_total', { reason })]),
    );
    expect(counted).toEqual(reasons);
    expect(metricValue(metrics, 'bsc_samples_stored_total')).toBe(GOOD);
    expect(metricValue(metrics, 'bsc_pipeline_quarantined_total')).toBe(0);
    expect((await fetch(rig.url('/health'))).status).toBe(200);
  });
});
