import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';
import type { MqttClient } from 'mqtt';
import { connect as connectNats, StringCodec } from 'nats';
import { DEFAULT_LEASE_BUCKET } from '@bsc/cluster';
import { TwinModelBuilder } from '@bsc/twin';
import { MosquittoBroker } from './mosquitto-broker';
import { NatsCluster } from './nats-cluster';
import { PostgresCluster } from './postgres-cluster';
import { spawnApp, waitForOk, type SpawnedApp } from './spawn-app';

export interface ScaleOutRigOptions {
  /** Signals, each with a count and a sum KPI. */
  signals: number;
  partitions: number;
  /** LEASE_TTL_S of every process: how long a dead worker's partitions wait for a successor. */
  leaseTtlS: number;
  /** LOG_LEVEL of the processes started. */
  logLevel?: string;
}

const DATABASE = 'scale';
/** HS256 secret the API replicas verify the rig's tokens with (a throw-away rig, never a deployment). */
const JWT_SECRET = 'scale-out-rig-secret-scale-out-rig-secret';

/** Sample i: signal s<i mod signals>, value (i mod 10) + 1, at base + i ms. */
export const valueOf = (i: number): number => (i % 10) + 1;

/**
 * The scaled topology on loopback, every server its own: a 3-node NATS JetStream cluster, PostgreSQL, Mosquitto, and
 * the processes started from dist: intakes on an MQTT shared subscription, KPI workers, API replicas. Shared by the
 * scale-out proof and bench:scale-out, so both start processes the same way.
 */
export class ScaleOutRig {
  readonly apps: SpawnedApp[] = [];
  private readonly prefix = `scale-${process.pid}`;

  private constructor(
    readonly options: ScaleOutRigOptions,
    readonly pg: PostgresCluster,
    readonly broker: MosquittoBroker,
    readonly nats: NatsCluster,
    private readonly databaseUrl: string,
    private readonly dir: string,
  ) {}

  static async start(options: ScaleOutRigOptions): Promise<ScaleOutRig> {
    const [pg, broker, nats] = await Promise.all([
      PostgresCluster.start(),
      MosquittoBroker.start(),
      NatsCluster.start(3),
    ]);
    const databaseUrl = await pg.createDatabase(DATABASE);
    const rig = new ScaleOutRig(options, pg, broker, nats, databaseUrl, mkdtempSync(join(tmpdir(), 'bsc-scale-')));
    writeFileSync(rig.modelFile, JSON.stringify(rig.model()));
    return rig;
  }

  private get modelFile(): string {
    return join(this.dir, 'scale-twin.json');
  }

  /** Per signal a KPI that counts its samples in the month and one that sums them. */
  private model(): object {
    const builder = TwinModelBuilder.line('scale-twin', 'Scale-out twin');
    for (let j = 0; j < this.options.signals; j++) {
      builder
        .signal({
          id: `scale.s${j}`,
          name: `S${j}`,
          range: { min: -1_000_000, max: 1_000_000 },
          source: { mqtt: { topic: `${this.prefix}/s${j}`, jsonPath: '$.v', timestampPath: '$.ts' } },
        })
        .kpi(`count_s${j}`, `count(scale.s${j}, period)`, { name: `Count ${j}`, unit: 'samples' })
        .kpi(`sum_s${j}`, `sum(scale.s${j}, period)`, { name: `Sum ${j}` });
    }
    return builder.objective('complete', 'plant', 'internal_process').toDocument();
  }

  private async start(entry: string, env: Record<string, string>): Promise<SpawnedApp> {
    const app = await spawnApp(entry, {
      BSC_PROFILE: 'production',
      DATABASE_URL: this.databaseUrl,
      MODEL_FILE: this.modelFile,
      LOG_LEVEL: this.options.logLevel ?? 'warn',
      EVENT_BUS_URL: this.nats.urls,
      EVENT_BUS_REPLICAS: '3',
      LEASE_TTL_S: String(this.options.leaseTtlS),
      ...env,
    });
    this.apps.push(app);
    await waitForOk(`http://127.0.0.1:${app.port}/health`, 90_000, app);
    return app;
  }

  private ingestion(env: Record<string, string>): Promise<SpawnedApp> {
    return this.start('dist/apps/ingestion/src/main.js', {
      MQTT_URL: this.broker.url,
      ALERTS_ENABLED: 'false',
      ALERT_MQTT_TOPIC_PREFIX: '',
      KPI_PARTITIONS: String(this.options.partitions),
      ...env,
    });
  }

  /**
   * An ingestion process appending to the sample log; the first one started imports the model. `env`: settings of
   * its own (alerts are off unless it turns them on).
   */
  intake(n: number, env: Record<string, string> = {}): Promise<SpawnedApp> {
    return this.ingestion({
      SAMPLE_LOG: 'jetstream',
      MQTT_SHARE_GROUP: 'intake',
      MQTT_CLIENT_ID: `${this.prefix}-intake-${n}`,
      ...env,
    });
  }

  worker(n: number, env: Record<string, string> = {}): Promise<SpawnedApp> {
    return this.ingestion({ INGEST_ROLE: 'worker', MQTT_CLIENT_ID: `${this.prefix}-worker-${n}`, ...env });
  }

  /** The MQTT topic signal s<j> is bound to. */
  topicOf(j: number): string {
    return `${this.prefix}/s${j}`;
  }

  /** Alerts raised so far by rule: [rule, KPI, message], oldest first. */
  alerts(): Promise<Array<{ rule: string; kpi: string | null; message: string }>> {
    return this.pg.query(DATABASE, `SELECT rule, kpi_id AS kpi, message FROM alert ORDER BY raised_at, id`);
  }

  /** An API replica whose caches outlive any run: only the events it reads can refresh what it serves. */
  api(): Promise<SpawnedApp> {
    return this.start('dist/apps/api/src/main.js', {
      JWT_SECRET,
      SCORECARD_CACHE_TTL_S: '3600',
      GRAPHQL_RESPONSE_CACHE_TTL_MS: '3600000',
    });
  }

  /** Publishes samples [from, to) at QoS 1, 200 in flight at a time. */
  async publish(client: MqttClient, from: number, to: number, base: number): Promise<void> {
    const { signals } = this.options;
    for (let start = from; start < to; start += 200) {
      const sends: Promise<unknown>[] = [];
      for (let i = start; i < Math.min(to, start + 200); i++) {
        const topic = this.topicOf(i % signals);
        sends.push(client.publishAsync(topic, JSON.stringify({ v: valueOf(i), ts: base + i }), { qos: 1 }));
      }
      await Promise.all(sends);
    }
  }

  /** Which process (pid) holds each partition lease now (0: none): holders are named `<host>-<pid>-<uuid>`. */
  async partitionHolders(): Promise<number[]> {
    const nc = await connectNats({ servers: this.nats.urls });
    try {
      const kv = await nc.jetstream().views.kv(DEFAULT_LEASE_BUCKET);
      const pids: number[] = [];
      for (let p = 0; p < this.options.partitions; p++) {
        const entry = await kv.get(`partition.${p}`);
        const holder = entry?.operation === 'PUT' ? StringCodec().decode(entry.value) : '';
        pids.push(Number(/-(\d+)-[0-9a-f-]{36}$/.exec(holder)?.[1] ?? 0));
      }
      return pids;
    } finally {
      await nc.close();
    }
  }

  /** Rows and distinct timestamps stored per signal. */
  stored(): Promise<Array<{ signal: string; rows: string; distinct: string }>> {
    return this.pg.query(
      DATABASE,
      `SELECT signal_id AS signal, count(*) AS rows, count(DISTINCT ts) AS distinct FROM signal_sample
       GROUP BY signal_id ORDER BY signal_id`,
    );
  }

  /** The newest revision of each KPI in the database (the rig's samples fall in one month). */
  async kpis(): Promise<Record<string, number | null>> {
    const rows = await this.pg.query<{ kpi: string; value: number | null }>(
      DATABASE,
      `SELECT DISTINCT ON (kpi_id) kpi_id AS kpi, value FROM kpi_value_revision
       ORDER BY kpi_id, recorded_at DESC, id DESC`,
    );
    return Object.fromEntries(rows.map((r) => [r.kpi, r.value === null ? null : Number(r.value)]));
  }

  /** Every KPI's current value as an API replica serves it over GraphQL. */
  async apiKpis(api: SpawnedApp): Promise<Record<string, number | null>> {
    const token = sign({ role: 'viewer' }, JWT_SECRET, {
      algorithm: 'HS256',
      subject: 'scale-out',
      issuer: 'bsc-twin',
    });
    const res = await fetch(`http://127.0.0.1:${api.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ kpis(first: 200) { nodes { id value } } }' }),
    });
    const body = (await res.json()) as {
      data?: { kpis: { nodes: Array<{ id: string; value: number | null }> } };
      errors?: unknown[];
    };
    if (!body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return Object.fromEntries(body.data.kpis.nodes.map((k) => [k.id, k.value]));
  }

  async destroy(): Promise<void> {
    for (const app of this.apps) if (app.process.exitCode === null) app.process.kill('SIGKILL');
    await Promise.all(this.apps.map((a) => a.exited));
    this.nats.destroy();
    await this.broker.destroy();
    this.pg.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
