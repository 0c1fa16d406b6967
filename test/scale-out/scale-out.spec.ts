import { isDeepStrictEqual } from 'node:util';
import { connectAsync } from 'mqtt';
import { ScaleOutRig } from '../../scripts/rig/scale-out-rig';
import { until } from '../../scripts/rig/wait';

/**
 * Samples published; a multiple of 40 (4 signals, values cycling 1..10). The default, 200,000, takes about
 * four and a half minutes on two shared cores; SCALE_OUT_SAMPLES=20000 runs in about two (README "Scaling out").
 */
const N = Number(process.env.SCALE_OUT_SAMPLES ?? 200_000);
const SIGNALS = 4;
const PARTITIONS = 8;
/** Generous bounds that grow with the load, for a shared machine: the assertions, not these, decide. */
const SETTLE_MS = 60_000 + N * 2;
const TEST_MS = 240_000 + N * 10;

describe('scale-out', () => {
  let rig: ScaleOutRig;

  beforeAll(async () => {
    rig = await ScaleOutRig.start({ signals: SIGNALS, partitions: PARTITIONS, leaseTtlS: 3 });
  }, 120_000);

  afterAll(async () => {
    await rig?.destroy();
  });

  it(
    `${N} samples over shared subscriptions, 2 intakes, 3 KPI workers, 2 API replicas; a worker and a NATS node killed mid-stream: every KPI exact, 0 lost, 0 duplicated, both replicas serve them`,
    async () => {
      // the first start imports the model; the others find it
      await rig.intake(1);
      const [, doomed, ...others] = await Promise.all([rig.intake(2), rig.worker(1), rig.worker(2), rig.worker(3)]);
      const apis = await Promise.all([rig.api(), rig.api()]);
      // every worker joins before the load, so the one killed owns partitions: 8 over 3 workers, at most 3 each
      const workerPids = [doomed, ...others].map((a) => a.process.pid!);
      await until(async () => {
        const holders = await rig.partitionHolders();
        return workerPids.every((pid) => holders.filter((h) => h === pid).length >= 2) && holders.every((h) => h > 0);
      }, 30_000);
      expect((await rig.partitionHolders()).filter((pid) => pid === doomed.process.pid).length).toBeGreaterThanOrEqual(
        2,
      );
      // each replica answers (and caches) before the load: what it serves later must come from the events it reads
      for (const api of apis) await rig.apiKpis(api);

      const client = await connectAsync(rig.broker.url, {
        clientId: `scale-${process.pid}-pub`,
        protocolVersion: 5,
        reconnectPeriod: 500,
      });
      // an hour ago, so the whole stream lies in one month unless the month began less than an hour ago
      const now = Date.now();
      const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
      const base = Math.max(monthStart, now - 3_600_000);
      try {
        await rig.publish(client, 0, N / 2, base);
        doomed.process.kill('SIGKILL');
        rig.nats.kill(1);
        await rig.publish(client, N / 2, N, base);
      } finally {
        await client.endAsync();
      }

      // per signal N/4 samples; signal j's values run over (j + 4m) mod 10 + 1: for even j 1, 3, 5, 7, 9 (25 per 5
      // samples), for odd j 2, 4, 6, 8, 10 (30 per 5), so N/4/5 × 25 and N/4/5 × 30
      const expected: Record<string, number> = {};
      for (let j = 0; j < SIGNALS; j++) {
        expected[`count_s${j}`] = N / SIGNALS;
        expected[`sum_s${j}`] = (N / SIGNALS / 5) * (j % 2 === 0 ? 25 : 30);
      }
      const describeState = async () =>
        `KPIs ${JSON.stringify(await rig.kpis())}, stored ${JSON.stringify(await rig.stored())}`;
      await until(async () => isDeepStrictEqual(await rig.kpis(), expected), SETTLE_MS, describeState).catch(
        () => undefined,
      );
      expect(await rig.kpis()).toEqual(expected);
      expect(await rig.stored()).toEqual(
        Array.from({ length: SIGNALS }, (_, j) => ({
          signal: `scale.s${j}`,
          rows: String(N / SIGNALS),
          distinct: String(N / SIGNALS),
        })),
      );
      // the replicas cache for an hour: only the kpis.updated events they read can have dropped those caches
      const served = async () => Promise.all(apis.map((api) => rig.apiKpis(api)));
      // the same bound as every other wait here: a replica reads the last events behind a loaded bus
      await until(async () => (await served()).every((values) => isDeepStrictEqual(values, expected)), SETTLE_MS).catch(
        () => undefined,
      );
      expect(await served()).toEqual([expected, expected]);
      // the surviving workers' health reports every partition between them (leases may still be moving), none stuck
      type WorkerCheck = { ok: boolean; detail: { partitions: number[]; stuck: unknown[] } };
      type Checks = { 'kpi-worker': WorkerCheck; events: { ok: boolean; detail: { connected: boolean } } };
      const health = async (): Promise<Checks[]> =>
        Promise.all(
          others.map(async (w) => {
            const body = (await (await fetch(`http://127.0.0.1:${w.port}/health`)).json()) as { checks: Checks };
            return body.checks;
          }),
        );
      const held = async () => (await health()).flatMap((c) => c['kpi-worker'].detail.partitions).sort((a, b) => a - b);
      const all = Array.from({ length: PARTITIONS }, (_, p) => p);
      await until(async () => isDeepStrictEqual(await held(), all), SETTLE_MS).catch(() => undefined);
      expect(await held()).toEqual(all);
      for (const checks of await health()) {
        expect(checks['kpi-worker']).toMatchObject({ ok: true, detail: { stuck: [] } });
        // the bus between processes: connected, its events stored by the stream, the stream read
        expect(checks.events).toMatchObject({ ok: true, detail: { connected: true } });
      }
    },
    TEST_MS,
  );
});
