import type { SignalSample } from '@bsc/common';
import type { DataSource } from 'typeorm';
import {
  chunk,
  isPostgres,
  maxRowsPerStatement,
  PG_ARRAY_ROWS_PER_STATEMENT,
  statementChunks,
  tableRef,
  valuesPlaceholders,
  type Statement,
} from '../data-source/sql-dialect';
import { SignalSampleEntity } from '../entities/signal-sample.entity';

const COLUMNS = 'signal_id, ts, value, quality, source, text_value, status_code, received_at';
const COLUMN_COUNT = 8;

/** A sample may carry its own received_at (backdated history); otherwise the batch's applies. */
export type InsertableSample = SignalSample & { knownAt?: number };

/** One INSERT of a contiguous slice of the batch, and how to tell its new samples from what it returned. */
export interface SampleInsertStatement<T extends InsertableSample> extends Statement {
  /** The samples of `records` whose row was new, in input order. */
  fresh(records: readonly unknown[]): readonly T[];
}

/**
 * Idempotent multi-row inserts of samples that tell which rows were new. PostgreSQL gets one
 * INSERT ... SELECT FROM unnest(arrays), which binds 8 parameters whatever the row count and parses once, and answers
 * with one row: the count of new rows, and their keys only when some row was not new (a re-delivery), since
 * returning 5,000 keys a batch cost the process more than the rest of the write. SQLite gets multi-row VALUES
 * chunked under its variable limit, returning the new keys. The caller upserts the rollups of the new rows in the
 * same transaction.
 */
export function sampleInsertStatements<T extends InsertableSample>(
  dataSource: DataSource,
  samples: readonly T[],
  receivedAt: number,
): Array<SampleInsertStatement<T>> {
  const table = tableRef(dataSource, SignalSampleEntity);
  if (isPostgres(dataSource)) {
    const insert =
      `WITH ins AS (INSERT INTO ${table} (${COLUMNS}) ` +
      'SELECT s, t, v, q, src, txt, sc, r FROM unnest($1::varchar[], $2::bigint[], $3::float8[], $4::varchar[], $5::varchar[], ' +
      '$6::varchar[], $7::bigint[], $8::bigint[]) AS u(s, t, v, q, src, txt, sc, r) ON CONFLICT DO NOTHING RETURNING signal_id, ts) ' +
      'SELECT count(*)::int AS stored, CASE WHEN count(*) < $9 THEN array_agg(signal_id) END AS ids, ' +
      'CASE WHEN count(*) < $9 THEN array_agg(ts) END AS stamps FROM ins';
    return chunk(samples, PG_ARRAY_ROWS_PER_STATEMENT).map((rows) => ({
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
        rows.length,
      ],
      fresh: (records) => {
        const [{ stored, ids, stamps }] = records as Array<{ stored: number; ids: string[]; stamps: string[] }>;
        if (stored === rows.length) return rows;
        return newSamples(
          rows,
          (ids ?? []).map((id, i) => ({ signal_id: id, ts: stamps[i] })),
        );
      },
    }));
  }
  return statementChunks(dataSource, samples, maxRowsPerStatement(dataSource, COLUMN_COUNT)).map((rows) => {
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
      fresh: (records) => (records.length === rows.length ? rows : newSamples(rows, records as NewKey[])),
    };
  });
}

/** A row key as the database returns it (PostgreSQL returns bigint as text). */
interface NewKey {
  signal_id: string;
  ts: number | string;
}

/** The samples whose (signal, ts) is among the new keys, each key taken once (the first sample that has it). */
function newSamples<T extends InsertableSample>(samples: readonly T[], keys: readonly NewKey[]): T[] {
  const fresh = new Map<string, Set<number>>();
  for (const key of keys) {
    let stamps = fresh.get(key.signal_id);
    if (!stamps) fresh.set(key.signal_id, (stamps = new Set()));
    stamps.add(Number(key.ts));
  }
  return samples.filter((s) => fresh.get(s.signalId)?.delete(s.ts) === true);
}

/** NaN is the domain's "no value"; the column holds NULL for it (PostgreSQL would store NaN, SQLite refuses it). */
function storedValue(sample: SignalSample): number | null {
  return Number.isNaN(sample.value) ? null : sample.value;
}
