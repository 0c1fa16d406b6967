import type { DataSource } from 'typeorm';
import { isPostgres, tableRef, type Statement } from '../data-source/sql-dialect';
import { SignalSampleEntity } from '../entities/signal-sample.entity';

/**
 * The samples received after `receivedAfter` whose time is in (above, upTo]: a range of the receipt-time index, so
 * its cost is what was received since, whatever lies in the time band. As oldestReceivedAfterQuery: on SQLite the
 * sources are walked on the (source, received_at) index and each gets its range of it; PostgreSQL reads its BRIN
 * summary of received_at. `ts + 0`: the time band is a filter, never a range of the (ts, signal_id) index (the band
 * can hold all of a long history).
 */
export function receivedInBandQuery(
  dataSource: DataSource,
  receivedAfter: number,
  above: number,
  upTo: number,
): Statement {
  const table = tableRef(dataSource, SignalSampleEntity);
  const params: unknown[] = [];
  const p = (value: unknown): string => {
    params.push(value);
    return dataSource.driver.createParameter(`p${params.length - 1}`, params.length - 1);
  };
  // placeholders are taken in the order they appear in the text (SQLite's are positional)
  const where = `s.received_at > ${p(receivedAfter)} AND s.ts + 0 > ${p(above)} AND s.ts + 0 <= ${p(upTo)}`;
  const select = 'SELECT s.signal_id AS "signalId", s.ts AS ts';
  if (isPostgres(dataSource)) return { sql: `${select} FROM ${table} s WHERE ${where}`, params };
  const sql =
    `WITH RECURSIVE sources(source) AS (SELECT MIN(source) FROM ${table} ` +
    `UNION ALL SELECT (SELECT MIN(n.source) FROM ${table} n WHERE n.source > sources.source) ` +
    'FROM sources WHERE sources.source IS NOT NULL) ' +
    `${select} FROM sources JOIN ${table} s ON s.source = sources.source WHERE ${where}`;
  return { sql, params };
}
