import type { DataSource } from 'typeorm';
import { isPostgres, tableRef } from '../data-source/sql-dialect';
import { KpiValueRevisionEntity } from '../entities/kpi-value-revision.entity';

/**
 * The ids of the number each of the `:count` latest periods of every KPI in `:ids` was closed with (one bound
 * value: a varchar[] on PostgreSQL, a JSON array on SQLite), as a subquery; a period with only nulls has none.
 * A null (no input left) is no value of the period: a period ends with its last number, as the live KPI stream
 * takes it; and a period is closed by the next one's first number, so a revision recorded after that (late samples
 * re-opening it) is not what it was closed with: the newest period's newest number, each earlier one's newest
 * recorded no later than the next period's first number, nor written after it in the same millisecond (its newest
 * when the next has none). The periods are found
 * by walking the (kpi_id, period_start) index down one probe per period, and each period's revision (and the next
 * one's first number) by one probe of the lookup index, read past the nulls (a repeat is not stored, so they do not
 * pile up): the cost grows with KPIs × count, never with the revisions stored (an open period gathers one a second).
 * A KPI has one period length, so one key per period start: after a change of it, the one found first.
 */
/** A recorded_at past any: the newest period's bound, a constant so that the bound stays an index range. */
const NO_BOUND = Number.MAX_SAFE_INTEGER;

export function latestPeriodIdsQuery(dataSource: DataSource): string {
  const t = tableRef(dataSource, KpiValueRevisionEntity);
  const ids = isPostgres(dataSource) ? 'SELECT unnest(CAST(:ids AS varchar[]))' : 'SELECT value FROM json_each(:ids)';
  const below = (bound: string) =>
    `(SELECT s.period_start FROM ${t} s WHERE s.kpi_id = w.kpi_id${bound} ORDER BY s.period_start DESC LIMIT 1)`;
  const keyOf = (start: string) =>
    `(SELECT k.period_key FROM ${t} k WHERE k.kpi_id = w.kpi_id AND k.period_start = ${start} LIMIT 1)`;
  const nextFirstOf = (column: string) =>
    `(SELECT f.${column} FROM ${t} f WHERE f.kpi_id = w.kpi_id AND f.period_key = ${keyOf('w.next_start')} ` +
    'AND f.value IS NOT NULL ORDER BY f.recorded_at ASC, f.id ASC LIMIT 1)';
  const nextFirst = nextFirstOf('recorded_at');
  return (
    `WITH RECURSIVE ids(kpi_id) AS (${ids}), ` +
    'walk(kpi_id, period_start, next_start, n) AS (' +
    `SELECT w.kpi_id, ${below('')}, CAST(NULL AS bigint), 1 FROM ids w ` +
    `UNION ALL SELECT w.kpi_id, ${below(' AND s.period_start < w.period_start')}, w.period_start, w.n + 1 ` +
    'FROM walk w WHERE w.period_start IS NOT NULL AND w.n < :count) ' +
    `SELECT (SELECT r.id FROM ${t} r WHERE r.kpi_id = w.kpi_id AND r.period_key = ${keyOf('w.period_start')} ` +
    `AND r.value IS NOT NULL AND r.recorded_at <= COALESCE(${nextFirst}, ${NO_BOUND}) ` +
    // in the same millisecond, written after it (a later id) is late too
    `AND NOT (r.recorded_at = COALESCE(${nextFirst}, ${NO_BOUND}) AND r.id > ${nextFirstOf('id')}) ` +
    'ORDER BY r.recorded_at DESC, r.id DESC LIMIT 1) FROM walk w WHERE w.period_start IS NOT NULL'
  );
}
