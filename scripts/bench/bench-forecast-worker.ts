/*
 * The forecast runtime's cost to the API's main thread, on a generated model of as many KPIs as signals (see
 * largeKpiModel: its sliding-window KPIs have no daily values here, the others are forecast) with a few weeks of
 * history (one sample per signal a day) in SQLite in a temp folder (two copies: each path brings its own daily
 * values up to date). Each round runs one forecast cycle of every KPI as before (a new worker per job, started with
 * the model and the main thread's memo, the memo copied back) and as now (one long-lived worker holding the model
 * and the memo), alternately, at the same clock. Per cycle: wall time, the longest the main thread was blocked
 * meanwhile (the longest gap between a 5 ms timer's ticks, less 5 ms; under load it also counts waiting for a core),
 * its busy time (event-loop utilization), the time spent synchronously in `new Worker` (before), and a digest of
 * the outputs (the two paths agree when their digests do). Prints a table, then ONE JSON line.
 *   node dist/scripts/bench/bench-forecast-worker.js [--size 10k|100k] [--days 28] [--rounds 3]
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { openDataSource, SampleRepository } from '@bsc/persistence';
import type { ForecastJobOutput } from '../../apps/api/src/forecasts/job/forecast-job';
import { emptyForecastMemo, nextForecastMemo, type ForecastMemo } from '../../apps/api/src/forecasts/job/forecast-memo';
import type { ComputeForecastsInput } from '../../apps/api/src/forecasts/runtime/compute-forecasts';
import { forecastRunner } from '../../apps/api/src/forecasts/runtime/forecast-runner';
import type { ForecastRunOutput } from '../../apps/api/src/forecasts/runtime/forecast-session';
import { seedHistory } from './support/scale-history';
import { largeKpiModel } from './large-kpi-model';
import { SCALE_SIZES, type ScaleSize } from './support/scale-model';
import { argString } from './support/bench-args';

const DAY_MS = 86_400_000;
const TICK_MS = 5;

interface Cycle {
  path: 'before' | 'now';
  round: number;
  wallMs: number;
  /** The longest the main thread's event loop was blocked during the cycle. */
  maxBlockMs: number;
  /** The main thread's busy time during the cycle (event-loop utilization's active time). */
  busyMs: number;
  /** Spent synchronously in `new Worker` (before; null now: the job is posted in the runner's job chain). */
  startMs: number | null;
  digest: string;
  forecasts: number;
  skipped: number;
}

/** The worker of the runtime as it was: one job, then exit. */
const OLD_WORKER = `
require(${JSON.stringify(require.resolve('reflect-metadata'))});
const { parentPort, workerData } = require('node:worker_threads');
const { computeForecasts } = require(${JSON.stringify(require.resolve('../../apps/api/src/forecasts/runtime/compute-forecasts'))});
computeForecasts(workerData).then(
  (output) => parentPort.postMessage({ ok: true, output }),
  (error) => parentPort.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
);`;

/** The runtime as it was: one worker per job, handed the whole input (model and memo) as its workerData. */
function runOnNewWorker(input: ComputeForecastsInput): { started: number; output: Promise<ForecastJobOutput> } {
  const at = performance.now();
  const worker = new Worker(OLD_WORKER, { eval: true, workerData: input });
  const started = performance.now() - at;
  const output = new Promise<ForecastJobOutput>((resolve, reject) => {
    worker.once('message', (message: { ok: true; output: ForecastJobOutput } | { ok: false; error: string }) => {
      if (message.ok) resolve(message.output);
      else reject(new Error(`forecast worker failed: ${message.error}`));
      void worker.terminate();
    });
    worker.once('error', reject);
  });
  return { started, output };
}

/** Everything a cycle's output says, but its duration and its memo. */
function digestOf({ forecasts, links, skipped, global, reused }: ForecastRunOutput): string {
  return createHash('sha256')
    .update(JSON.stringify({ forecasts, links, skipped, global, reused }))
    .digest('hex')
    .slice(0, 16);
}

async function main(): Promise<void> {
  const size = argString('size', '10k') as ScaleSize;
  const signals = SCALE_SIZES[size];
  if (!signals) throw new Error(`--size is one of ${Object.keys(SCALE_SIZES).join(', ')}`);
  const days = Number(argString('days', '28'));
  const rounds = Number(argString('rounds', '3'));

  const dir = mkdtempSync(join(tmpdir(), 'bsc-forecast-worker-'));
  const databases = {
    before: { sqlitePath: join(dir, 'before.sqlite') },
    now: { sqlitePath: join(dir, 'now.sqlite') },
  };
  const runner = forecastRunner(databases.now);
  try {
    const model = largeKpiModel(signals);
    const kpis = model.kpis.map((k) => k.id);
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const dataSource = await openDataSource(databases.before);
    const stored = await seedHistory(new SampleRepository(dataSource), signals, {
      from: today - days * DAY_MS + DAY_MS / 2,
      to: today,
      stepMs: DAY_MS,
    });
    await dataSource.destroy();
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(databases.before.sqlitePath + suffix))
        copyFileSync(databases.before.sqlitePath + suffix, databases.now.sqlitePath + suffix);

    // the longest gap between the ticks of a 5 ms interval: the longest the main thread could not run a timer
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const at = performance.now();
      longest = Math.max(longest, at - last - TICK_MS);
      last = at;
    }, TICK_MS);
    const measured = async (
      path: Cycle['path'],
      round: number,
      run: () => { started: number | null; output: Promise<ForecastRunOutput> },
    ): Promise<Cycle> => {
      last = performance.now();
      longest = 0;
      const at = performance.now();
      const utilization = performance.eventLoopUtilization();
      const { started, output } = run();
      const out = await output;
      const wallMs = performance.now() - at;
      const maxBlockMs = Math.max(longest, performance.now() - last - TICK_MS);
      const busyMs = performance.eventLoopUtilization(utilization).active;
      return {
        path,
        round,
        wallMs,
        maxBlockMs,
        busyMs,
        startMs: started,
        digest: digestOf(out),
        forecasts: out.forecasts.length,
        skipped: out.skipped.length,
      };
    };

    let memo: ForecastMemo = emptyForecastMemo();
    const t0 = Date.now();
    const cycles: Cycle[] = [];
    for (let round = 0; round < rounds; round++) {
      const now = t0 + round * 60_000;
      const job = { now, links: round === 0, historyLoading: null };
      cycles.push(
        await measured('before', round, () => {
          const { started, output } = runOnNewWorker({ ...job, database: databases.before, model, memo });
          return {
            started,
            output: output.then((out) => {
              memo = nextForecastMemo(memo, out.memo, false, kpis);
              return out;
            }),
          };
        }),
      );
      cycles.push(
        await measured('now', round, () => ({
          started: null,
          output: runner.run(model, { kind: 'cycle', ...job }),
        })),
      );
    }
    clearInterval(ticker);
    // the workers' last log lines before the figures
    await runner.close();
    await new Promise((resolve) => setTimeout(resolve, 200));

    const round1 = (n: number) => Math.round(n * 10) / 10;
    const modelBytes = serialize(model).length;
    const memoBytes = serialize(memo).length;
    console.log(
      `forecast worker, ${signals} signals / ${kpis.length} KPIs, ${stored} samples over ${days} days, model ` +
        `${(modelBytes / 1e6).toFixed(1)} MB and memo ${(memoBytes / 1e6).toFixed(1)} MB serialized; ` +
        `1-minute load ${loadavg()[0].toFixed(1)}`,
    );
    console.log('round path    wall ms  max block ms  busy ms  start ms  forecasts  digest');
    for (const c of cycles)
      console.log(
        `${String(c.round).padStart(5)} ${c.path.padEnd(7)} ${round1(c.wallMs).toFixed(1).padStart(8)} ` +
          `${round1(c.maxBlockMs).toFixed(1).padStart(13)} ${round1(c.busyMs).toFixed(1).padStart(8)} ` +
          `${(c.startMs === null ? '-' : round1(c.startMs).toFixed(1)).padStart(9)} ` +
          `${String(c.forecasts).padStart(10)}  ${c.digest}`,
      );
    const same = cycles.every((c, i) => i % 2 === 0 || c.digest === cycles[i - 1].digest);
    console.log(`outputs identical: ${same}`);
    console.log(
      JSON.stringify({
        signals,
        kpis: kpis.length,
        stored,
        days,
        modelBytes,
        memoBytes,
        load1: loadavg()[0],
        same,
        cycles: cycles.map((c) => ({
          ...c,
          wallMs: round1(c.wallMs),
          maxBlockMs: round1(c.maxBlockMs),
          busyMs: round1(c.busyMs),
          startMs: c.startMs === null ? null : round1(c.startMs),
        })),
      }),
    );
  } finally {
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
