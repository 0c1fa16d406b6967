/*
 * A forecast batch's store step as the API takes it after every batch (ForecastRepository.saveForecasts of the
 * batch's forecasts, then purgeComputedBefore for retention), on PostgreSQL, against a forecast table that has kept
 * --days days of a model's forecasts (--kpis KPIs forecast every 10 minutes, stamped as their batches spread over
 * each cycle, so that each purge removes one batch's worth, as in the steady state at that retention). Side by side
 * at each depth, in one database: without the computation-time indexes (the schema before migration
 * ForecastComputedAtIndexes, where a purge walked the whole (KPI, time) index) and with them. Then the worker's side
 * of a batch's database work (its connection, the partition statistics check and a read of the stored structures):
 * a connection opened and closed per batch (before) against one kept by the session (KeptDataSource, now), wall and
 * process CPU per batch.
 *   DATABASE_URL=postgres://user@host/anydb node dist/scripts/bench/bench-forecast-store.js [--kpis 10000]
 *     [--days 0.25,1] [--batches 30]
 * Prints a table, then ONE JSON line.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import {
  ForecastRepository,
  ForecastStructureRepository,
  KeptDataSource,
  openDataSource,
  SamplePartitionRepository,
} from '@bsc/persistence';
import type { DataSource } from 'typeorm';
import { createScratchDatabase } from '../rig/scratch-database';
import { argNumber, argText } from './support/bench-args';
import { median, ownCpuMs } from './support/bench-stats';

const KPIS = argNumber('kpis', 10_000);
const DAYS = (argText('days') ?? '0.25,1').split(',').map(Number);
const BATCHES = argNumber('batches', 30);
/** Forecasts a batch stores: the forecast queue's batch size. */
const BATCH = 16;
const CYCLE_MS = 600_000;
const START = Date.UTC(2026, 0, 1);
const INDEXES = [
  ['forecast_result', 'IDX_forecast_result_computed_at'],
  ['link_estimate', 'IDX_link_estimate_computed_at'],
] as const;
/** About the size of a stored forecast's payload (a period's points, intervals and period-end projection). */
const PAYLOAD = JSON.stringify({
  points: Array.from({ length: 30 }, (_, i) => ({ ts: START + i * 86_400_000, mean: 1, lower80: 0.5, upper80: 1.5 })),
});

const ms = (x: number): number => Math.round(x * 100) / 100;

/** `rows` forecasts, the i-th stamped i / kpis of a cycle after START: one cycle's batches spread over the cycle. */
async function seed(dataSource: DataSource, rows: number): Promise<void> {
  await dataSource.query(
    `INSERT INTO forecast_result (kpi_id, computed_at, method, horizon, period_key, probability, payload) ` +
      `SELECT 'k' || (i % $1), $2 + (i * $3::float8 / $1)::bigint, 'ensemble', 30, '2026-Q1', 0.5, $4 ` +
      `FROM generate_series(0, $5 - 1) i`,
    [KPIS, START, CYCLE_MS, PAYLOAD, rows],
  );
  await dataSource.query('ANALYZE forecast_result');
}

/** Median ms of a batch's save and of its purge; each purge removes the oldest batch's worth. */
async function storeBatches(repo: ForecastRepository, rows: number, first: number) {
  const save: number[] = [];
  const purge: number[] = [];
  const stepMs = (BATCH * CYCLE_MS) / KPIS;
  const newest = START + (rows * CYCLE_MS) / KPIS;
  for (let b = first; b < first + BATCHES; b++) {
    const forecasts = Array.from({ length: BATCH }, (_, i) => ({
      kpiId: `k${(b * BATCH + i) % KPIS}`,
      computedAt: newest + b * stepMs,
      method: 'ensemble',
      horizon: 30,
      periodKey: '2026-Q1',
      probability: 0.5,
      payload: JSON.parse(PAYLOAD) as unknown,
    }));
    let started = performance.now();
    await repo.saveForecasts(forecasts);
    save.push(performance.now() - started);
    started = performance.now();
    const removed = await repo.purgeComputedBefore(START + (b + 1) * stepMs);
    purge.push(performance.now() - started);
    if (removed < BATCH - 1 || removed > BATCH + 1) throw new Error(`batch ${b}: the purge removed ${removed} rows`);
  }
  return { saveMs: ms(median(save)), purgeMs: ms(median(purge)) };
}

/** Median wall and process CPU ms of a batch's database work on the worker's side, per connection policy. */
async function connectionWork(url: string) {
  const work = async (dataSource: DataSource) => {
    await new SamplePartitionRepository(dataSource).analyzeStale();
    await new ForecastStructureRepository(dataSource).readAll();
  };
  const measure = async (batch: () => Promise<void>) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let b = 0; b < BATCHES; b++) {
      const [started, cpuStarted] = [performance.now(), ownCpuMs()];
      await batch();
      wall.push(performance.now() - started);
      cpu.push(ownCpuMs() - cpuStarted);
    }
    return { wallMs: ms(median(wall)), cpuMs: ms(median(cpu)) };
  };
  const before = await measure(async () => {
    const dataSource = await openDataSource({ databaseUrl: url }, { migrate: false });
    await work(dataSource).finally(() => dataSource.destroy());
  });
  const kept = new KeptDataSource({ databaseUrl: url });
  const now = await measure(async () => work(await kept.get())).finally(() => kept.close());
  return { before, now };
}

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error("DATABASE_URL (a PostgreSQL server) is required: the purge measured is PostgreSQL's");
  const results = [];
  let connection: Awaited<ReturnType<typeof connectionWork>> | undefined;
  for (const days of DAYS) {
    const rows = Math.round((days * 86_400_000 * KPIS) / CYCLE_MS);
    const scratch = await createScratchDatabase(server, 'bench_forecast_store');
    const dataSource = await openDataSource({ databaseUrl: scratch.url });
    try {
      await seed(dataSource, rows);
      const repo = new ForecastRepository(dataSource);
      for (const [, index] of INDEXES) await dataSource.query(`DROP INDEX "${index}"`);
      const before = await storeBatches(repo, rows, 0);
      for (const [table, index] of INDEXES) await dataSource.query(`CREATE INDEX "${index}" ON ${table} (computed_at)`);
      await dataSource.query('ANALYZE forecast_result');
      const now = await storeBatches(repo, rows, BATCHES);
      results.push({ days, rows, before, now });
      connection ??= await connectionWork(scratch.url);
    } finally {
      await dataSource.destroy();
      await scratch.drop();
    }
  }
  process.stdout.write(
    `Forecast batch store (postgres, ${KPIS} KPIs every 10 min, ${BATCH} forecasts a batch, median of ${BATCHES})\n` +
      results
        .map(
          (r) =>
            `  ${String(r.days).padStart(5)} days kept (${r.rows} rows): purge before ${r.before.purgeMs} ms, ` +
            `now ${r.now.purgeMs} ms; save before ${r.before.saveMs} ms, now ${r.now.saveMs} ms`,
        )
        .join('\n') +
      '\n' +
      (connection
        ? `A batch's connection, partition statistics check and structures read (median of ${BATCHES}): opened per ` +
          `batch ${connection.before.wallMs} ms wall, ${connection.before.cpuMs} ms process CPU; kept ` +
          `${connection.now.wallMs} ms, ${connection.now.cpuMs} ms\n`
        : ''),
  );
  process.stdout.write(
    `${JSON.stringify({ bench: 'forecast-store', kpis: KPIS, batch: BATCH, batches: BATCHES, results, connection })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
