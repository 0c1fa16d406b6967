/*
 * The KPI revision write as the ingestion does it once a second (KpiValueRepository.appendRevisions stamped by the
 * clock: the newest revision of each pair looked up so repeats are skipped and the new ones recorded after it, then
 * the new ones inserted), on PostgreSQL, against pairs
 * that have gathered 1, 100 and 1,000 revisions each (an open period of a KPI that moves with time gets one a
 * second). Side by side at each depth: the lookup the write used before (the scorecard's as-known read `asOf` over
 * the pairs' KPI ids and period keys, which reads the distinct pairs first) and the whole write as it is now.
 *   DATABASE_URL=postgres://user@host/anydb node dist/scripts/bench/bench-kpi-revisions.js [--kpis 2000] [--rounds 5]
 * Prints a table, then ONE JSON line.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { KpiValue } from '@bsc/common';
import { KpiValueRepository, openDataSource } from '@bsc/persistence';
import { createScratchDatabase } from '../rig/scratch-database';
import { argNumber } from './support/bench-args';
import { median } from './support/bench-stats';

const KPIS = argNumber('kpis', 2_000);
const ROUNDS = argNumber('rounds', 5);
const DEPTHS = [1, 100, 1_000];
const PERIOD = { periodKey: '2026-12', periodStart: Date.UTC(2026, 11, 1), periodEnd: Date.UTC(2027, 0, 1) };

const value = (kpi: number, v: number, at: number): KpiValue => ({
  kpiId: `k${kpi}`,
  ...PERIOD,
  value: v,
  asOf: at,
  computedAt: at,
  quality: { coverage: 1, stale: false, quality: 'good' },
  origin: 'computed',
});

const ms = (x: number): number => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const server = process.env.DATABASE_URL;
  if (!server) throw new Error("DATABASE_URL (a PostgreSQL server) is required: the lookup measured is PostgreSQL's");
  const results: Array<{ depth: number; rows: number; lookupBeforeMs: number; appendNowMs: number }> = [];
  for (const depth of DEPTHS) {
    const scratch = await createScratchDatabase(server, 'bench_revisions');
    const dataSource = await openDataSource({ databaseUrl: scratch.url });
    try {
      const repo = new KpiValueRepository(dataSource);
      // `depth` revisions of every pair, recorded a second apart, as the write would have left them
      await dataSource.query(
        `INSERT INTO kpi_value_revision (kpi_id, period_key, period_start, period_end, value, coverage, stale, quality, ` +
          `origin, as_of, computed_at, model_version, recorded_at) ` +
          `SELECT 'k' || k, $1, $2, $3, d, 1, false, 'good', 'computed', d * 1000, d * 1000, 1, d * 1000 ` +
          `FROM generate_series(0, $4 - 1) k, generate_series(1, $5) d`,
        [PERIOD.periodKey, PERIOD.periodStart, PERIOD.periodEnd, KPIS, depth],
      );
      await dataSource.query('ANALYZE kpi_value_revision');
      const ids = Array.from({ length: KPIS }, (_, k) => `k${k}`);
      const before: number[] = [];
      const now: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        let started = performance.now();
        await repo.asOf(ids, [PERIOD.periodKey]);
        before.push(performance.now() - started);
        const at = (depth + 1 + round) * 1000;
        started = performance.now();
        // every value new (no repeat), as for KPIs that move every second; stamped by the clock, as the ingestion's
        const stored = await repo.appendRevisions(
          ids.map((_, k) => value(k, depth + 1 + round, at)),
          1,
        );
        now.push(performance.now() - started);
        if (stored !== KPIS) throw new Error(`round ${round}: ${stored} of ${KPIS} revisions stored`);
      }
      results.push({ depth, rows: KPIS * depth, lookupBeforeMs: ms(median(before)), appendNowMs: ms(median(now)) });
    } finally {
      await dataSource.destroy();
      await scratch.drop();
    }
  }
  process.stdout.write(
    `KPI revision write (postgres, ${KPIS} pairs, median of ${ROUNDS} rounds)\n` +
      results
        .map(
          (r) =>
            `  ${String(r.depth).padStart(5)} revisions a pair: lookup before ${r.lookupBeforeMs} ms, whole write now ${r.appendNowMs} ms`,
        )
        .join('\n') +
      '\n',
  );
  process.stdout.write(`${JSON.stringify({ bench: 'kpi-revisions', kpis: KPIS, rounds: ROUNDS, results })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
