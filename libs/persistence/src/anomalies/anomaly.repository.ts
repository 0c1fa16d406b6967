import {
  And,
  DataSource,
  Equal,
  FindOperator,
  FindOptionsWhere,
  In,
  LessThan,
  MoreThan,
  MoreThanOrEqual,
} from 'typeorm';
import { chunk, isPostgres, maxRowsPerStatement, tableRef, valuesPlaceholders } from '../data-source/sql-dialect';
import { AnomalyEntity } from '../entities/anomaly.entity';
import { anomalyRowValues, NO_SIGNAL, toAnomalyRecord } from './anomaly.mapper';
import type { AnomalyKey, AnomalyQuery, AnomalyRecord, CountedAnomalies, CountedAnomaliesSince } from './anomaly.types';

export const DEFAULT_ANOMALY_LIMIT = 500;
export const MAX_ANOMALY_LIMIT = 5_000;

const COLUMNS = [
  'kpi_id',
  'ts',
  'kind',
  'signal_id',
  'unit_id',
  'score',
  'value',
  'expected',
  'lower',
  'upper',
  'period_key',
  'detected_at',
  'planned',
] as const;
/** Rows per INSERT: a batch of anomalies is small, so one statement usually carries all of it. */
const ROWS_PER_STATEMENT = 1_000;
/** Lookups per statement of newestDetectedAt, one SELECT each joined by UNION ALL (SQLite allows 500 at most). */
const LOOKUPS_PER_STATEMENT = 200;

/** The anomalies the detectors reported; a finding stored twice (a replay) is kept once, as first stored. */
export class AnomalyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a batch in one transaction; resolves to how many were new. */
  async record(anomalies: readonly AnomalyRecord[]): Promise<number> {
    if (anomalies.length === 0) return 0;
    const table = tableRef(this.dataSource, AnomalyEntity);
    const columns = COLUMNS.map((c) => this.dataSource.driver.escape(c)).join(', ');
    const perStatement = Math.min(ROWS_PER_STATEMENT, maxRowsPerStatement(this.dataSource, COLUMNS.length));
    const bool = isPostgres(this.dataSource) ? (flag: boolean) => flag : (flag: boolean) => (flag ? 1 : 0);
    return this.dataSource.transaction(async (manager) => {
      let added = 0;
      for (const rows of chunk(anomalies, perStatement)) {
        const result = await manager.queryRunner!.query(
          `INSERT INTO ${table} (${columns}) VALUES ${valuesPlaceholders(this.dataSource, rows.length, COLUMNS.length)}
           ON CONFLICT (kpi_id, ts, kind, signal_id) DO NOTHING`,
          rows.flatMap((row) => anomalyRowValues(row, bool)),
          true,
        );
        added += result.affected ?? 0;
      }
      return added;
    });
  }

  /**
   * Newest first, ties by the rest of the key (so the order is total and a page boundary never splits or repeats a
   * tie), at most `limit` (bounded by MAX_ANOMALY_LIMIT); `after` starts past the given anomaly.
   */
  async list(query: AnomalyQuery): Promise<AnomalyRecord[]> {
    if (matchesNothing(query)) return [];
    const rows = await this.dataSource.getRepository(AnomalyEntity).find({
      where: query.after ? afterKey(query, query.after) : anomalyFilter(query),
      order: { ts: 'DESC', kpiId: 'ASC', kind: 'ASC', signalId: 'ASC' },
      take: Math.min(Math.max(query.limit ?? DEFAULT_ANOMALY_LIMIT, 1), MAX_ANOMALY_LIMIT),
    });
    return rows.map(toAnomalyRecord);
  }

  /**
   * Per lookup, in their order: when its newest finding was detected (`detected_at`, not the finding's own time),
   * null when none is stored. One statement for up to 200 lookups, each reading its KPI's findings by the key.
   */
  async newestDetectedAt(lookups: readonly CountedAnomalies[]): Promise<Array<number | null>> {
    const newest: Array<number | null> = lookups.map(() => null);
    const table = tableRef(this.dataSource, AnomalyEntity);
    const { driver } = this.dataSource;
    const [kpi, unit, score, planned, detected] = ['kpi_id', 'unit_id', 'score', 'planned', 'detected_at'].map((c) =>
      driver.escape(c),
    );
    for (let start = 0; start < lookups.length; start += LOOKUPS_PER_STATEMENT) {
      const part = lookups.slice(start, start + LOOKUPS_PER_STATEMENT);
      let n = 0;
      const param = (): string => driver.createParameter('p', n++);
      // the lookup's index is a literal integer: a bound one would have no type in a PostgreSQL UNION
      const sql = part
        .map(
          (_, i) =>
            `SELECT ${start + i} AS lookup, MAX(${detected}) AS newest FROM ${table} ` +
            `WHERE ${kpi} = ${param()} AND ${unit} = ${param()} AND ${score} >= ${param()} AND NOT ${planned}`,
        )
        .join(' UNION ALL ');
      const params = part.flatMap((l) => [l.kpiId, l.unitId, l.minScore]);
      const rows = await this.dataSource.query<Array<{ lookup: number | string; newest: number | string | null }>>(
        sql,
        params,
      );
      // PostgreSQL returns a bigint as text
      for (const row of rows) if (row.newest !== null) newest[Number(row.lookup)] = Number(row.newest);
    }
    return newest;
  }

  /**
   * Per lookup, in their order: the findings it counts detected after its `detectedAfter`, oldest detection first.
   * One statement for up to 200 lookups; a caller bounds `detectedAfter` (e.g. by a rule's hold) to bound the rows.
   */
  async countedSince(lookups: readonly CountedAnomaliesSince[]): Promise<AnomalyRecord[][]> {
    const found: AnomalyRecord[][] = lookups.map(() => []);
    for (let start = 0; start < lookups.length; start += LOOKUPS_PER_STATEMENT) {
      const part = lookups.slice(start, start + LOOKUPS_PER_STATEMENT);
      const rows = await this.dataSource.getRepository(AnomalyEntity).find({
        where: part.map((l) => ({
          kpiId: l.kpiId,
          unitId: l.unitId,
          score: MoreThanOrEqual(l.minScore),
          planned: false,
          detectedAt: MoreThan(l.detectedAfter),
        })),
        order: { detectedAt: 'ASC', ts: 'ASC', kind: 'ASC', signalId: 'ASC' },
      });
      // a row may answer several lookups (rules of one KPI with other bounds)
      for (const row of rows)
        part.forEach((l, i) => {
          if (
            row.kpiId === l.kpiId &&
            row.unitId === l.unitId &&
            row.score >= l.minScore &&
            row.detectedAt > l.detectedAfter
          )
            found[start + i].push(toAnomalyRecord(row));
        });
    }
    return found;
  }

  /** How many match the filters (`after` and `limit` aside). */
  async count(query: AnomalyQuery): Promise<number> {
    if (matchesNothing(query)) return 0;
    return this.dataSource.getRepository(AnomalyEntity).count({ where: anomalyFilter(query) });
  }

  /** Removes the anomalies older than `cutoff` (retention); resolves to how many. */
  async deleteBefore(cutoff: number): Promise<number> {
    const result = await this.dataSource.getRepository(AnomalyEntity).delete({ ts: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}

function matchesNothing(query: AnomalyQuery): boolean {
  return [query.unitIds, query.kpiIds, query.signalIds, query.kinds].some((ids) => ids?.length === 0);
}

/**
 * The rows after `key` in the order (ts DESC, kpi_id, kind, signal_id): an OR of one branch per key column, each
 * equal on the columns before it and past the key on its own, every condition ANDed with the query's own filters.
 */
function afterKey(query: AnomalyQuery, key: AnomalyKey): FindOptionsWhere<AnomalyEntity>[] {
  const where = anomalyFilter(query);
  const narrow = <K extends 'ts' | 'kpiId' | 'kind' | 'signalId'>(column: K, op: FindOperator<AnomalyEntity[K]>) =>
    where[column] === undefined ? op : And(where[column] as FindOperator<AnomalyEntity[K]>, op);
  const signalId = key.signalId ?? NO_SIGNAL;
  return [
    { ...where, ts: narrow('ts', LessThan(key.ts)) },
    { ...where, ts: narrow('ts', Equal(key.ts)), kpiId: narrow('kpiId', MoreThan(key.kpiId)) },
    { ...where, ts: narrow('ts', Equal(key.ts)), kpiId: narrow('kpiId', Equal(key.kpiId)), kind: MoreThan(key.kind) },
    {
      ...where,
      ts: narrow('ts', Equal(key.ts)),
      kpiId: narrow('kpiId', Equal(key.kpiId)),
      kind: Equal(key.kind),
      signalId: narrow('signalId', MoreThan(signalId)),
    },
  ];
}

function anomalyFilter(query: AnomalyQuery): FindOptionsWhere<AnomalyEntity> {
  const where: FindOptionsWhere<AnomalyEntity> = {
    ts: And(MoreThanOrEqual(query.from), LessThan(query.to)),
  };
  if (query.unitIds) where.unitId = In([...query.unitIds]);
  if (query.kpiIds) where.kpiId = In([...query.kpiIds]);
  if (query.signalIds) where.signalId = In([...query.signalIds]);
  if (query.kinds) where.kind = In([...query.kinds]);
  if (query.minScore !== undefined) where.score = MoreThanOrEqual(query.minScore);
  return where;
}
