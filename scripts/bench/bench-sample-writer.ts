/*
 * The sample writer alone: SampleRepository.insertNew (samples and their rollups, one transaction a batch) onto a
 * database of its own, 10 signals with one sample per ms each, as bench:ingest's QoS 0 phase sends them; or, with
 * `--signals N`, N signals with one sample per second each, in signal order (an OPC UA subscription's shape). Reports
 * stored rows/s and the CPU it took: this process and, on PostgreSQL, the server backends of the pool (read from
 * /proc, so only for a server on this machine). Prints a table, then ONE JSON line of figures.
 *   DATABASE_URL=postgres://user@host/anydb node dist/scripts/bench/bench-sample-writer.js [--rows 200000]
 *     [--batch 5000] [--min-batch 500] [--concurrency 1] [--signals 50000]  (without DATABASE_URL: SQLite in a temp dir)
 * --min-batch makes the batch sizes vary between it and --batch (a fixed sequence), as group commit forms them.
 * The writes store samples only (rollups are folded from closed minutes); the fold of the written minutes into their
 * minute, hour and day rows then runs once, timed apart (`fold*` figures, per minute row written and per row stored:
 * at one sample a second a minute row holds 60 samples, here the samples of each signal span a few minutes, so the
 * fold's cost a stored row is far above the steady one). `total*` adds the write's and the fold's CPU a row.
 */
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { openDataSource, SampleRepository } from '@bsc/persistence';
import { createScratchDatabase } from '../rig/scratch-database';
import { round } from './support/ingest-measurements';
import { argNumber, hasFlag } from './support/bench-args';

const ROWS = argNumber('rows', 200_000);
const BATCH = argNumber('batch', 5_000);
const MIN_BATCH = Math.min(BATCH, argNumber('min-batch', BATCH));
const CONCURRENCY = argNumber('concurrency', 1);
/** Without --signals: 10 signals, one sample per ms each; with it, one sample per second each. */
const SIGNALS = argNumber('signals', 10);
const STEP_MS = hasFlag('signals') ? 1_000 : 1;
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/** Where each batch starts and how many rows it holds: sizes from MIN_BATCH to BATCH, in a fixed scrambled order. */
function batchPlan(rows: number): Array<{ start: number; size: number }> {
  const plan = [];
  for (let start = 0, k = 0; start < rows; k++) {
    const size = Math.min(rows - start, MIN_BATCH + ((k * 7_919) % (BATCH - MIN_BATCH + 1)));
    plan.push({ start, size });
    start += size;
  }
  return plan;
}

function batchAt({ start, size }: { start: number; size: number }, baseTs: number) {
  const samples = [];
  for (let i = 0; i < size; i++) {
    const n = start + i;
    const m = Math.floor(n / SIGNALS);
    samples.push({
      signalId: `bench.s${n % SIGNALS}`,
      ts: baseTs + m * STEP_MS,
      value: (m % 97) + (n % SIGNALS),
      quality: 'good' as const,
      source: 'mqtt',
    });
  }
  return samples;
}

/** CPU seconds of the server processes serving this database (the pool's connections). */
async function serverCpuS(dataSource: DataSource): Promise<number> {
  const rows: Array<{ pid: number }> = await dataSource.query(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // not on this machine (or already gone): counted as nothing
    }
  }
  return ticks / TICKS_PER_S;
}

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL;
  const scratch = server ? await createScratchDatabase(server, 'bench_writer') : undefined;
  const dir = scratch ? undefined : mkdtempSync(join(tmpdir(), 'bsc-bench-writer-'));
  const dataSource = await openDataSource(
    scratch ? { databaseUrl: scratch.url } : { sqlitePath: join(dir!, 'bench.sqlite') },
  );
  try {
    const repo = new SampleRepository(dataSource);
    const baseTs = Date.now() - 3 * 86_400_000;
    const plan = batchPlan(ROWS);
    // one batch first, so connections, plans and partitions exist before the clock starts
    await repo.insertNew(batchAt({ start: 0, size: BATCH }, baseTs - 86_400_000));
    // ... and folded, so the timed fold reads the timed rows' minutes alone
    const foldFrom = baseTs - (baseTs % 60_000);
    await repo.foldRollups(foldFrom);
    const server0 = scratch ? await serverCpuS(dataSource) : 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    let stored = 0;
    const worker = async (): Promise<void> => {
      while (next < plan.length) {
        const fresh = await repo.insertNew(batchAt(plan[next++], baseTs));
        stored += fresh.length; // after the await: `stored += await ...` would add to a stale total
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const serverS = scratch ? (await serverCpuS(dataSource)) - server0 : 0;
    const processS = (cpu.user + cpu.system) / 1e6;
    const fold = await timedFold(dataSource, repo, foldFrom, scratch !== undefined);
    const figures = {
      bench: 'sample-writer',
      database: scratch ? 'postgres' : 'sqlite',
      rows: stored,
      signals: SIGNALS,
      batch: BATCH,
      minBatch: MIN_BATCH,
      concurrency: CONCURRENCY,
      rowsPerS: Math.round(stored / seconds),
      processCpuUsPerRow: round((processS * 1e6) / stored, 1),
      serverCpuUsPerRow: scratch ? round((serverS * 1e6) / stored, 1) : null,
      foldMinuteRows: fold.minuteRows,
      foldMs: round(fold.seconds * 1000, 1),
      foldProcessCpuUsPerRow: round((fold.processS * 1e6) / stored, 2),
      foldServerCpuUsPerRow: scratch ? round((fold.serverS * 1e6) / stored, 2) : null,
      foldServerCpuUsPerMinuteRow: scratch ? round((fold.serverS * 1e6) / fold.minuteRows, 2) : null,
      totalProcessCpuUsPerRow: round(((processS + fold.processS) * 1e6) / stored, 2),
      totalServerCpuUsPerRow: scratch ? round(((serverS + fold.serverS) * 1e6) / stored, 2) : null,
    };
    process.stdout.write(
      `\nSample writer (${figures.database}, ${stored} rows of ${SIGNALS} signals, batches of ${MIN_BATCH}-${BATCH}, ${CONCURRENCY} at once)\n` +
        `  stored rows/s         ${figures.rowsPerS}\n` +
        `  process CPU per row   ${figures.processCpuUsPerRow} us\n` +
        (scratch ? `  server CPU per row    ${figures.serverCpuUsPerRow} us\n` : '') +
        `  fold of ${fold.minuteRows} minute rows  ${figures.foldMs} ms, process ${figures.foldProcessCpuUsPerRow} us a row` +
        (scratch ? `, server ${figures.foldServerCpuUsPerRow} us a row\n` : '\n') +
        `  write + fold          process ${figures.totalProcessCpuUsPerRow} us a row` +
        (scratch ? `, server ${figures.totalServerCpuUsPerRow} us a row\n` : '\n') +
        `${JSON.stringify(figures)}\n`,
    );
  } finally {
    await dataSource.destroy();
    await scratch?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** One fold of every minute written, timed: wall, process and server CPU, and the minute rows it wrote. */
async function timedFold(dataSource: DataSource, repo: SampleRepository, from: number, postgres: boolean) {
  const server0 = postgres ? await serverCpuS(dataSource) : 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await repo.foldRollups(Date.now());
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const serverS = postgres ? (await serverCpuS(dataSource)) - server0 : 0;
  const [{ n }] = await dataSource.query<Array<{ n: string | number }>>(
    `SELECT count(*) AS n FROM signal_rollup WHERE width_ms = 60000 AND bucket_start >= ${from}`,
  );
  return { minuteRows: Number(n), seconds, processS: (cpu.user + cpu.system) / 1e6, serverS };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench-sample-writer failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
