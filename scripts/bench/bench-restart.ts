/*
 * Restart benchmark: how long ingestion (production profile, its compiled `dist` entry) takes to be ready and to
 * catch up after `kill -9` with a day of live state, against a persistent broker (MQTT_URL, default the machine's
 * Mosquitto on 1883) and SQLite in a temp folder (or DATABASE_URL, which must be a database of its own).
 * Baselines in the same run: the first start on an empty database, and a clean restart with the same state.
 *   node dist/scripts/bench/bench-restart.js [--signals 20] [--hours 24] [--rate 200]
 * The broker must queue what arrives while ingestion is down (max_queued_messages above rate × 2 s here).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import type { SignalSample } from '@bsc/common';
import { openDataSource, SampleRepository } from '@bsc/persistence';
import { ModelBuilder } from '@bsc/twin';
import { sleep, startIngestion, stopIngestion } from './support/ingestion-child';

/** One stored sample per signal this often over the seeded history. */
const HISTORY_STEP_MS = 10_000;
const LIVE_SECONDS = 4;
const SEED_BATCH = 10_000;
const STEP_TIMEOUT_MS = 180_000;
const KILL_AFTER_S = 2;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const SIGNALS = arg('signals', 20);
const HOURS = arg('hours', 24);
/** Live samples/s; the broker queues rate × downtime messages for the session (Mosquitto keeps 1,000 by default). */
const RATE = arg('rate', 200);
const MQTT_URL = process.env.MQTT_URL || 'mqtt://127.0.0.1:1883';
const DATABASE_URL = process.env.DATABASE_URL;

const progress = (line: string): void => void process.stderr.write(`${line}\n`);

function benchModel(prefix: string): object {
  const model = ModelBuilder.line('restart-bench', 'Restart benchmark');
  for (let i = 0; i < SIGNALS; i++) {
    model.signal({
      id: `restart.s${i}`,
      name: `Signal ${i}`,
      source: { mqtt: { topic: `${prefix}/s${i}`, jsonPath: '$.v', timestampPath: '$.ts' } },
    });
    model.kpi(`restart_k${i}`, `KPI ${i}`, `sum(restart.s${i}, period)`);
  }
  return model.objective('all', 'All').build();
}

/** Publishes RATE samples/s round-robin over the signals until `stop()`; resolves with how many were acknowledged. */
function livePublisher(client: MqttClient, prefix: string, firstTs: number): { stop(): Promise<number> } {
  let running = true;
  let sent = 0;
  const pending: Promise<unknown>[] = [];
  const loop = (async () => {
    const started = Date.now();
    while (running) {
      const due = Math.floor(((Date.now() - started) / 1000) * RATE);
      for (; sent < due; sent++) {
        pending.push(
          client.publishAsync(`${prefix}/s${sent % SIGNALS}`, JSON.stringify({ v: 1, ts: firstTs + sent }), { qos: 1 }),
        );
      }
      await sleep(10);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await Promise.all(pending);
      return sent;
    },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bsc-bench-restart-'));
  const prefix = `bench-restart-${process.pid}`;
  const modelFile = join(dir, 'model.json');
  writeFileSync(modelFile, JSON.stringify(benchModel(prefix)));
  const env: Record<string, string> = {
    BSC_PROFILE: 'production',
    DATA_DIR: dir,
    MODEL_FILE: modelFile,
    MQTT_URL,
    MQTT_CLIENT_ID: `${prefix}-ingestion`,
    ALERTS_ENABLED: 'false',
    ALERT_MQTT_TOPIC_PREFIX: '',
    LOG_LEVEL: 'warn',
    ...(DATABASE_URL ? { DATABASE_URL } : {}),
  };
  const sampleStore = () =>
    openDataSource(DATABASE_URL ? { databaseUrl: DATABASE_URL } : { sqlitePath: join(dir, 'bsc.sqlite') }, {
      migrate: false,
    });
  try {
    // 1. First start on an empty database (migrations, model import): the baseline.
    const first = await startIngestion(env, STEP_TIMEOUT_MS);
    progress(`first start ready in ${first.readyMs} ms`);
    await stopIngestion(first.app);

    // 2. A day of live state: one sample per signal every HISTORY_STEP_MS.
    const now = Date.now();
    const from = now - HOURS * 3_600_000;
    const dataSource = await sampleStore();
    const samples = new SampleRepository(dataSource);
    let seeded = 0;
    let batch: SignalSample[] = [];
    for (let ts = from; ts < now - 60_000; ts += HISTORY_STEP_MS) {
      for (let s = 0; s < SIGNALS; s++)
        batch.push({ signalId: `restart.s${s}`, ts, value: 1, quality: 'good', source: 'bench' });
      if (batch.length >= SEED_BATCH) {
        seeded += await samples.insertBatch(batch, now);
        batch = [];
      }
    }
    seeded += await samples.insertBatch(batch, now);
    progress(`seeded ${seeded} samples`);

    // 3. Clean restart with that state (KPI replay included).
    const clean = await startIngestion(env, STEP_TIMEOUT_MS);
    progress(`clean restart ready in ${clean.readyMs} ms`);

    // 4. Live stream; kill -9 mid-stream; the stream goes on while ingestion is down; restart.
    const client = await connectAsync(MQTT_URL, { clientId: `${prefix}-pub`, protocolVersion: 5 });
    const live = livePublisher(client, prefix, now);
    await sleep(KILL_AFTER_S * 1000);
    await stopIngestion(clean.app, 'SIGKILL');
    progress('killed (SIGKILL) mid-stream');
    await sleep((LIVE_SECONDS - KILL_AFTER_S) * 1000);
    const restartedAt = Date.now();
    const [restarted, published] = await Promise.all([startIngestion(env, STEP_TIMEOUT_MS), live.stop()]);
    const expected = seeded + published;
    progress(`restarted after kill -9, ready in ${restarted.readyMs} ms; ${published} live samples published`);
    let stored = 0;
    while ((stored = await samples.count()) < expected) {
      if (Date.now() - restartedAt > STEP_TIMEOUT_MS)
        throw new Error(`stored ${stored} of ${expected} samples after ${STEP_TIMEOUT_MS} ms`);
      await sleep(50);
    }
    const caughtUpMs = Date.now() - restartedAt;
    await client.endAsync();
    await stopIngestion(restarted.app);
    await dataSource.destroy();
    // Leave no persistent session behind on the broker.
    await (
      await connectAsync(MQTT_URL, {
        clientId: env.MQTT_CLIENT_ID,
        clean: true,
        protocolVersion: 5,
        properties: { sessionExpiryInterval: 0 },
      })
    ).endAsync();

    const figures = {
      signals: SIGNALS,
      historyHours: HOURS,
      seededSamples: seeded,
      liveSamples: published,
      storedSamples: stored,
      readyEmptyMs: first.readyMs,
      readyCleanRestartMs: clean.readyMs,
      readyAfterKillMs: restarted.readyMs,
      caughtUpAfterKillMs: caughtUpMs,
    };
    process.stdout.write(
      [
        `first start, empty database        ${first.readyMs} ms to ready`,
        `clean restart, ${seeded} samples   ${clean.readyMs} ms to ready`,
        `after kill -9 mid-stream           ${restarted.readyMs} ms to ready, ${caughtUpMs} ms to caught up (${published} live samples)`,
      ].join('\n') + '\n',
    );
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
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
