import type { DataSource, EntityManager } from 'typeorm';
import { chunk, isPostgres, PG_ARRAY_ROWS_PER_STATEMENT, tableRef } from '../data-source/sql-dialect';
import { KpiValueRevisionEntity } from '../entities/kpi-value-revision.entity';

/**
 * The ids of the newest revision of each of the `count` latest periods of every KPI given, in one statement per
 * PG_ARRAY_ROWS_PER_STATEMENT KPIs (the ids are one bound value). The periods are found by walking the
 * (kpi_id, period_start) index down one probe per period, and each period's newest revision by one probe of the
 * lookup index: the cost grows with KPIs × count, never with the revisions stored (an open period gathers one a
 * second). A KPI has one period length, so one key per period start: after a change of it, the one found first.
 */
export async function latestPeriodIds(
  dataSource: DataSource,
  manager: EntityManager,
  kpiIds: readonly string[],
  count: number,
): Promise<number[]> {
  if (count <= 0) return [];
  const t = tableRef(dataSource, KpiValueRevisionEntity);
  const p = (i: number) => dataSource.driver.createParameter(`p${i + 1}`, i);
  const pg = isPostgres(dataSource);
  const ids = pg ? `SELECT unnest(CAST(${p(0)} AS varchar[]))` : `SELECT value FROM json_each(${p(0)})`;
  const below = (bound: string) =>
    `(SELECT s.period_start FROM ${t} s WHERE s.kpi_id = w.kpi_id${bound} ORDER BY s.period_start DESC LIMIT 1)`;
  const sql =
    `WITH RECURSIVE ids(kpi_id) AS (${ids}), ` +
    'walk(kpi_id, period_start, n) AS (' +
    `SELECT w.kpi_id, ${below('')}, 1 FROM ids w ` +
    `UNION ALL SELECT w.kpi_id, ${below(' AND s.period_start < w.period_start')}, w.n + 1 FROM walk w ` +
    `WHERE w.period_start IS NOT NULL AND w.n < ${p(1)}) ` +
    `SELECT (SELECT r.id FROM ${t} r WHERE r.kpi_id = w.kpi_id AND r.period_key = ` +
    `(SELECT k.period_key FROM ${t} k WHERE k.kpi_id = w.kpi_id AND k.period_start = w.period_start LIMIT 1) ` +
    'ORDER BY r.recorded_at DESC, r.id DESC LIMIT 1) AS id FROM walk w WHERE w.period_start IS NOT NULL';
  const found: number[] = [];
  for (const part of chunk([...new Set(kpiIds)], PG_ARRAY_ROWS_PER_STATEMENT)) {
    const rows: Array<{ id: number | string | null }> = await manager.query(sql, [
      pg ? part : JSON.stringify(part),
      count,
    ]);
    for (const row of rows) if (row.id !== null) found.push(Number(row.id));
  }
  return found;
}
