import type { DataSource, QueryRunner } from 'typeorm';
import { isPostgres, tableRef, type Statement } from '../data-source/sql-dialect';
import { SignalRollupEntity } from '../entities/signal-rollup.entity';
import { SignalRollupFoldEntity } from '../entities/signal-rollup-fold.entity';
import { SignalSampleEntity } from '../entities/signal-sample.entity';
import { bucketStart, mergeClause, ROLLUP_COLUMNS, ROLLUP_WIDTHS_MS } from './sample-rollup.statements';

const [MINUTE_MS] = ROLLUP_WIDTHS_MS;
/** The first chunk of a fold, and the bounds of the stored rows a chunk aims at (the next chunk's width adapts). */
const FIRST_CHUNK_MS = 3_600_000;
const CHUNK_ROWS = { low: 100_000, high: 400_000 };
const MAX_CHUNK_MS = 30 * 86_400_000;

type UpTo = { up_to: string | number };

/** Where the fold stands: every minute before `folded` is in its rollup rows; `closing` is the next target. */
export interface FoldState {
  folded: number;
  closing: number;
}

/**
 * One statement: the numeric samples of [from, to) aggregated per signal and minute, those minutes aggregated per
 * hour and day beside them, and every row merged into the stored one (count and sum add, extremes compare, first and
 * last taken from the earliest and latest). Rows in key order, as the write path's, so both lock shared rows in the
 * same order.
 */
export function foldStatement(dataSource: DataSource, from: number, to: number): Statement {
  const table = tableRef(dataSource, SignalRollupEntity);
  const samples = tableRef(dataSource, SignalSampleEntity);
  const p = (i: number) => dataSource.driver.createParameter(`p${i}`, i);
  const widths = ROLLUP_WIDTHS_MS.map((w) => `SELECT ${w} AS w`).join(' UNION ALL ');
  const minute = `ts - ((ts % ${MINUTE_MS}) + ${MINUTE_MS}) % ${MINUTE_MS}`;
  const grouped = `FROM ${samples} WHERE ts >= ${p(0)} AND ts < ${p(1)} AND value IS NOT NULL GROUP BY signal_id, ${minute}`;
  const perWidth = `mv.b - ((mv.b % x.w) + x.w) % x.w`;
  const insert = `INSERT INTO ${table} AS r (${ROLLUP_COLUMNS}) `;
  if (isPostgres(dataSource)) {
    // first and last as the least and greatest [ts, value] pair (arrays compare element by element; a ts is unique
    // per signal and exact in float8): one hashed pass over the samples, no sort and no lookup per minute
    const sql =
      `WITH mv AS (SELECT signal_id, ${minute} AS b, COUNT(*) AS n, SUM(value) AS total, MIN(value) AS lo, ` +
      `MAX(value) AS hi, MIN(ARRAY[ts::float8, value]) AS fa, MAX(ARRAY[ts::float8, value]) AS la ${grouped}) ` +
      insert +
      `SELECT f.signal_id, f.w, f.b, f.n, f.total, f.lo, f.hi, f.fa[1]::bigint, f.fa[2], f.la[1]::bigint, f.la[2] ` +
      `FROM (SELECT mv.signal_id, x.w, ${perWidth} AS b, SUM(mv.n) AS n, SUM(mv.total) AS total, MIN(mv.lo) AS lo, ` +
      `MAX(mv.hi) AS hi, MIN(mv.fa) AS fa, MAX(mv.la) AS la FROM mv CROSS JOIN (${widths}) x ` +
      `GROUP BY mv.signal_id, x.w, ${perWidth}) f ORDER BY f.signal_id, f.w, f.b ${mergeClause()}`;
    return { sql, params: [from, to] };
  }
  // SQLite: first and last values read back by their key; WHERE true: an INSERT ... SELECT with an upsert clause
  // needs a WHERE (else ON parses as a join's)
  const sql =
    `WITH m AS (SELECT signal_id, ${minute} AS b, COUNT(*) AS n, SUM(value) AS total, MIN(value) AS lo, ` +
    `MAX(value) AS hi, MIN(ts) AS t0, MAX(ts) AS t1 ${grouped}), ` +
    'mv AS (SELECT m.signal_id, m.b, m.n, m.total, m.lo, m.hi, m.t0, f.value AS v0, m.t1, l.value AS v1 FROM m ' +
    `JOIN ${samples} f ON f.signal_id = m.signal_id AND f.ts = m.t0 ` +
    `JOIN ${samples} l ON l.signal_id = m.signal_id AND l.ts = m.t1) ` +
    insert +
    'SELECT signal_id, w, b, SUM(n), SUM(total), MIN(lo), MAX(hi), MIN(t0), MIN(fv), MAX(t1), MIN(lv) FROM (' +
    'SELECT signal_id, w, b, n, total, lo, hi, t0, t1, ' +
    'FIRST_VALUE(v0) OVER (PARTITION BY signal_id, w, b ORDER BY t0) AS fv, ' +
    'FIRST_VALUE(v1) OVER (PARTITION BY signal_id, w, b ORDER BY t1 DESC) AS lv FROM (' +
    `SELECT mv.signal_id, x.w, ${perWidth} AS b, mv.n, mv.total, mv.lo, mv.hi, mv.t0, ` +
    `mv.v0, mv.t1, mv.v1 FROM mv CROSS JOIN (${widths}) x) k) f ` +
    `WHERE true GROUP BY signal_id, w, b ORDER BY signal_id, w, b ${mergeClause()}`;
  return { sql, params: [from, to] };
}

/**
 * The fold watermark as a writer of samples needs it. On PostgreSQL the writer holds a share lock on `closing` to
 * its commit, so a fold announcing a new target waits for the writers that saw the old one; a writer with a minute
 * in [folded, closing) (being folded) also share-locks `folded` and re-reads it: it waits for a fold in progress
 * and then upserts those samples' rows itself, or a fold not yet started waits for its commit and folds its samples.
 */
export async function foldStateForWrite(
  dataSource: DataSource,
  runner: QueryRunner,
  minutes: Iterable<number>,
): Promise<number> {
  const table = tableRef(dataSource, SignalRollupFoldEntity);
  if (!isPostgres(dataSource)) {
    const [row] = (await runner.query(`SELECT up_to FROM ${table} WHERE name = 'folded'`)) as UpTo[];
    return Number(row.up_to);
  }
  const [state] = (await runner.query(
    `SELECT c.up_to AS closing, f.up_to AS folded FROM ${table} c, ${table} f ` +
      `WHERE c.name = 'closing' AND f.name = 'folded' FOR SHARE OF c`,
  )) as Array<{ closing: string | number; folded: string | number }>;
  const folded = Number(state.folded);
  const closing = Number(state.closing);
  for (const minute of minutes) {
    if (minute < folded || minute >= closing) continue;
    const [row] = (await runner.query(`SELECT up_to FROM ${table} WHERE name = 'folded' FOR SHARE`)) as UpTo[];
    return Number(row.up_to);
  }
  return folded;
}

/**
 * Folds the stored samples of the closed minutes before `upTo` (rounded down to its minute: the watermark stays on a
 * minute, which writers and reads compare by minute) into their minute, hour and day rows and moves the watermark
 * there. On PostgreSQL the target is announced first in a transaction of its own (it waits for the writers
 * in flight), so writers that come after upsert rows for samples of the minutes being folded themselves, or wait for
 * the fold; concurrent folds serialise on the watermark's row. The range goes in chunks, each one transaction with
 * its move of the watermark (a crash before a commit leaves that chunk unfolded, so folding again is folding once):
 * a stretch without samples is skipped, and a chunk's width follows the rows the last one touched, so a backlog of
 * months neither runs as one statement nor as a transaction a minute. Returns the range folded ([from, to), empty
 * when there was nothing to fold).
 */
export async function foldRollups(dataSource: DataSource, until: number): Promise<{ from: number; to: number }> {
  const upTo = bucketStart(until, MINUTE_MS);
  const fold = tableRef(dataSource, SignalRollupFoldEntity);
  const p = (i: number) => dataSource.driver.createParameter(`p${i}`, i);
  const announce: Statement = {
    sql: `UPDATE ${fold} SET up_to = ${p(0)} WHERE name = 'closing' AND up_to < ${p(1)}`,
    params: [upTo, upTo],
  };
  if (isPostgres(dataSource)) await dataSource.query(announce.sql, announce.params);
  let from: number | undefined;
  for (let width = FIRST_CHUNK_MS; ;) {
    const chunk = await foldChunk(dataSource, announce, width);
    from ??= chunk.from;
    if (chunk.done) return { from, to: chunk.to };
    width = nextChunkWidth(width, chunk.rows);
  }
}

/**
 * One chunk of a fold, one transaction: from the watermark up to `width` past the first stored sample (or the whole
 * rest when there is none), never beyond the target. `done` once the watermark reached the target.
 */
async function foldChunk(
  dataSource: DataSource,
  announce: Statement,
  width: number,
): Promise<{ from: number; to: number; rows: number; done: boolean }> {
  const fold = tableRef(dataSource, SignalRollupFoldEntity);
  const p = (i: number) => dataSource.driver.createParameter(`p${i}`, i);
  const pg = isPostgres(dataSource);
  return dataSource.transaction(async (manager) => {
    const runner = manager.queryRunner!;
    if (!pg) await runner.query(announce.sql, announce.params);
    const lock = pg ? ' FOR UPDATE' : '';
    const [folded] = (await runner.query(`SELECT up_to FROM ${fold} WHERE name = 'folded'${lock}`)) as UpTo[];
    const [closing] = (await runner.query(`SELECT up_to FROM ${fold} WHERE name = 'closing'`)) as UpTo[];
    const from = Number(folded.up_to);
    const to = Number(closing.up_to);
    if (to <= from) return { from, to: from, rows: 0, done: true };
    const first = await firstSampleTs(dataSource, runner, from, to);
    const end = first === undefined ? to : Math.min(to, bucketStart(first, MINUTE_MS) + width);
    let rows = 0;
    if (first !== undefined) {
      const { sql, params } = foldStatement(dataSource, from, end);
      rows = (await runner.query(sql, params, true)).affected ?? 0;
    }
    await runner.query(`UPDATE ${fold} SET up_to = ${p(0)} WHERE name = 'folded'`, [end]);
    return { from, to: end, rows, done: end >= to };
  });
}

/** Doubles a chunk that touched few rows, halves one that touched many (never under a minute nor over a month). */
export function nextChunkWidth(width: number, rows: number): number {
  if (rows < CHUNK_ROWS.low) return Math.min(MAX_CHUNK_MS, width * 2);
  if (rows > CHUNK_ROWS.high) return Math.max(MINUTE_MS, bucketStart(width / 2, MINUTE_MS));
  return width;
}

/** The earliest stored sample in [from, to) (one step of the (ts, signal_id) index), undefined when there is none. */
async function firstSampleTs(
  dataSource: DataSource,
  runner: QueryRunner,
  from: number,
  to: number,
): Promise<number | undefined> {
  const samples = tableRef(dataSource, SignalSampleEntity);
  const p = (i: number) => dataSource.driver.createParameter(`p${i}`, i);
  const [row] = (await runner.query(`SELECT MIN(ts) AS t FROM ${samples} WHERE ts >= ${p(0)} AND ts < ${p(1)}`, [
    from,
    to,
  ])) as Array<{ t: string | number | null }>;
  return row?.t === null || row?.t === undefined ? undefined : Number(row.t);
}

/** The fold watermark now (the samples of the minutes before it are in their rollup rows). */
export async function foldedUpTo(dataSource: DataSource): Promise<number> {
  const table = tableRef(dataSource, SignalRollupFoldEntity);
  const [row] = await dataSource.query<UpTo[]>(`SELECT up_to FROM ${table} WHERE name = 'folded'`);
  return Number(row.up_to);
}
