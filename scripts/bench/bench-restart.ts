/*
 * Restart benchmark: how long ingestion (production profile, its compiled `dist` entry) takes to be ready and to
 * catch up after `kill -9` with a day of live state, against a persistent broker (MQTT_URL, default the machine's
 * Mosquitto on 1883) and SQLite in a temp folder (or DATABASE_URL, which must be a database of its own).
 * Baselines in the same run: the first start on an empty database, a clean restart with the same state, and the
 * kill -9 restart as it was before start-up was trimmed (node-opcua loaded eagerly, the KPI replay reading every
 * stored sample: KPI_REPLAY_HISTORY=full), then the same restart as the app now runs. CPU time at ready is printed
 * beside wall time: on a shared machine wall time mostly measures the neighbours. Then KPI checkpoints off and on
 * side by side (alternated: off, on, off): time to ready, CPU, the stored samples the KPI start read
 * (bsc_kpi_start_samples), and the size of the stored checkpoint per KPI.
 *   node dist/scripts/bench/bench-restart.js [--signals 20] [--hours 24] [--rate 200] [--period month]
 * The KPIs' reporting period decides how much history the replay needs: the month so far by default.
 * The broker must queue what arrives while ingestion is down (max_queued_messages above rate × 2 s here).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import type { SignalSample } from '@bsc/common';
import type { DataSource } from 'typeorm';
import { openDataSource, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder, type ReportingPeriod } from '@bsc/twin';
import { metricSum, sleep, startIngestion, stopIngestion } from './support/ingestion-child';
import { argNumber, argString } from './support/bench-args';

/** How the app started before: node-opcua loaded with the code, the replay reading all history. */
const BEFORE = {
  nodeArgs: ['--require', 'node-opcua'],
  env: { KPI_REPLAY_HISTORY: 'full', KPI_CHECKPOINT_INTERVAL_S: '0' } as Record<string, string>,
};
/** Now without checkpoints: the bounded replay of the history the open periods need. */
const AFTER = { nodeArgs: [] as string[], env: { KPI_CHECKPOINT_INTERVAL_S: '0' } as Record<string, string> };
/** Now with a checkpoint every second: the restart restores the newest and reads what came after it. */
const CHECKPOINTS = { nodeArgs: [] as string[], env: { KPI_CHECKPOINT_INTERVAL_S: '1' } as Record<string, string> };
type Mode = typeof AFTER;

interface KillFigures {
  readyMs: number;
  cpuMs: number | null;
  caughtUpMs: number;
  liveSamples: number;
  /** Stored samples the KPI engine read at the restart (bsc_kpi_start_samples). */
  samplesRead: number;
}

/** One stored sample per signal this often over the seeded history. */
const HISTORY_STEP_MS = 10_000;
const LIVE_SECONDS = 4;
const SEED_BATCH = 10_000;
const STEP_TIMEOUT_MS = 180_000;
const KILL_AFTER_S = 2;

const SIGNALS = argNumber('signals', 20);
// validation refuses a period it does not know
const PERIOD = argString('period', 'month') as ReportingPeriod;
const HOURS = argNumber('hours', 24);
/** Live samples/s; the broker queues rate × downtime messages for the session (Mosquitto keeps 1,000 by default). */
const RATE = argNumber('rate', 200);
const MQTT_URL = process.env.MQTT_URL || 'mqtt://127.0.0.1:1883';
const DATABASE_URL = process.env.DATABASE_URL;

const progress = (line: string): void => void process.stderr.write(`${line}\n`);

function benchModel(prefix: string): object {
  const model = TwinModelBuilder.line('restart-bench', 'Restart benchmark');
  for (let i = 0; i < SIGNALS; i++) {
    model.signal({
      id: `restart.s${i}`,
      name: `Signal ${i}`,
      source: { mqtt: { topic: `${prefix}/s${i}`, jsonPath: '$.v', timestampPath: '$.ts' } },
    });
    model.kpi(`restart_k${i}`, `sum(restart.s${i}, period)`, { name: `KPI ${i}`, period: PERIOD });
  }
  return model.objective('all', 'plant', 'internal_process').toDocument();
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

const pad = (x: number | null): string => String(x ?? '-').padStart(24);

/** Size of the stored KPI checkpoint (the newest model version's), null when there is none. */
async function storedCheckpoint(dataSource: DataSource): Promise<{ bytes: number } | null> {
  const rows = await dataSource.getRepository<{ state: Buffer }>('kpi_checkpoint').find();
  return rows.length === 0 ? null : { bytes: Buffer.from(rows[0].state).length };
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

    // 3. Clean restart with that state (everything stored is published once: no revisions yet).
    const clean = await startIngestion(env, STEP_TIMEOUT_MS);
    progress(`clean restart ready in ${clean.readyMs} ms (cpu ${clean.cpuMs} ms)`);
    await stopIngestion(clean.app);

    // 4. Live stream; kill -9 mid-stream; the stream goes on while ingestion is down; restart. Before, then after.
    const client = await connectAsync(MQTT_URL, { clientId: `${prefix}-pub`, protocolVersion: 5 });
    let expected = seeded;
    let nextTs = now;
    const killCycle = async (mode: Mode, label: string): Promise<KillFigures> => {
      const running = await startIngestion({ ...env, ...mode.env }, STEP_TIMEOUT_MS, mode.nodeArgs);
      const live = livePublisher(client, prefix, nextTs);
      await sleep(KILL_AFTER_S * 1000);
      await stopIngestion(running.app, 'SIGKILL');
      await sleep((LIVE_SECONDS - KILL_AFTER_S) * 1000);
      const restartedAt = Date.now();
      const [restarted, published] = await Promise.all([
        startIngestion({ ...env, ...mode.env }, STEP_TIMEOUT_MS, mode.nodeArgs),
        live.stop(),
      ]);
      expected += published;
      nextTs += published;
      for (let stored = await samples.count(); stored < expected; stored = await samples.count()) {
        if (Date.now() - restartedAt > STEP_TIMEOUT_MS)
          throw new Error(`${label}: stored ${stored} of ${expected} samples after ${STEP_TIMEOUT_MS} ms`);
        await sleep(50);
      }
      const caughtUpMs = Date.now() - restartedAt;
      const metrics = await (await fetch(`http://127.0.0.1:${restarted.app.port}/metrics`)).text();
      const samplesRead = metricSum(metrics, 'bsc_kpi_start_samples');
      await stopIngestion(restarted.app);
      progress(
        `${label}: after kill -9 ready in ${restarted.readyMs} ms (cpu ${restarted.cpuMs} ms), caught up in ${caughtUpMs} ms, ${samplesRead} samples read`,
      );
      return { readyMs: restarted.readyMs, cpuMs: restarted.cpuMs, caughtUpMs, liveSamples: published, samplesRead };
    };
    const before = await killCycle(BEFORE, 'before (eager node-opcua, full replay)');
    // alternated, so neither side gets the quieter moment of a shared machine
    const after = await killCycle(AFTER, 'after, checkpoints off');
    const withCheckpoints = await killCycle(CHECKPOINTS, 'after, checkpoints on');
    const afterAgain = await killCycle(AFTER, 'after, checkpoints off (again)');
    const checkpoint = await storedCheckpoint(dataSource);
    const stored = await samples.count();
    await client.endAsync();
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
      period: PERIOD,
      seededSamples: seeded,
      liveSamples: before.liveSamples + after.liveSamples + withCheckpoints.liveSamples + afterAgain.liveSamples,
      storedSamples: stored,
      lostSamples: expected - stored,
      readyEmptyMs: first.readyMs,
      readyCleanRestartMs: clean.readyMs,
      kpis: SIGNALS,
      before,
      after,
      checkpointsOn: withCheckpoints,
      afterAgain,
      checkpointBytes: checkpoint?.bytes ?? null,
      checkpointBytesPerKpi: checkpoint ? Math.round(checkpoint.bytes / SIGNALS) : null,
    };
    process.stdout.write(
      [
        `first start, empty database                     ${first.readyMs} ms to ready (cpu ${first.cpuMs} ms)`,
        `clean restart, ${seeded} samples                ${clean.readyMs} ms to ready (cpu ${clean.cpuMs} ms)`,
        `after kill -9, before (eager, full replay)      ${before.readyMs} ms to ready (cpu ${before.cpuMs} ms), ${before.caughtUpMs} ms to caught up`,
        `after kill -9, after                            ${after.readyMs} ms to ready (cpu ${after.cpuMs} ms), ${after.caughtUpMs} ms to caught up`,
        '',
        'kill -9 restart, KPI checkpoints       off (bounded replay)        on (every 1 s)              off (again)',
        `  ready                                ${pad(after.readyMs)} ms ${pad(withCheckpoints.readyMs)} ms ${pad(afterAgain.readyMs)} ms`,
        `  cpu at ready                         ${pad(after.cpuMs)} ms ${pad(withCheckpoints.cpuMs)} ms ${pad(afterAgain.cpuMs)} ms`,
        `  stored samples read by the KPI start ${pad(after.samplesRead)}    ${pad(withCheckpoints.samplesRead)}    ${pad(afterAgain.samplesRead)}`,
        `checkpoint: ${checkpoint?.bytes ?? '-'} bytes for ${SIGNALS} KPIs (${checkpoint ? (checkpoint.bytes / SIGNALS).toFixed(0) : '-'} bytes per KPI)`,
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
