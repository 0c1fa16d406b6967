/*
 * Soak benchmark: a steady load through the production path (MQTT QoS 1 → ingestion as a child process, production
 * profile → SQLite in a temp folder or DATABASE_URL) for N minutes, printing backlog, lag, RSS and heap over time,
 * and the RSS and heap slopes over the steady phase (after a 20 % warm-up). Baseline in the same run: the idle
 * process before the load starts. The leak figure is the slope of the live heap (in use right after each major
 * collection): RSS and heap in use also carry garbage awaiting collection, so their slopes follow the collector's
 * saw-tooth and over short runs say little. Needs a broker: MQTT_URL, default the machine's Mosquitto on 1883.
 *   node dist/scripts/bench/bench-soak.js [--minutes 1] [--rate 10000]
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { TwinModelBuilder } from '@bsc/twin';
import { metricSum, sleep, startIngestion, stopIngestion } from './support/ingestion-child';
import { argNumber } from './support/bench-args';

const MINUTES = argNumber('minutes', 1);
/** Samples per second; each message carries SIGNALS samples. */
const RATE = argNumber('rate', 10_000);
const SIGNALS = 10;
/** Most unacknowledged QoS 1 publishes; beyond it the publisher waits (it then measures ingestion, not RAM). */
const PUBLISH_WINDOW = 2_000;
const WARM_UP_SHARE = 0.2;
const MQTT_URL = process.env.MQTT_URL || 'mqtt://127.0.0.1:1883';
const DATABASE_URL = process.env.DATABASE_URL;

interface Point {
  minute: number;
  published: number;
  stored: number;
  lagMs: number;
  rssMb: number;
  heapMb: number;
  /** Heap in use after the latest major collection (0 before the first one). */
  liveMb: number;
}

function soakModel(prefix: string): object {
  const model = TwinModelBuilder.line('soak-bench', 'Soak benchmark');
  for (let i = 0; i < SIGNALS; i++) {
    model.signal({
      id: `soak.s${i}`,
      name: `Signal ${i}`,
      source: { mqtt: { topic: `${prefix}/data`, jsonPath: `$.s${i}`, timestampPath: '$.ts' } },
    });
    model.kpi(`soak_k${i}`, `avg(soak.s${i}, period)`, { name: `KPI ${i}` });
  }
  return model.objective('all', 'plant', 'internal_process').toDocument();
}

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

/** One point per major collection seen (the live heap only changes when one ran). */
function liveReadings(points: readonly Point[]): Array<{ x: number; y: number }> {
  const readings: Array<{ x: number; y: number }> = [];
  for (const p of points) {
    if (p.liveMb > 0 && p.liveMb !== readings[readings.length - 1]?.y) readings.push({ x: p.minute, y: p.liveMb });
  }
  return readings;
}

/** Publishes RATE samples/s (one message per ms of timestamps, SIGNALS samples each) until the deadline. */
async function publish(
  client: MqttClient,
  topic: string,
  firstTs: number,
  until: number,
  count: { messages: number },
): Promise<void> {
  const started = Date.now();
  const window = new Set<Promise<unknown>>();
  while (Date.now() < until) {
    const due = Math.floor(((Date.now() - started) / 1000) * (RATE / SIGNALS));
    for (; count.messages < due && window.size < PUBLISH_WINDOW; count.messages++) {
      const m = count.messages;
      const fields = [`"ts":${firstTs + m}`];
      for (let s = 0; s < SIGNALS; s++) fields.push(`"s${s}":${(m + s) % 100}`);
      const sent = client.publishAsync(topic, `{${fields.join(',')}}`, { qos: 1 });
      window.add(sent);
      void sent.finally(() => window.delete(sent));
    }
    await sleep(5);
  }
  await Promise.all(window);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bsc-bench-soak-'));
  const prefix = `bench-soak-${process.pid}`;
  const modelFile = join(dir, 'model.json');
  writeFileSync(modelFile, JSON.stringify(soakModel(prefix)));
  const clientId = `${prefix}-ingestion`;
  const { app } = await startIngestion({
    BSC_PROFILE: 'production',
    DATA_DIR: dir,
    MODEL_FILE: modelFile,
    MQTT_URL,
    MQTT_CLIENT_ID: clientId,
    ALERTS_ENABLED: 'false',
    ALERT_MQTT_TOPIC_PREFIX: '',
    LOG_LEVEL: 'warn',
    ...(DATABASE_URL ? { DATABASE_URL } : {}),
  });
  const scrape = async (): Promise<string> => (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
  const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10;
  try {
    const idle = await scrape();
    const baseline = {
      rssMb: mb(metricSum(idle, 'bsc_process_resident_memory_bytes')),
      heapMb: mb(metricSum(idle, 'bsc_nodejs_heap_size_used_bytes')),
      liveMb: mb(metricSum(idle, 'bsc_heap_after_major_gc_bytes')),
    };
    const client = await connectAsync(MQTT_URL, { clientId: `${prefix}-pub`, protocolVersion: 5 });
    const durationMs = MINUTES * 60_000;
    const started = Date.now();
    const count = { messages: 0 };
    const publishing = publish(client, `${prefix}/data`, started - 60_000_000, started + durationMs, count);
    const points: Point[] = [];
    const interval = Math.max(5_000, durationMs / 30);
    let lagBefore = { sum: 0, count: 0 };
    process.stdout.write('minute  published    stored  backlog  lag ms   RSS MB  heap MB  live MB\n');
    while (Date.now() - started < durationMs) {
      await sleep(Math.min(interval, started + durationMs - Date.now()));
      const text = await scrape();
      const lag = {
        sum: metricSum(text, 'bsc_ingest_lag_seconds_sum'),
        count: metricSum(text, 'bsc_ingest_lag_seconds_count'),
      };
      const n = lag.count - lagBefore.count;
      const point: Point = {
        minute: Math.round(((Date.now() - started) / 60_000) * 100) / 100,
        published: count.messages * SIGNALS,
        stored: metricSum(text, 'bsc_samples_stored_total'),
        lagMs: n > 0 ? Math.round(((lag.sum - lagBefore.sum) / n) * 1000) : 0,
        rssMb: mb(metricSum(text, 'bsc_process_resident_memory_bytes')),
        heapMb: mb(metricSum(text, 'bsc_nodejs_heap_size_used_bytes')),
        liveMb: mb(metricSum(text, 'bsc_heap_after_major_gc_bytes')),
      };
      lagBefore = lag;
      points.push(point);
      const cells = [
        point.minute,
        point.published,
        point.stored,
        point.published - point.stored,
        point.lagMs,
        point.rssMb,
        point.heapMb,
        point.liveMb,
      ];
      process.stdout.write(`${cells.map((c, i) => String(c).padStart(i === 0 ? 6 : 9)).join(' ')}\n`);
    }
    await publishing;
    await client.endAsync();
    // Leave no persistent session behind on the broker.
    await (
      await connectAsync(MQTT_URL, {
        clientId,
        clean: true,
        protocolVersion: 5,
        properties: { sessionExpiryInterval: 0 },
      })
    )
      .endAsync()
      .catch(() => undefined);

    const steady = points.filter((p) => p.minute >= MINUTES * WARM_UP_SHARE);
    const last = points[points.length - 1];
    const figures = {
      minutes: MINUTES,
      rate: RATE,
      achievedRate: Math.round(last.stored / ((MINUTES * 60_000) / 1000)),
      published: last.published,
      stored: last.stored,
      finalBacklog: last.published - last.stored,
      meanLagMs: Math.round(steady.reduce((a, p) => a + p.lagMs, 0) / Math.max(1, steady.length)),
      baselineRssMb: baseline.rssMb,
      baselineHeapMb: baseline.heapMb,
      finalRssMb: last.rssMb,
      finalHeapMb: last.heapMb,
      rssSlopeMbPerMin: Math.round(slope(steady.map((p) => ({ x: p.minute, y: p.rssMb }))) * 100) / 100,
      heapSlopeMbPerMin: Math.round(slope(steady.map((p) => ({ x: p.minute, y: p.heapMb }))) * 100) / 100,
      baselineLiveMb: baseline.liveMb,
      finalLiveMb: last.liveMb,
      liveHeapSlopeMbPerMin: Math.round(slope(liveReadings(steady)) * 100) / 100,
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await stopIngestion(app);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
