import type { DataSource } from 'typeorm';
import { tableRef } from '../data-source/sql-dialect';
import { SignalRollupFoldEntity } from '../entities/signal-rollup-fold.entity';
import { SignalRollupEntity } from '../entities/signal-rollup.entity';
import { SignalSampleEntity } from '../entities/signal-sample.entity';

/** One time bucket of a signal's numeric samples: its first and last sample, its extremes and how many it holds. */
export interface SampleBucket {
  /** Inclusive start of the bucket: origin + index * width (the origin is `from`, or the rollup grid before it). */
  start: number;
  firstTs: number;
  first: number;
  min: number;
  max: number;
  lastTs: number;
  last: number;
  count: number;
}

interface RawBucketRow {
  bucket: string | number;
  first_ts: string | number;
  last_ts: string | number;
  min_v: number;
  max_v: number;
  n: string | number;
  first_v: number;
  last_v: number;
}

/** Buckets of `widthMs` numbered from `origin`, over [from, to) (origin <= from). */
export interface BucketGrid {
  origin: number;
  widthMs: number;
  from: number;
  to: number;
}

type Query = { sql: string; params: Array<string | number> };

/** SQLite's placeholders are positional ("?"): every use binds its own parameter, in order of appearance. */
function parameters(dataSource: DataSource): { params: Array<string | number>; p: (value: string | number) => string } {
  const params: Array<string | number> = [];
  const p = (value: string | number): string => {
    params.push(value);
    return dataSource.driver.createParameter(`p${params.length - 1}`, params.length - 1);
  };
  return { params, p };
}

/**
 * Numeric samples of one signal in [from, to) grouped into buckets of `widthMs`, in one statement on SQLite and
 * PostgreSQL: the GROUP BY is one range scan of the (signal_id, ts) key, first and last values are then read by
 * their primary key. Min and max are kept per bucket, so a one-sample spike survives any downsampling.
 */
export function sampleBucketsQuery(dataSource: DataSource, signalId: string, grid: BucketGrid): Query {
  const table = tableRef(dataSource, SignalSampleEntity);
  const { params, p } = parameters(dataSource);
  const { origin, widthMs, from, to } = grid;
  // CAST(.. AS bigint): integer division on pg, INTEGER affinity (truncation) on SQLite; ts >= origin, so a floor
  const sql =
    `WITH b AS (SELECT CAST((ts - ${p(origin)}) / ${p(widthMs)} AS bigint) AS bucket, MIN(ts) AS first_ts, MAX(ts) AS last_ts, ` +
    `MIN(value) AS min_v, MAX(value) AS max_v, COUNT(*) AS n FROM ${table} ` +
    `WHERE signal_id = ${p(signalId)} AND ts >= ${p(from)} AND ts < ${p(to)} AND value IS NOT NULL ` +
    'GROUP BY 1) ' +
    'SELECT b.bucket AS bucket, b.first_ts AS first_ts, b.last_ts AS last_ts, b.min_v AS min_v, b.max_v AS max_v, ' +
    'b.n AS n, f.value AS first_v, l.value AS last_v FROM b ' +
    `JOIN ${table} f ON f.signal_id = ${p(signalId)} AND f.ts = b.first_ts ` +
    `JOIN ${table} l ON l.signal_id = ${p(signalId)} AND l.ts = b.last_ts ORDER BY b.bucket`;
  return { sql, params };
}

/**
 * The same buckets from the rollups of width `rollupMs` (which divides grid.widthMs, and grid.origin, from and to
 * lie on its multiples): one rollup row per `rollupMs` instead of every sample. First and last values are those of
 * the rollup rows holding the bucket's first and last sample. The rollups hold the samples of the minutes before the
 * fold watermark; the samples from it on (not folded yet: a minute or two) are read beside them, in the same
 * statement (one snapshot: a fold commits its rows and the watermark together), so the figures are those of every
 * sample.
 */
export function rollupBucketsQuery(
  dataSource: DataSource,
  signalId: string,
  grid: BucketGrid,
  rollupMs: number,
): Query {
  const table = tableRef(dataSource, SignalRollupEntity);
  const samples = tableRef(dataSource, SignalSampleEntity);
  const fold = tableRef(dataSource, SignalRollupFoldEntity);
  const { params, p } = parameters(dataSource);
  const { origin, widthMs, from, to } = grid;
  const bucket = (start: string) => `CAST((${start} - ${p(origin)}) / ${p(widthMs)} AS bigint) AS bucket`;
  const rollups =
    `SELECT ${bucket('bucket_start')}, first_ts, last_ts, min_value, max_value, sample_count, first_value, ` +
    `last_value FROM ${table} WHERE signal_id = ${p(signalId)} AND width_ms = ${p(rollupMs)} ` +
    `AND bucket_start >= ${p(from)} AND bucket_start < ${p(to)}`;
  const unfolded =
    `SELECT ${bucket('ts')}, ts, ts, value, value, 1, value, value FROM ${samples} ` +
    `WHERE signal_id = ${p(signalId)} AND ts >= ${p(from)} AND ts < ${p(to)} AND value IS NOT NULL ` +
    `AND ts >= (SELECT up_to FROM ${fold} WHERE name = 'folded')`;
  // window functions instead of joining back for the first and last values: one range scan of the key, whatever
  // the planner's statistics say (a join back on a computed bucket start was planned as a scan per bucket)
  const sql =
    'SELECT bucket, MIN(first_ts) AS first_ts, MAX(last_ts) AS last_ts, MIN(min_value) AS min_v, ' +
    'MAX(max_value) AS max_v, SUM(sample_count) AS n, MIN(fv) AS first_v, MIN(lv) AS last_v FROM (' +
    'SELECT bucket, first_ts, last_ts, min_value, max_value, sample_count, ' +
    'FIRST_VALUE(first_value) OVER (PARTITION BY bucket ORDER BY first_ts) AS fv, ' +
    'FIRST_VALUE(last_value) OVER (PARTITION BY bucket ORDER BY last_ts DESC) AS lv FROM (' +
    `${rollups} UNION ALL ${unfolded}` +
    ') r) w GROUP BY bucket ORDER BY bucket';
  return { sql, params };
}

export function toSampleBucket(row: RawBucketRow, origin: number, widthMs: number): SampleBucket {
  return {
    start: origin + Number(row.bucket) * widthMs,
    firstTs: Number(row.first_ts),
    first: row.first_v,
    min: row.min_v,
    max: row.max_v,
    lastTs: Number(row.last_ts),
    last: row.last_v,
    count: Number(row.n),
  };
}

export type { RawBucketRow };
