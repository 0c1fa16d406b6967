import type { SignalSample } from '@bsc/common';
import type { DataSource } from 'typeorm';
import {
  chunk,
  isPostgres,
  maxRowsPerStatement,
  tableRef,
  valuesPlaceholders,
  type Statement,
} from '../data-source/sql-dialect';
import { SignalSampleEntity } from '../entities/signal-sample.entity';

const COLUMNS = 'signal_id, ts, value, quality, source, text_value, status_code, received_at';
const COLUMN_COUNT = 8;
/** pg binds whole arrays (eight parameters per statement); this only bounds the size of one statement. */
const PG_ROWS_PER_STATEMENT = 20_000;

/** A sample may carry its own received_at (backdated history); otherwise the batch's applies. */
export type InsertableSample = SignalSample & { knownAt?: number };

/**
 * Idempotent multi-row inserts of samples that return the keys of the rows that were new. PostgreSQL gets one
 * INSERT ... SELECT FROM unnest(arrays), which binds 8 parameters whatever the row count and parses once; SQLite gets
 * multi-row VALUES chunked under its variable limit. The caller upserts the rollups of the new rows in the same
 * transaction.
 */
export function sampleInsertStatements(
  dataSource: DataSource,
  samples: readonly InsertableSample[],
  receivedAt: number,
): Statement[] {
  const table = tableRef(dataSource, SignalSampleEntity);
  if (isPostgres(dataSource)) {
    const insert =
      `INSERT INTO ${table} (${COLUMNS}) ` +
      'SELECT s, t, v, q, src, txt, sc, r FROM unnest($1::varchar[], $2::bigint[], $3::float8[], $4::varchar[], $5::varchar[], ' +
      '$6::varchar[], $7::bigint[], $8::bigint[]) AS u(s, t, v, q, src, txt, sc, r) ON CONFLICT DO NOTHING RETURNING signal_id, ts';
    return chunk(samples, PG_ROWS_PER_STATEMENT).map((rows) => ({
      sql: insert,
      params: [
        rows.map((r) => r.signalId),
        rows.map((r) => r.ts),
        rows.map(storedValue),
        rows.map((r) => r.quality),
        rows.map((r) => r.source),
        rows.map((r) => r.text ?? null),
        rows.map((r) => r.statusCode ?? null),
        rows.map((r) => r.knownAt ?? receivedAt),
      ],
    }));
  }
  return chunk(samples, maxRowsPerStatement(dataSource, COLUMN_COUNT)).map((rows) => {
    const params: unknown[] = new Array(rows.length * COLUMN_COUNT);
    let i = 0;
    for (const s of rows) {
      params[i++] = s.signalId;
      params[i++] = s.ts;
      params[i++] = storedValue(s);
      params[i++] = s.quality;
      params[i++] = s.source;
      params[i++] = s.text ?? null;
      params[i++] = s.statusCode ?? null;
      params[i++] = s.knownAt ?? receivedAt;
    }
    return {
      sql: `INSERT INTO ${table} (${COLUMNS}) VALUES ${valuesPlaceholders(dataSource, rows.length, COLUMN_COUNT)} ON CONFLICT DO NOTHING RETURNING signal_id, ts`,
      params,
    };
  });
}

/** NaN is the domain's "no value"; the column holds NULL for it (PostgreSQL would store NaN, SQLite refuses it). */
function storedValue(sample: SignalSample): number | null {
  return Number.isNaN(sample.value) ? null : sample.value;
}
