import { And, DataSource, FindOptionsWhere, In, LessThan, MoreThanOrEqual } from 'typeorm';
import { chunk, maxRowsPerStatement, tableRef, valuesPlaceholders } from '../data-source/sql-dialect';
import { AnomalyEntity } from '../entities/anomaly.entity';
import { anomalyRowValues, toAnomalyRecord } from './anomaly.mapper';
import type { AnomalyQuery, AnomalyRecord } from './anomaly.types';

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
] as const;
/** Rows per INSERT: a batch of anomalies is small, so one statement usually carries all of it. */
const ROWS_PER_STATEMENT = 1_000;

/** The anomalies the detectors reported; a finding stored twice (a replay) is kept once, as first stored. */
export class AnomalyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a batch in one transaction; resolves to how many were new. */
  async record(anomalies: readonly AnomalyRecord[]): Promise<number> {
    if (anomalies.length === 0) return 0;
    const table = tableRef(this.dataSource, AnomalyEntity);
    const columns = COLUMNS.map((c) => this.dataSource.driver.escape(c)).join(', ');
    const perStatement = Math.min(ROWS_PER_STATEMENT, maxRowsPerStatement(this.dataSource, COLUMNS.length));
    return this.dataSource.transaction(async (manager) => {
      let added = 0;
      for (const rows of chunk(anomalies, perStatement)) {
        const result = await manager.queryRunner!.query(
          `INSERT INTO ${table} (${columns}) VALUES ${valuesPlaceholders(this.dataSource, rows.length, COLUMNS.length)}
           ON CONFLICT (kpi_id, ts, kind, signal_id) DO NOTHING`,
          rows.flatMap(anomalyRowValues),
          true,
        );
        added += result.affected ?? 0;
      }
      return added;
    });
  }

  /** Newest first, at most `limit` (bounded by MAX_ANOMALY_LIMIT). */
  async list(query: AnomalyQuery): Promise<AnomalyRecord[]> {
    if ([query.unitIds, query.kpiIds, query.signalIds].some((ids) => ids?.length === 0)) return [];
    const rows = await this.dataSource.getRepository(AnomalyEntity).find({
      where: anomalyFilter(query),
      order: { ts: 'DESC', kpiId: 'ASC', kind: 'ASC', signalId: 'ASC' },
      take: Math.min(Math.max(query.limit ?? DEFAULT_ANOMALY_LIMIT, 1), MAX_ANOMALY_LIMIT),
    });
    return rows.map(toAnomalyRecord);
  }

  /** Removes the anomalies older than `cutoff` (retention); resolves to how many. */
  async deleteBefore(cutoff: number): Promise<number> {
    const result = await this.dataSource.getRepository(AnomalyEntity).delete({ ts: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}

function anomalyFilter(query: AnomalyQuery): FindOptionsWhere<AnomalyEntity> {
  const where: FindOptionsWhere<AnomalyEntity> = {
    ts: And(MoreThanOrEqual(query.from), LessThan(query.to)),
  };
  if (query.unitIds) where.unitId = In([...query.unitIds]);
  if (query.kpiIds) where.kpiId = In([...query.kpiIds]);
  if (query.signalIds) where.signalId = In([...query.signalIds]);
  if (query.minScore !== undefined) where.score = MoreThanOrEqual(query.minScore);
  return where;
}
