import { connectAsync } from 'mqtt';
import { seededNormal } from '@bsc/forecasting';
import { ScaleOutRig } from '../../scripts/rig/scale-out-rig';
import { sleep, until } from '../../scripts/rig/wait';

const MINUTE = 60_000;
/** Every ingestion process raises this rule; the elected alert runtime raises it, a KPI worker's detectors feed it. */
const ALERTS = { ALERTS_ENABLED: 'true', ALERT_RULES: JSON.stringify([{ id: 'odd', kind: 'anomaly' }]) };

/**
 * Signal anomalies in a scale-out of real processes: an intake logging samples, a KPI worker storing them and running
 * the signal detectors on its partitions' live samples, and the alert runtime elected among them raising the
 * `anomaly` rule from what the worker announced across the events stream.
 */
describe('scale-out anomalies', () => {
  let rig: ScaleOutRig;

  beforeAll(async () => {
    rig = await ScaleOutRig.start({ signals: 2, partitions: 2, leaseTtlS: 3 });
  }, 120_000);

  afterAll(async () => {
    await rig?.destroy();
  });

  it('a quiet stretch of a signal raises nothing; a spike in it raises the anomaly alert on the KPIs it feeds', async () => {
    await rig.intake(1, ALERTS);
    await rig.worker(1, ALERTS);
    await until(async () => (await rig.partitionHolders()).every((pid) => pid > 0), 30_000);
    const client = await connectAsync(rig.broker.url, { clientId: `anomaly-publisher-${process.pid}` });
    try {
      // 400 minutes of s0 around 96 (noise of 1), up to a minute ago, in order
      const normal = seededNormal(3);
      const end = Date.now() - MINUTE;
      for (let i = 0; i < 400; i++) {
        const sample = { v: 96 + normal(), ts: end - (399 - i) * MINUTE };
        await client.publishAsync(rig.topicOf(0), JSON.stringify(sample), { qos: 1 });
      }
      await until(
        async () => (await rig.kpis()).count_s0 === 400,
        60_000,
        async () => JSON.stringify(await rig.kpis()),
      );
      // the detectors have seen every quiet sample; what they announced has had time to cross
      await sleep(3_000);
      expect(await rig.alerts()).toEqual([]);

      // 50 where 96 ± 1 was seen for hours
      await client.publishAsync(rig.topicOf(0), JSON.stringify({ v: 50, ts: end + MINUTE }), { qos: 1 });
      // each KPI's alert is raised on its own evaluation, so one may be stored a moment before the other
      await until(
        async () => new Set((await rig.alerts()).map((a) => a.kpi)).size >= 2,
        60_000,
        async () => `alerts ${JSON.stringify(await rig.alerts())}, KPIs ${JSON.stringify(await rig.kpis())}`,
      );
      const alerts = await rig.alerts();
      expect(alerts.map((a) => a.rule)).toEqual(alerts.map(() => 'odd'));
      expect(new Set(alerts.map((a) => a.kpi))).toEqual(new Set(['count_s0', 'sum_s0']));
      for (const alert of alerts) expect(alert.message).toContain('input scale.s0 behaves abnormally');
    } finally {
      await client.endAsync();
    }
  }, 300_000);
});
