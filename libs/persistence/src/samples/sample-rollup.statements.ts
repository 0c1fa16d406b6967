import type { SignalSample } from '@bsc/common';
import type { DataSource } from 'typeorm';
import {
  chunk,
  isPostgres,
  maxRowsPerStatement,
  PG_ARRAY_ROWS_PER_STATEMENT,
  statementChunks,
  tableRef,
  valuesPlaceholders,
  type Statement,
} from '../data-source/sql-dialect';
import { SignalRollupEntity } from '../entities/signal-rollup.entity';

/** Rollup bucket widths, finest first: a minute, an hour, a day (UTC-aligned: multiples of the width since the epoch). */
export const ROLLUP_WIDTHS_MS = [60_000, 3_600_000, 86_400_000] as const;

export const ROLLUP_COLUMNS =
  'signal_id, width_ms, bucket_start, sample_count, value_sum, min_value, max_value, first_ts, first_value, last_ts, last_value';
const ROLLUP_COLUMN_COUNT = 11;
/** The columns' array types, for PostgreSQL's unnest. */
const PG_ARRAY_TYPES = [
  'varchar',
  'int',
  'bigint',
  'int',
  'float8',
  'float8',
  'float8',
  'bigint',
  'float8',
  'bigint',
  'float8',
] as const;

/** Start of the bucket of `width` holding `ts` (a floor, also before 1970). */
export function bucketStart(ts: number, width: number): number {
  return ts - (((ts % width) + width) % width);
}

/**
 * Merges a bucket's new samples into the stored row: counts and sums add, extremes compare, and first/last move only
 * to an earlier/later sample. Samples are never updated (a re-delivery is ignored), so adding is exact. Every
 * right-hand side reads the row as it was (both dialects), so first_ts and first_value switch together.
 */
export function mergeClause(): string {
  return (
    'ON CONFLICT (signal_id, width_ms, bucket_start) DO UPDATE SET ' +
    'sample_count = r.sample_count + excluded.sample_count, value_sum = r.value_sum + excluded.value_sum, ' +
    'min_value = CASE WHEN excluded.min_value < r.min_value THEN excluded.min_value ELSE r.min_value END, ' +
    'max_value = CASE WHEN excluded.max_value > r.max_value THEN excluded.max_value ELSE r.max_value END, ' +
    'first_ts = CASE WHEN excluded.first_ts < r.first_ts THEN excluded.first_ts ELSE r.first_ts END, ' +
    'first_value = CASE WHEN excluded.first_ts < r.first_ts THEN excluded.first_value ELSE r.first_value END, ' +
    'last_ts = CASE WHEN excluded.last_ts > r.last_ts THEN excluded.last_ts ELSE r.last_ts END, ' +
    'last_value = CASE WHEN excluded.last_ts > r.last_ts THEN excluded.last_value ELSE r.last_value END'
  );
}

interface RollupRow {
  signalId: string;
  width: number;
  start: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  firstTs: number;
  first: number;
  lastTs: number;
  last: number;
}

/**
 * The rollup rows a set of new samples adds, one per signal, width and bucket (samples without a number skipped),
 * sorted by that key: concurrent writers then lock the buckets they share in the same order (no deadlock). Only
 * samples of a minute before `foldedUpTo`, which the fold has passed (late samples), get rows here: the others reach
 * their minute, hour and day rows when their minute is folded from the stored samples.
 */
export function rollupRows(samples: readonly SignalSample[], foldedUpTo: number): RollupRow[] {
  // per signal, one map per width keyed by bucket start: numeric keys, no key string built per sample and width
  const bySignal = new Map<string, Array<Map<number, RollupRow>>>();
  const rows: RollupRow[] = [];
  for (const s of samples) {
    if (Number.isNaN(s.value) || bucketStart(s.ts, ROLLUP_WIDTHS_MS[0]) >= foldedUpTo) continue;
    let buckets = bySignal.get(s.signalId);
    if (!buckets) bySignal.set(s.signalId, (buckets = ROLLUP_WIDTHS_MS.map(() => new Map<number, RollupRow>())));
    for (let w = 0; w < ROLLUP_WIDTHS_MS.length; w++) {
      const width = ROLLUP_WIDTHS_MS[w];
      const start = bucketStart(s.ts, width);
      const row = buckets[w].get(start);
      if (!row) {
        const added: RollupRow = {
          signalId: s.signalId,
          width,
          start,
          count: 1,
          sum: s.value,
          min: s.value,
          max: s.value,
          firstTs: s.ts,
          first: s.value,
          lastTs: s.ts,
          last: s.value,
        };
        buckets[w].set(start, added);
        rows.push(added);
        continue;
      }
      row.count += 1;
      row.sum += s.value;
      if (s.value < row.min) row.min = s.value;
      if (s.value > row.max) row.max = s.value;
      if (s.ts < row.firstTs) [row.firstTs, row.first] = [s.ts, s.value];
      if (s.ts > row.lastTs) [row.lastTs, row.last] = [s.ts, s.value];
    }
  }
  return rows.sort(byBucketKey);
}

function byBucketKey(a: RollupRow, b: RollupRow): number {
  if (a.signalId !== b.signalId) return a.signalId < b.signalId ? -1 : 1;
  return a.width - b.width || a.start - b.start;
}

/**
 * Multi-row upserts of the rollup rows that late samples add (see rollupRows), run in the inserting transaction.
 * PostgreSQL gets one INSERT ... SELECT FROM unnest(arrays), as the samples do: 11 parameters whatever the row
 * count, so the server parses a short text instead of a VALUES list of thousands of rows; unnest yields the rows in
 * array order, so buckets are still locked in key order. SQLite gets VALUES in power-of-two statements.
 */
export function rollupUpsertStatements(
  dataSource: DataSource,
  samples: readonly SignalSample[],
  foldedUpTo: number,
): Statement[] {
  const table = tableRef(dataSource, SignalRollupEntity);
  if (isPostgres(dataSource)) {
    const arrays = PG_ARRAY_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
    const sql = `INSERT INTO ${table} AS r (${ROLLUP_COLUMNS}) SELECT * FROM unnest(${arrays}) ${mergeClause()}`;
    return chunk(rollupRows(samples, foldedUpTo), PG_ARRAY_ROWS_PER_STATEMENT).map((rows) => ({
      sql,
      params: rollupArrays(rows),
    }));
  }
  const max = maxRowsPerStatement(dataSource, ROLLUP_COLUMN_COUNT);
  return statementChunks(dataSource, rollupRows(samples, foldedUpTo), max).map((rows) => ({
    sql:
      `INSERT INTO ${table} AS r (${ROLLUP_COLUMNS}) ` +
      `VALUES ${valuesPlaceholders(dataSource, rows.length, ROLLUP_COLUMN_COUNT)} ${mergeClause()}`,
    params: rollupParams(rows),
  }));
}

/** One array per column, in column order (PostgreSQL's unnest). */
function rollupArrays(rows: readonly RollupRow[]): unknown[] {
  const columns = PG_ARRAY_TYPES.map(() => new Array<unknown>(rows.length));
  rows.forEach((r, i) => {
    columns[0][i] = r.signalId;
    columns[1][i] = r.width;
    columns[2][i] = r.start;
    columns[3][i] = r.count;
    columns[4][i] = r.sum;
    columns[5][i] = r.min;
    columns[6][i] = r.max;
    columns[7][i] = r.firstTs;
    columns[8][i] = r.first;
    columns[9][i] = r.lastTs;
    columns[10][i] = r.last;
  });
  return columns;
}

/** The rows' values in column order, into one preallocated array (a flatMap of 11-value arrays cost µs per row). */
function rollupParams(rows: readonly RollupRow[]): unknown[] {
  const params: unknown[] = new Array(rows.length * ROLLUP_COLUMN_COUNT);
  let i = 0;
  for (const r of rows) {
    params[i++] = r.signalId;
    params[i++] = r.width;
    params[i++] = r.start;
    params[i++] = r.count;
    params[i++] = r.sum;
    params[i++] = r.min;
    params[i++] = r.max;
    params[i++] = r.firstTs;
    params[i++] = r.first;
    params[i++] = r.lastTs;
    params[i++] = r.last;
  }
  return params;
}
