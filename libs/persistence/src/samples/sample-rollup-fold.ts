import type { DataSource, QueryRunner } from 'typeorm';
import { isPostgres, tableRef, type Statement } from '../data-source/sql-dialect';
import { SignalRollupEntity } from '../entities/signal-rollup.entity';
import { SignalRollupFoldEntity } from '../entities/signal-rollup-fold.entity';
import { mergeClause, ROLLUP_COLUMNS, ROLLUP_WIDTHS_MS } from './sample-rollup.statements';

const [MINUTE_MS, ...FOLDED_WIDTHS_MS] = ROLLUP_WIDTHS_MS;

type UpTo = { up_to: string | number };

/** Where the fold stands: every minute before `folded` is in its hour and day rows; `closing` is the next target. */
export interface FoldState {
  folded: number;
  closing: number;
}

/**
 * One statement: the minute rows of [from, to) aggregated per signal, hour and day and merged into those rows (count
 * and sum add, extremes compare, first and last taken from the minute holding them). Rows in key order, as the
 * write path's, so both lock shared rows in the same order.
 */
export function foldStatement(dataSource: DataSource, from: number, to: number): Statement {
  const table = tableRef(dataSource, SignalRollupEntity);
  const p = (i: number) => dataSource.driver.createParameter(`p${i}`, i);
  const widths = FOLDED_WIDTHS_MS.map((w) => `SELECT ${w} AS w`).join(' UNION ALL ');
  // WHERE true: SQLite needs a WHERE in an INSERT ... SELECT with an upsert clause (else ON parses as a join's)
  const sql =
    `INSERT INTO ${table} AS r (${ROLLUP_COLUMNS}) ` +
    'SELECT signal_id, w, b, SUM(sample_count), SUM(value_sum), MIN(min_value), MAX(max_value), MIN(first_ts), ' +
    'MIN(fv), MAX(last_ts), MIN(lv) FROM (' +
    'SELECT signal_id, w, b, sample_count, value_sum, min_value, max_value, first_ts, last_ts, ' +
    'FIRST_VALUE(first_value) OVER (PARTITION BY signal_id, w, b ORDER BY first_ts) AS fv, ' +
    'FIRST_VALUE(last_value) OVER (PARTITION BY signal_id, w, b ORDER BY last_ts DESC) AS lv FROM (' +
    'SELECT m.signal_id, x.w, m.bucket_start - ((m.bucket_start % x.w) + x.w) % x.w AS b, m.sample_count, ' +
    'm.value_sum, m.min_value, m.max_value, m.first_ts, m.first_value, m.last_ts, m.last_value ' +
    `FROM ${table} m CROSS JOIN (${widths}) x ` +
    `WHERE m.width_ms = ${MINUTE_MS} AND m.bucket_start >= ${p(0)} AND m.bucket_start < ${p(1)}) k) f ` +
    `WHERE true GROUP BY signal_id, w, b ORDER BY signal_id, w, b ${mergeClause()}`;
  return { sql, params: [from, to] };
}

/**
 * The fold watermark as a writer of samples needs it. On PostgreSQL the writer holds a share lock on `closing` to
 * its commit, so a fold announcing a new target waits for the writers that saw the old one; a writer with a minute
 * in [folded, closing) (being folded) also share-locks `folded` and re-reads it: it waits for a fold in progress
 * and then upserts those hours itself, or a fold not yet started waits for its commit and folds its minutes.
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
 * Folds the closed minutes before `upTo` into their hour and day rows and moves the watermark there, in one
 * transaction: a crash before its commit leaves nothing folded, so folding again is folding once. On PostgreSQL the
 * target is announced first in a transaction of its own (it waits for the writers in flight), so writers that come
 * after upsert hours of the minutes being folded themselves, or wait for the fold; concurrent folds serialise on the
 * watermark's row. Returns the range folded ([from, to), empty when there was nothing to fold).
 */
export async function foldRollups(dataSource: DataSource, upTo: number): Promise<{ from: number; to: number }> {
  const table = tableRef(dataSource, SignalRollupFoldEntity);
  const p = (i: number) => dataSource.driver.createParameter(`p${i}`, i);
  const announce = `UPDATE ${table} SET up_to = ${p(0)} WHERE name = 'closing' AND up_to < ${p(1)}`;
  const pg = isPostgres(dataSource);
  if (pg) await dataSource.query(announce, [upTo, upTo]);
  return dataSource.transaction(async (manager) => {
    if (!pg) await manager.query(announce, [upTo, upTo]);
    const lock = pg ? ' FOR UPDATE' : '';
    const [folded] = await manager.query<UpTo[]>(`SELECT up_to FROM ${table} WHERE name = 'folded'${lock}`);
    const [closing] = await manager.query<UpTo[]>(`SELECT up_to FROM ${table} WHERE name = 'closing'`);
    const from = Number(folded.up_to);
    const to = Number(closing.up_to);
    if (to <= from) return { from, to: from };
    const { sql, params } = foldStatement(dataSource, from, to);
    await manager.query(sql, params);
    await manager.query(`UPDATE ${table} SET up_to = ${p(0)} WHERE name = 'folded'`, [to]);
    return { from, to };
  });
}

/** The fold watermark now (minutes before it are in their hour and day rows). */
export async function foldedUpTo(dataSource: DataSource): Promise<number> {
  const table = tableRef(dataSource, SignalRollupFoldEntity);
  const [row] = await dataSource.query<UpTo[]>(`SELECT up_to FROM ${table} WHERE name = 'folded'`);
  return Number(row.up_to);
}
