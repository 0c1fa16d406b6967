/*
 * Restart split benchmark: the restart phase of bench:scale on its own, with where the time to ready goes. A generated
 * model (support/scale-model.ts) is imported into a scratch PostgreSQL database (on DATABASE_URL's server, default
 * the test one), --history-days of history (one sample per signal a day) and a last day at --day-step-s are seeded
 * as if stored live, then the ingestion starts once with a full replay (KPI_REPLAY_HISTORY=full) and --rounds times
 * from the checkpoint the previous run stored at its stop, alternating with --old-entry's build when given. Printed
 * per start: time to ready, CPU, boot until the KPI start, and the KPI start's own figures from its log line
 * (checkpoint read, engine set-up, decode, late check, horizon reads, evaluation, catch-up).
 * Last line: one JSON object.
 *   node dist/scripts/bench/bench-restart-split.js [--size 10k] [--history-days 7] [--day-step-s 3600] [--rounds 4]
 *     [--old-entry tmp/old/dist/apps/ingestion/src/main.js] [--log-dir DIR] (each start's log kept there, with the
 *     spawn time on its first line, to read the boot stage by stage) [--timeout-s 300] (per start)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { openDataSource, SampleRepository } from '@bsc/persistence';
import { bsc } from './support/cli-child';
import { startIngestion, stopIngestion } from './support/ingestion-child';
import { seedHistory } from './support/scale-history';
import { SCALE_SIZES, scaleModel, type ScaleSize } from './support/scale-model';
import { createScratchDatabase } from '../rig/scratch-database';
import { argString } from './support/bench-args';

const DAY_MS = 86_400_000;

const SIZE = argString('size', '10k') as ScaleSize;
const HISTORY_DAYS = Number(argString('history-days', '7'));
const DAY_STEP_MS = Number(argString('day-step-s', '3600')) * 1000;
const ROUNDS = Number(argString('rounds', '4'));
/** Another build's ingestion entry (relative to the repository): checkpoint starts alternate between it and this. */
const OLD_ENTRY = argString('old-entry', '');
const LOG_DIR = argString('log-dir', '');
/** How long one start may take to be ready (the full replay of 100k signals' day takes longer than the default). */
const TIMEOUT_MS = Number(argString('timeout-s', '300')) * 1000;
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const progress = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * The start's split from the app's log (pino lines, `time` in ms): boot until the KPI state is started, the KPI start
 * itself (its own figures: checkpoint read, decode, horizon reads, evaluation, replay), then until /health answered.
 */
function startSplit(output: string, spawnedAt: number, readyMs: number): Record<string, unknown> | null {
  for (const line of output.split('\n')) {
    if (!line.includes('KPI state rebuilt')) continue;
    try {
      const { time, ms, level, pid, hostname, context, msg, ...figures } = JSON.parse(line) as Record<string, number>;
      void [level, pid, hostname, context, msg];
      const bootMs = time - ms - spawnedAt;
      return { bootMs, kpiMs: ms, ...figures, untilReadyMs: readyMs - bootMs - ms };
    } catch {
      return { line };
    }
  }
  return null;
}

async function main(): Promise<void> {
  const signals = SCALE_SIZES[SIZE];
  const dir = mkdtempSync(join(tmpdir(), `bsc-bench-restart-split-`));
  const database = await createScratchDatabase(SERVER_URL, `bsc_restart_${SIZE}`);
  try {
    const modelFile = join(dir, 'model.yaml');
    writeFileSync(modelFile, dump(scaleModel(signals, `bench-restart-${process.pid}`), { lineWidth: -1 }));
    const env: Record<string, string> = {
      BSC_PROFILE: 'production',
      DATA_DIR: dir,
      MODEL_FILE: modelFile,
      MQTT_URL: process.env.MQTT_URL || 'mqtt://127.0.0.1:1883',
      MQTT_CLIENT_ID: `bench-restart-${process.pid}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ALERTS_ENABLED: 'false',
      ALERT_MQTT_TOPIC_PREFIX: '',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
    };
    await bsc(['model', 'import', modelFile], env);
    const dataSource = await openDataSource({ databaseUrl: database.url });
    const samples = new SampleRepository(dataSource);
    const now = Date.now();
    const yearFrom = Math.floor((now - HISTORY_DAYS * DAY_MS) / DAY_MS) * DAY_MS + DAY_MS / 2;
    const older = await seedHistory(samples, signals, { from: yearFrom, to: now - DAY_MS, stepMs: DAY_MS });
    const day = await seedHistory(samples, signals, { from: now - DAY_MS, to: now - 60_000, stepMs: DAY_STEP_MS });
    await dataSource.destroy();
    progress(`${SIZE}: seeded ${older} + ${day} samples in ${Date.now() - now} ms`);
    const runs = [];
    const modes = [
      'full',
      ...Array.from({ length: ROUNDS }, (_, i) => (OLD_ENTRY && i % 2 === 1 ? 'old' : 'checkpoint')),
    ];
    for (const mode of modes) {
      const spawnedAt = Date.now();
      const started = await startIngestion(
        { ...env, ...(mode === 'full' ? { KPI_REPLAY_HISTORY: 'full' } : {}) },
        TIMEOUT_MS,
        [],
        mode === 'old' ? OLD_ENTRY : undefined,
      );
      await stopIngestion(started.app);
      const figures = startSplit(started.app.output(), spawnedAt, started.readyMs);
      if (LOG_DIR) {
        const file = join(LOG_DIR, `${SIZE}-${runs.length}-${mode}.log`);
        writeFileSync(file, `${JSON.stringify({ spawnedAt, readyMs: started.readyMs })}\n${started.app.output()}`);
      }
      runs.push({ mode, readyMs: started.readyMs, cpuMs: started.cpuMs, start: figures });
      progress(`${mode}: ready ${started.readyMs} ms, cpu ${started.cpuMs} ms, ${JSON.stringify(figures)}`);
    }
    process.stdout.write(`${JSON.stringify({ size: SIZE, samples: older + day, runs })}\n`);
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  progress(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
