import type { DataSource } from 'typeorm';
import { tableRef } from '../data-source/sql-dialect';
import { SignalSampleEntity } from '../entities/signal-sample.entity';

/**
 * The newest sample of each id: the ids come from the parameters (not from scanning the table), each gets one
 * MAX(ts) probe down its primary key, then the matching rows are joined back. Cost grows with the number of ids,
 * not with the number of stored samples.
 */
export function latestSamplesQuery(
  dataSource: DataSource,
  signalIds: readonly string[],
): { sql: string; params: string[] } {
  const table = tableRef(dataSource, SignalSampleEntity);
  const ids = signalIds
    .map((_, i) => `SELECT CAST(${dataSource.driver.createParameter(`p${i}`, i)} AS varchar(256)) AS id`)
    .join(' UNION ALL ');
  const sql =
    'SELECT s.signal_id AS "signalId", s.ts AS ts, s.value AS value, s.quality AS quality, s.source AS source, ' +
    's.text_value AS text, s.status_code AS "statusCode" ' +
    `FROM (SELECT ids.id AS signal_id, (SELECT MAX(n.ts) FROM ${table} n WHERE n.signal_id = ids.id) AS ts FROM (${ids}) ids) m ` +
    `JOIN ${table} s ON s.signal_id = m.signal_id AND s.ts = m.ts`;
  return { sql, params: [...signalIds] };
}
