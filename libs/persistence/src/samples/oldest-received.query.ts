import type { DataSource } from 'typeorm';
import { isPostgres, tableRef, type Statement } from '../data-source/sql-dialect';
import { SignalSampleEntity } from '../entities/signal-sample.entity';

/**
 * The oldest sample time among those received in (after, receivedBy], of one source or of all. On SQLite the only
 * index on received_at is (source, received_at), so without a source the sources are walked on that index (one probe
 * each, a loose index scan: there are few sources and many samples) and each gets its own range of it. PostgreSQL
 * has a BRIN summary of received_at instead (and a btree of the imported rows'), read as one range whatever the source.
 * `ts + 0`: MIN(ts) would walk the time index from its start, looking up the receipt time of every older row (all
 * history when the rows wanted are the newest); the receipt-time range is far cheaper.
 */
export function oldestReceivedAfterQuery(
  dataSource: DataSource,
  after: number,
  options: { receivedBy?: number; source?: string },
): Statement {
  const table = tableRef(dataSource, SignalSampleEntity);
  const params: unknown[] = [];
  const p = (value: unknown): string => {
    params.push(value);
    return dataSource.driver.createParameter(`p${params.length - 1}`, params.length - 1);
  };
  // placeholders are taken in the order they appear in the text (SQLite's are positional)
  const source = options.source === undefined ? [] : [`s.source = ${p(options.source)}`];
  // an unbounded end (no watermark yet) is left out rather than bound as an infinity the column cannot compare
  const bounds = [
    ...(Number.isFinite(after) ? [`s.received_at > ${p(after)}`] : []),
    ...(options.receivedBy !== undefined && Number.isFinite(options.receivedBy)
      ? [`s.received_at <= ${p(options.receivedBy)}`]
      : []),
  ];
  if (source.length > 0 || isPostgres(dataSource)) {
    const where = [...source, ...bounds];
    return {
      sql: `SELECT MIN(s.ts + 0) AS oldest FROM ${table} s${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
      params,
    };
  }
  const sql =
    `WITH RECURSIVE sources(source) AS (SELECT MIN(source) FROM ${table} ` +
    `UNION ALL SELECT (SELECT MIN(n.source) FROM ${table} n WHERE n.source > sources.source) ` +
    'FROM sources WHERE sources.source IS NOT NULL) ' +
    `SELECT MIN(o.oldest) AS oldest FROM (SELECT (SELECT MIN(s.ts + 0) FROM ${table} s ` +
    `WHERE ${['s.source = sources.source', ...bounds].join(' AND ')}) AS oldest FROM sources WHERE sources.source IS NOT NULL) o`;
  return { sql, params };
}
