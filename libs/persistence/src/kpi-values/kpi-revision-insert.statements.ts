import type { DataSource } from 'typeorm';
import { pgArrayInserts, type InsertColumn, type Statement } from '../data-source/sql-dialect';
import { KpiValueRevisionEntity } from '../entities/kpi-value-revision.entity';

type RevisionRow = Omit<KpiValueRevisionEntity, 'id'>;

/** In insert order. */
const COLUMNS: ReadonlyArray<InsertColumn<RevisionRow>> = [
  ['kpi_id', 'varchar', (r) => r.kpiId],
  ['period_key', 'varchar', (r) => r.periodKey],
  ['period_start', 'bigint', (r) => r.periodStart],
  ['period_end', 'bigint', (r) => r.periodEnd],
  ['value', 'float8', (r) => r.value],
  ['coverage', 'float8', (r) => r.coverage],
  ['stale', 'boolean', (r) => r.stale],
  ['quality', 'varchar', (r) => r.quality],
  ['origin', 'varchar', (r) => r.origin],
  ['as_of', 'bigint', (r) => r.asOf],
  ['computed_at', 'bigint', (r) => r.computedAt],
  ['model_version', 'integer', (r) => r.modelVersion],
  ['recorded_at', 'bigint', (r) => r.recordedAt],
  ['entered_by', 'varchar', (r) => r.enteredBy],
  ['comment', 'text', (r) => r.comment],
];

/**
 * PostgreSQL: revision rows as one array per column through `unnest`, as samples are written. TypeORM's insert
 * builder binds 15 parameters a row and escapes each by name; at 10,000 KPIs a second of revisions cost the
 * ingestion more CPU that way than its sample writes' statement building.
 */
export function pgRevisionInserts(dataSource: DataSource, rows: readonly RevisionRow[]): Statement[] {
  return pgArrayInserts(dataSource, KpiValueRevisionEntity, COLUMNS, rows);
}
