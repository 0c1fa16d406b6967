import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { TwinModelBuilder } from '@bsc/twin';
import { spawnApp, stopApp, type SpawnedApp } from '../../../scripts/rig/spawn-app';
import { MosquittoBroker } from '../../../scripts/rig/mosquitto-broker';
import { PostgresCluster } from '../../../scripts/rig/postgres-cluster';
import { until } from '../../../scripts/rig/wait';

/** The one signal every fault scenario streams: one JSON message per sample, values 1..10 so sums are exact. */
export const SIGNAL = 'fault.value';
export const SPARKPLUG_GROUP = 'faults';
export const DATABASE = 'faults';

/** A twin whose KPIs count and sum every sample of the signal in the month: a lost or doubled sample shows. */
export function faultModel(prefix: string): object {
  return (
    TwinModelBuilder.line('fault-twin', 'Fault injection twin')
      .signal({
        id: SIGNAL,
        name: 'Value',
        range: { min: -1_000_000, max: 1_000_000 },
        source: { mqtt: { topic: `${prefix}/value`, jsonPath: '$.v', timestampPath: '$.ts' } },
      })
      // Binds a Sparkplug group so the Sparkplug host runs; garbage arrives from another edge node.
      .signal({
        id: 'fault.sparkplug',
        name: 'Sparkplug value',
        source: { sparkplug: { group: SPARKPLUG_GROUP, edgeNode: 'node1', metric: 'M' } },
      })
      .kpi('fault_count', `count(${SIGNAL}, period)`, { name: 'Samples', unit: 'samples' })
      .kpi('fault_sum', `sum(${SIGNAL}, period)`, { name: 'Sum' })
      .objective('complete', 'plant', 'internal_process')
      .toDocument()
  );
}

/** Value of sample i: 1, 2, ..., 10, 1, 2, ... so n samples (n a multiple of 10) sum to n / 10 * 55. */
export const valueOf = (i: number): number => (i % 10) + 1;

/** Sample timestamps: consecutive milliseconds from an hour ago (inside the current month unless it began less than an hour ago). */
export function sampleBase(now = Date.now()): number {
  const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
  return Math.max(monthStart, now - 3_600_000);
}

/** Its own PostgreSQL cluster and persistent Mosquitto, a model file, and the production-profile ingestion app. */
export class FaultRig {
  readonly prefix = `faults-${process.pid}`;
  readonly clientId = `bsc-ingestion-faults-${process.pid}`;
  app: SpawnedApp | undefined;

  private constructor(
    readonly pg: PostgresCluster,
    readonly broker: MosquittoBroker,
    readonly databaseUrl: string,
    private readonly dir: string,
  ) {}

  static async start(): Promise<FaultRig> {
    const [pg, broker] = await Promise.all([PostgresCluster.start(), MosquittoBroker.start()]);
    const databaseUrl = await pg.createDatabase(DATABASE);
    const rig = new FaultRig(pg, broker, databaseUrl, mkdtempSync(join(tmpdir(), 'bsc-faults-')));
    writeFileSync(rig.modelFile, JSON.stringify(faultModel(rig.prefix)));
    return rig;
  }

  get modelFile(): string {
    return join(this.dir, 'fault-twin.json');
  }

  get topic(): string {
    return `${this.prefix}/value`;
  }

  /** Starts ingestion (production profile) and waits until /health is 200. */
  async startIngestion(env: Record<string, string> = {}): Promise<{ app: SpawnedApp; readyMs: number }> {
    const started = Date.now();
    const app = await spawnApp('dist/apps/ingestion/src/main.js', {
      BSC_PROFILE: 'production',
      DATABASE_URL: this.databaseUrl,
      MQTT_URL: this.broker.url,
      MQTT_CLIENT_ID: this.clientId,
      MODEL_FILE: this.modelFile,
      ALERTS_ENABLED: 'false',
      ALERT_MQTT_TOPIC_PREFIX: '',
      LOG_LEVEL: 'warn',
      ...env,
    });
    this.app = app;
    await until(
      async () => (await fetch(this.url('/health'))).ok,
      60_000,
      () => this.explain(),
    );
    return { app, readyMs: Date.now() - started };
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.app!.port}${path}`;
  }

  async explain(): Promise<string> {
    const health = await fetch(this.url('/health'))
      .then((r) => r.text())
      .catch((e: Error) => e.message);
    return `\nhealth: ${health}\noutput:\n${this.app?.output().slice(-4_000) ?? ''}`;
  }

  publisher(): Promise<MqttClient> {
    return connectAsync(this.broker.url, {
      clientId: `${this.prefix}-pub-${Math.random().toString(36).slice(2, 7)}`,
      protocolVersion: 5,
      reconnectPeriod: 500,
    });
  }

  /** Publishes good samples from..to-1 (QoS 1), 200 in flight at a time. */
  async publishGood(client: MqttClient, from: number, to: number, base: number): Promise<void> {
    for (let start = from; start < to; start += 200) {
      const end = Math.min(to, start + 200);
      const sends: Promise<unknown>[] = [];
      for (let i = start; i < end; i++)
        sends.push(client.publishAsync(this.topic, JSON.stringify({ v: valueOf(i), ts: base + i }), { qos: 1 }));
      await Promise.all(sends);
    }
  }

  async stored(): Promise<{ rows: number; distinct: number; sum: number }> {
    const [row] = await this.pg.query<{ rows: string; distinct: string; sum: number | null }>(
      DATABASE,
      `SELECT count(*) AS rows, count(DISTINCT ts) AS distinct, sum(value) AS sum FROM signal_sample WHERE signal_id = $1`,
      [SIGNAL],
    );
    return { rows: Number(row.rows), distinct: Number(row.distinct), sum: Number(row.sum ?? 0) };
  }

  /** The newest revision of a KPI's current period. */
  async kpi(kpiId: string): Promise<number | null> {
    const rows = await this.pg.query<{ value: number | null }>(
      DATABASE,
      `SELECT value FROM kpi_value_revision WHERE kpi_id = $1 ORDER BY recorded_at DESC, id DESC LIMIT 1`,
      [kpiId],
    );
    return rows[0]?.value ?? null;
  }

  /** Dead letters of one source, counted by reason. */
  async deadLetters(source: string): Promise<Record<string, number>> {
    const rows = await this.pg.query<{ reason: string; n: string }>(
      DATABASE,
      `SELECT reason, count(*) AS n FROM dead_letter WHERE source = $1 GROUP BY reason`,
      [source],
    );
    return Object.fromEntries(rows.map((r) => [r.reason, Number(r.n)]));
  }

  /** Waits until the stored samples and both KPIs show exactly `n` samples (0 lost, 0 duplicated). */
  async caughtUp(n: number, timeoutMs = 60_000): Promise<void> {
    const expectedSum = (n / 10) * 55;
    await until(
      async () => {
        const s = await this.stored();
        return s.rows === n && (await this.kpi('fault_count')) === n && (await this.kpi('fault_sum')) === expectedSum;
      },
      timeoutMs,
      async () =>
        `stored ${JSON.stringify(await this.stored())}, count ${await this.kpi('fault_count')}, sum ${await this.kpi('fault_sum')}${await this.explain()}`,
    );
  }

  async metrics(): Promise<string> {
    return (await fetch(this.url('/metrics'))).text();
  }

  async stop(): Promise<void> {
    if (this.app) await stopApp(this.app);
    this.app = undefined;
  }

  async destroy(): Promise<void> {
    if (this.app && this.app.process.exitCode === null) this.app.process.kill('SIGKILL');
    await this.broker.destroy();
    this.pg.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
