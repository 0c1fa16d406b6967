import type { DataSource } from 'typeorm';
import { tableRef } from '../data-source/sql-dialect';
import { SignalSampleEntity } from '../entities/signal-sample.entity';

/**
 * Per id, the newest sample before `before` and the newest usable one (a value, quality not bad): what a replay
 * starting at `before` carries into its first windows. Two MAX(ts) probes down the primary key per id, then the
 * rows joined back: the cost grows with the number of ids, not with the stored history.
 */
export function carriedInSamplesQuery(
  dataSource: DataSource,
  signalIds: readonly string[],
  before: number,
  receivedBy?: number,
): { sql: string; params: Array<string | number> } {
  const table = tableRef(dataSource, SignalSampleEntity);
  const params: Array<string | number> = [];
  const param = (value: string | number, type: string): string => {
    params.push(value);
    return `CAST(${dataSource.driver.createParameter(`p${params.length - 1}`, params.length - 1)} AS ${type})`;
  };
  const probe = (usable: boolean): string =>
    `(SELECT MAX(n.ts) FROM ${table} n WHERE n.signal_id = ids.id AND n.ts < ${param(before, 'bigint')}` +
    (receivedBy === undefined ? '' : ` AND n.received_at <= ${param(receivedBy, 'bigint')}`) +
    (usable ? ` AND n.value IS NOT NULL AND n.quality <> 'bad'` : '') +
    ')';
  // parameters in the order they appear in the text (SQLite's are positional)
  const newest = probe(false);
  const usable = probe(true);
  const ids = signalIds.map((id) => `SELECT ${param(id, 'varchar(256)')} AS id`).join(' UNION ALL ');
  const sql =
    'SELECT s.signal_id AS "signalId", s.ts AS ts, s.value AS value, s.quality AS quality, s.source AS source, ' +
    's.text_value AS text, s.status_code AS "statusCode" ' +
    `FROM (SELECT ids.id AS signal_id, ${newest} AS newest, ${usable} AS usable FROM (${ids}) ids) m ` +
    `JOIN ${table} s ON s.signal_id = m.signal_id AND (s.ts = m.newest OR s.ts = m.usable) ` +
    'ORDER BY s.ts, s.signal_id';
  return { sql, params };
}
