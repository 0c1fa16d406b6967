import type { DataSource } from 'typeorm';
import { isPostgres, tableRef } from '../data-source/sql-dialect';
import { SignalSampleEntity } from '../entities/signal-sample.entity';

/** A sample as plain columns (RawSampleRow). */
export const SELECTED_SAMPLE_COLUMNS =
  'SELECT s.signal_id AS "signalId", s.ts AS ts, s.value AS value, s.quality AS quality, s.source AS source, ' +
  's.text_value AS text, s.status_code AS "statusCode" ';

/**
 * The newest sample of each id: the ids come from the parameters (not from scanning the table), each gets one
 * probe down its primary key. Cost grows with the number of ids, not with the number of stored samples. The key
 * (signal_id, ts) leaves one newest row per id; ids without samples give none. Rows in no particular order.
 */
export function latestSamplesQuery(
  dataSource: DataSource,
  signalIds: readonly string[],
): { sql: string; params: Array<string | string[]> } {
  const table = tableRef(dataSource, SignalSampleEntity);
  if (isPostgres(dataSource)) {
    // the ids as one array, each a LATERAL newest-first probe returning the row itself: the MAX(ts) form below
    // spent most of its time planning one UNION ALL term and subplan per id, then joined back through the time index
    const sql =
      SELECTED_SAMPLE_COLUMNS +
      `FROM unnest($1::varchar[]) AS ids(id) CROSS JOIN LATERAL (SELECT n.signal_id, n.ts, n.value, n.quality, ` +
      `n.source, n.text_value, n.status_code FROM ${table} n WHERE n.signal_id = ids.id ORDER BY n.ts DESC LIMIT 1) s`;
    return { sql, params: [[...signalIds]] };
  }
  const ids = signalIds
    .map((_, i) => `SELECT CAST(${dataSource.driver.createParameter(`p${i}`, i)} AS varchar(256)) AS id`)
    .join(' UNION ALL ');
  // MAX(ts) probes, then the rows joined back
  const sql =
    SELECTED_SAMPLE_COLUMNS +
    `FROM (SELECT ids.id AS signal_id, (SELECT MAX(n.ts) FROM ${table} n WHERE n.signal_id = ids.id) AS ts FROM (${ids}) ids) m ` +
    `JOIN ${table} s ON s.signal_id = m.signal_id AND s.ts = m.ts`;
  return { sql, params: [...signalIds] };
}
