import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { connectAsync, type MqttClient } from 'mqtt';
import { connect as connectNats, StringCodec } from 'nats';
import { DEFAULT_LEASE_BUCKET } from '@bsc/cluster';
import { TwinModelBuilder } from '@bsc/twin';
import { spawnApp, waitForOk, type SpawnedApp } from '../support/spawn-app';
import { MosquittoBroker } from '../faults/support/mosquitto-broker';
import { PostgresCluster } from '../faults/support/postgres-cluster';
import { until } from '../faults/support/wait';
import { NatsCluster } from './support/nats-cluster';

/** Samples published; a multiple of 40 (4 signals, values cycling 1..10). SCALE_OUT_SAMPLES scales it up. */
const N = Number(process.env.SCALE_OUT_SAMPLES ?? 4_000);
const SIGNALS = 4;
const PARTITIONS = 8;
const DATABASE = 'scale';
const PREFIX = `scale-${process.pid}`;

/** Per signal a KPI that counts its samples in the month and one that sums them. */
function scaleModel(): object {
  const builder = TwinModelBuilder.line('scale-twin', 'Scale-out twin');
  for (let j = 0; j < SIGNALS; j++) {
    builder
      .signal({
        id: `scale.s${j}`,
        name: `S${j}`,
        range: { min: -1_000_000, max: 1_000_000 },
        source: { mqtt: { topic: `${PREFIX}/s${j}`, jsonPath: '$.v', timestampPath: '$.ts' } },
      })
      .kpi(`count_s${j}`, `count(scale.s${j}, period)`, { name: `Count ${j}`, unit: 'samples' })
      .kpi(`sum_s${j}`, `sum(scale.s${j}, period)`, { name: `Sum ${j}` });
  }
  return builder.objective('complete', 'plant', 'internal_process').toDocument();
}

/** Sample i: signal s<i mod 4>, value (i mod 10) + 1, at base + i ms. */
const valueOf = (i: number): number => (i % 10) + 1;

describe('scale-out', () => {
  let pg: PostgresCluster;
  let broker: MosquittoBroker;
  let nats: NatsCluster;
  let databaseUrl: string;
  let dir: string;
  const apps: SpawnedApp[] = [];

  beforeAll(async () => {
    [pg, broker, nats] = await Promise.all([PostgresCluster.start(), MosquittoBroker.start(), NatsCluster.start(3)]);
    databaseUrl = await pg.createDatabase(DATABASE);
    dir = mkdtempSync(join(tmpdir(), 'bsc-scale-'));
    writeFileSync(join(dir, 'scale-twin.json'), JSON.stringify(scaleModel()));
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) if (app.process.exitCode === null) app.process.kill('SIGKILL');
    await Promise.all(apps.map((a) => a.exited));
    nats?.destroy();
    await broker?.destroy();
    pg?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>): Promise<SpawnedApp> {
    const app = await spawnApp('dist/apps/ingestion/src/main.js', {
      BSC_PROFILE: 'production',
      DATABASE_URL: databaseUrl,
      MQTT_URL: broker.url,
      MODEL_FILE: join(dir, 'scale-twin.json'),
      ALERTS_ENABLED: 'false',
      ALERT_MQTT_TOPIC_PREFIX: '',
      LOG_LEVEL: 'warn',
      SAMPLE_LOG_URL: nats.urls,
      SAMPLE_LOG_REPLICAS: '3',
      KPI_PARTITIONS: String(PARTITIONS),
      KPI_LEASE_TTL_S: '3',
      ...env,
    });
    apps.push(app);
    await waitForOk(`http://127.0.0.1:${app.port}/health`, 60_000, app);
    return app;
  }

  const intake = (n: number) =>
    start({ SAMPLE_LOG: 'jetstream', MQTT_SHARE_GROUP: 'intake', MQTT_CLIENT_ID: `${PREFIX}-intake-${n}` });
  const worker = (n: number) => start({ INGEST_ROLE: 'worker', MQTT_CLIENT_ID: `${PREFIX}-worker-${n}` });

  async function publish(client: MqttClient, from: number, to: number, base: number): Promise<void> {
    for (let start = from; start < to; start += 200) {
      const sends: Promise<unknown>[] = [];
      for (let i = start; i < Math.min(to, start + 200); i++) {
        const topic = `${PREFIX}/s${i % SIGNALS}`;
        sends.push(client.publishAsync(topic, JSON.stringify({ v: valueOf(i), ts: base + i }), { qos: 1 }));
      }
      await Promise.all(sends);
    }
  }

  /** Which process (pid) holds each partition lease now: holders are named `<host>-<pid>-<uuid>`. */
  const partitionHolders = async (): Promise<number[]> => {
    const nc = await connectNats({ servers: nats.urls });
    try {
      const kv = await nc.jetstream().views.kv(DEFAULT_LEASE_BUCKET);
      const pids: number[] = [];
      for (let p = 0; p < PARTITIONS; p++) {
        const entry = await kv.get(`partition.${p}`);
        const holder = entry?.operation === 'PUT' ? StringCodec().decode(entry.value) : '';
        pids.push(Number(/-(\d+)-[0-9a-f-]{36}$/.exec(holder)?.[1] ?? 0));
      }
      return pids;
    } finally {
      await nc.close();
    }
  };

  const stored = async () =>
    pg.query<{ signal: string; rows: string; distinct: string }>(
      DATABASE,
      `SELECT signal_id AS signal, count(*) AS rows, count(DISTINCT ts) AS distinct FROM signal_sample
       GROUP BY signal_id ORDER BY signal_id`,
    );
  /** The newest revision of each KPI (all samples fall in one month). */
  const kpis = async (): Promise<Record<string, number | null>> => {
    const rows = await pg.query<{ kpi: string; value: number | null }>(
      DATABASE,
      `SELECT DISTINCT ON (kpi_id) kpi_id AS kpi, value FROM kpi_value_revision
       ORDER BY kpi_id, recorded_at DESC, id DESC`,
    );
    return Object.fromEntries(rows.map((r) => [r.kpi, r.value === null ? null : Number(r.value)]));
  };

  it(`${N} samples over shared subscriptions, 2 intakes, 3 KPI workers; a worker and a NATS node killed mid-stream: every KPI exact, 0 lost, 0 duplicated`, async () => {
    // the first start imports the model; the others find it
    await intake(1);
    await Promise.all([intake(2), worker(1), worker(2), worker(3)]);
    const doomed = apps[2];
    // every worker joins before the load, so the one killed owns partitions: 8 over 3 workers, at most 3 each
    const workerPids = apps.slice(2).map((a) => a.process.pid!);
    await until(async () => {
      const holders = await partitionHolders();
      return workerPids.every((pid) => holders.filter((h) => h === pid).length >= 2) && holders.every((h) => h > 0);
    }, 30_000);
    expect((await partitionHolders()).filter((pid) => pid === doomed.process.pid).length).toBeGreaterThanOrEqual(2);

    const client = await connectAsync(broker.url, {
      clientId: `${PREFIX}-pub`,
      protocolVersion: 5,
      reconnectPeriod: 500,
    });
    // an hour ago, so the whole stream lies in one month unless the month began less than an hour ago
    const now = Date.now();
    const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
    const base = Math.max(monthStart, now - 3_600_000);
    try {
      await publish(client, 0, N / 2, base);
      doomed.process.kill('SIGKILL');
      nats.kill(1);
      await publish(client, N / 2, N, base);
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
    await until(
      async () => isDeepStrictEqual(await kpis(), expected),
      120_000,
      async () => `KPIs ${JSON.stringify(await kpis())}, stored ${JSON.stringify(await stored())}`,
    ).catch(() => undefined);
    expect(await kpis()).toEqual(expected);
    expect(await stored()).toEqual(
      Array.from({ length: SIGNALS }, (_, j) => ({
        signal: `scale.s${j}`,
        rows: String(N / SIGNALS),
        distinct: String(N / SIGNALS),
      })),
    );
  }, 300_000);
});
