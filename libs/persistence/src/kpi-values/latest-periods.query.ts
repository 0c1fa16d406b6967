import type { DataSource } from 'typeorm';
import { isPostgres, tableRef } from '../data-source/sql-dialect';
import { KpiValueRevisionEntity } from '../entities/kpi-value-revision.entity';

/**
 * The ids of the newest revision with a number of each of the `:count` latest periods of every KPI in `:ids` (one
 * bound value: a varchar[] on PostgreSQL, a JSON array on SQLite), as a subquery; a period with only nulls has none.
 * A null (no input left) is no value of the period: a period ends with its last number, as the live KPI stream
 * takes it. The periods are found by walking the (kpi_id, period_start) index down one probe per period, and each
 * period's revision by one probe of the lookup index, read down past the nulls (a repeat is not stored, so
 * they do not pile up): the cost grows with KPIs × count,
 * never with the revisions stored (an open period gathers one a second). A KPI has one period length, so one key per period start: after a change of it, the one found first.
 */
export function latestPeriodIdsQuery(dataSource: DataSource): string {
  const t = tableRef(dataSource, KpiValueRevisionEntity);
  const ids = isPostgres(dataSource) ? 'SELECT unnest(CAST(:ids AS varchar[]))' : 'SELECT value FROM json_each(:ids)';
  const below = (bound: string) =>
    `(SELECT s.period_start FROM ${t} s WHERE s.kpi_id = w.kpi_id${bound} ORDER BY s.period_start DESC LIMIT 1)`;
  return (
    `WITH RECURSIVE ids(kpi_id) AS (${ids}), ` +
    'walk(kpi_id, period_start, n) AS (' +
    `SELECT w.kpi_id, ${below('')}, 1 FROM ids w ` +
    `UNION ALL SELECT w.kpi_id, ${below(' AND s.period_start < w.period_start')}, w.n + 1 FROM walk w ` +
    'WHERE w.period_start IS NOT NULL AND w.n < :count) ' +
    `SELECT (SELECT r.id FROM ${t} r WHERE r.kpi_id = w.kpi_id AND r.period_key = ` +
    `(SELECT k.period_key FROM ${t} k WHERE k.kpi_id = w.kpi_id AND k.period_start = w.period_start LIMIT 1) ` +
    'AND r.value IS NOT NULL ORDER BY r.recorded_at DESC, r.id DESC LIMIT 1) FROM walk w WHERE w.period_start IS NOT NULL'
  );
}
