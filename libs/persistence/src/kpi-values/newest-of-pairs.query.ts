import type { DataSource, EntityManager } from 'typeorm';
import { chunk, PG_ARRAY_ROWS_PER_STATEMENT, tableRef } from '../data-source/sql-dialect';
import { KpiValueRevisionEntity } from '../entities/kpi-value-revision.entity';
import { toKpiValueRevision } from './kpi-value-revision.mapper';
import type { KpiValueRevision } from './kpi-value-revision.types';

interface Row {
  id: number | string;
  kpi_id: string;
  period_key: string;
  period_start: string | number;
  period_end: string | number;
  value: number | null;
  coverage: number;
  stale: boolean;
  quality: KpiValueRevisionEntity['quality'];
  origin: KpiValueRevisionEntity['origin'];
  as_of: string | number;
  computed_at: string | number;
  model_version: number;
  recorded_at: string | number;
  entered_by: string | null;
  comment: string | null;
}

/**
 * PostgreSQL: the newest revision of each (kpi, period) pair given, by one index probe per pair (the lookup index
 * read backwards) in one statement. The pairs arrive as two arrays, so its cost grows with the pairs asked, never
 * with how many revisions each pair has gathered: the open period of a KPI that moves with time gets a revision a
 * second, and reading the distinct pairs first walked all of them.
 */
export async function newestOfPairs(
  dataSource: DataSource,
  manager: EntityManager,
  pairs: ReadonlyArray<{ kpiId: string; periodKey: string }>,
): Promise<KpiValueRevision[]> {
  const table = tableRef(dataSource, KpiValueRevisionEntity);
  const sql =
    `SELECT r.* FROM unnest($1::varchar[], $2::varchar[]) AS p(kpi_id, period_key) CROSS JOIN LATERAL ` +
    `(SELECT * FROM ${table} n WHERE n.kpi_id = p.kpi_id AND n.period_key = p.period_key ` +
    'ORDER BY n.recorded_at DESC, n.id DESC LIMIT 1) r';
  const revisions: KpiValueRevision[] = [];
  for (const part of chunk(pairs, PG_ARRAY_ROWS_PER_STATEMENT)) {
    const rows: Row[] = await manager.query(sql, [part.map((p) => p.kpiId), part.map((p) => p.periodKey)]);
    for (const row of rows) revisions.push(toKpiValueRevision(toEntity(row)));
  }
  return revisions;
}

function toEntity(row: Row): KpiValueRevisionEntity {
  return {
    id: Number(row.id),
    kpiId: row.kpi_id,
    periodKey: row.period_key,
    periodStart: Number(row.period_start),
    periodEnd: Number(row.period_end),
    value: row.value,
    coverage: row.coverage,
    stale: row.stale,
    quality: row.quality,
    origin: row.origin,
    asOf: Number(row.as_of),
    computedAt: Number(row.computed_at),
    modelVersion: row.model_version,
    recordedAt: Number(row.recorded_at),
    enteredBy: row.entered_by,
    comment: row.comment,
  };
}
