import type { DataSource } from 'typeorm';
import {
  isPostgres,
  maxRowsPerStatement,
  PG_ARRAY_ROWS_PER_STATEMENT,
  statementChunks,
  tableRef,
  valuesPlaceholders,
  type Statement,
} from '../data-source/sql-dialect';
import { SignalSampleEntity } from '../entities/signal-sample.entity';
import { SELECTED_SAMPLE_COLUMNS } from './latest-samples.query';

export interface SampleKey {
  signalId: string;
  ts: number;
}

/**
 * The stored samples of the given keys, each one probe of the primary key (signal_id, ts); keys not stored give no
 * row. PostgreSQL joins the keys as two arrays; SQLite compares row values with a VALUES list under its variable
 * limit.
 */
export function storedSamplesQueries(dataSource: DataSource, keys: readonly SampleKey[]): Statement[] {
  const table = tableRef(dataSource, SignalSampleEntity);
  if (isPostgres(dataSource))
    return statementChunks(dataSource, keys, PG_ARRAY_ROWS_PER_STATEMENT).map((rows) => ({
      sql:
        SELECTED_SAMPLE_COLUMNS +
        `FROM unnest($1::varchar[], $2::bigint[]) AS k(id, t) JOIN ${table} s ON s.signal_id = k.id AND s.ts = k.t`,
      params: [rows.map((k) => k.signalId), rows.map((k) => k.ts)],
    }));
  return statementChunks(dataSource, keys, maxRowsPerStatement(dataSource, 2)).map((rows) => ({
    sql:
      SELECTED_SAMPLE_COLUMNS +
      `FROM ${table} s WHERE (s.signal_id, s.ts) IN (VALUES ${valuesPlaceholders(dataSource, rows.length, 2)})`,
    params: rows.flatMap((k) => [k.signalId, k.ts]),
  }));
}
