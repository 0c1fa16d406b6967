import type { KpiValue } from '@bsc/common';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { chunk, maxRowsPerStatement } from '../data-source/sql-dialect';
import { KpiValueRevisionEntity } from '../entities/kpi-value-revision.entity';
import { sameReading, toKpiValueRevision, toKpiValueRevisionRow } from './kpi-value-revision.mapper';
import type { KpiValueRevision } from './kpi-value-revision.types';

const COLUMNS_PER_ROW = 15;
const MAX_IN_LIST = 500;

export interface AppendRevisionsOptions {
  enteredBy?: string;
  comment?: string;
  /** Store a revision even when it repeats the newest one (default false: repeats are skipped). */
  keepRepeats?: boolean;
}

/**
 * KPI values as an append-only log of revisions per (kpi, period). Reading "as known at T" picks, per pair, the
 * newest revision recorded at or before T; without T, the newest of all ("as corrected now").
 */
export class KpiValueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends one revision per value; returns how many were stored (repeats of the newest revision are skipped). */
  async appendRevisions(
    values: readonly KpiValue[],
    modelVersion: number,
    recordedAt: number = Date.now(),
    options: AppendRevisionsOptions = {},
  ): Promise<number> {
    if (values.length === 0) return 0;
    const rows = values.map((v) => toKpiValueRevisionRow(v, modelVersion, recordedAt, options.enteredBy ?? null, options.comment ?? null));
    return this.dataSource.transaction(async (manager) => {
      let fresh = rows;
      if (!options.keepRepeats) {
        const current = await this.newest(manager.getRepository(KpiValueRevisionEntity).createQueryBuilder('r'), uniq(rows.map((r) => r.kpiId)), uniq(rows.map((r) => r.periodKey)));
        const byPair = new Map(current.map((c) => [pairKey(c.kpiId, c.periodKey), c]));
        fresh = rows.filter((row) => {
          const known = byPair.get(pairKey(row.kpiId, row.periodKey));
          return !(known && sameReading(row, known));
        });
      }
      for (const part of chunk(fresh, maxRowsPerStatement(this.dataSource, COLUMNS_PER_ROW))) {
        await manager.createQueryBuilder().insert().into(KpiValueRevisionEntity).values(part).updateEntity(false).execute();
      }
      return fresh.length;
    });
  }

  /** The value of each (kpi, period) as known at `knownAt` (default: now, including all corrections). */
  async asOf(kpiIds: readonly string[] | 'all', periodKeys: readonly string[] | 'all', knownAt?: number): Promise<KpiValueRevision[]> {
    return this.newest(this.revisions$(), kpiIds, periodKeys, knownAt);
  }

  /** One value per period of the KPI whose period starts in [from, to), oldest period first. */
  async history(kpiId: string, from: number, to: number, knownAt?: number): Promise<KpiValueRevision[]> {
    const qb = this.revisions$().andWhere('r.periodStart >= :from AND r.periodStart < :to', { from, to });
    const values = await this.newest(qb, [kpiId], 'all', knownAt);
    return values.sort((a, b) => a.periodStart - b.periodStart);
  }

  /** The audit trail of one KPI period: every revision, oldest first. */
  async revisions(kpiId: string, periodKey: string): Promise<KpiValueRevision[]> {
    const rows = await this.revisions$()
      .where({ kpiId, periodKey })
      .orderBy('r.recordedAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
    return rows.map(toKpiValueRevision);
  }

  private revisions$(): SelectQueryBuilder<KpiValueRevisionEntity> {
    return this.dataSource.getRepository(KpiValueRevisionEntity).createQueryBuilder('r');
  }

  private async newest(
    base: SelectQueryBuilder<KpiValueRevisionEntity>,
    kpiIds: readonly string[] | 'all',
    periodKeys: readonly string[] | 'all',
    knownAt?: number,
  ): Promise<KpiValueRevision[]> {
    if (kpiIds !== 'all' && kpiIds.length === 0) return [];
    if (periodKeys !== 'all' && periodKeys.length === 0) return [];
    const kpiChunks = kpiIds === 'all' ? [undefined] : chunk(uniq(kpiIds), MAX_IN_LIST);
    const result: KpiValueRevision[] = [];
    for (const ids of kpiChunks) {
      const qb = base.clone();
      if (ids) qb.andWhere({ kpiId: In(ids) });
      if (periodKeys !== 'all') qb.andWhere({ periodKey: In(uniq(periodKeys)) });
      if (knownAt !== undefined) qb.andWhere('r.recordedAt <= :knownAt', { knownAt });
      // Correlated "newest revision of this pair", served by the (kpi_id, period_key, recorded_at) index.
      qb.andWhere((outer) => {
        const newest = outer
          .subQuery()
          .select('n.id')
          .from(KpiValueRevisionEntity, 'n')
          .where('n.kpi_id = r.kpi_id AND n.period_key = r.period_key');
        if (knownAt !== undefined) newest.andWhere('n.recorded_at <= :knownAt');
        return `r.id = ${newest.orderBy('n.recorded_at', 'DESC').addOrderBy('n.id', 'DESC').limit(1).getQuery()}`;
      });
      const rows = await qb.orderBy('r.kpiId', 'ASC').addOrderBy('r.periodStart', 'ASC').getMany();
      result.push(...rows.map(toKpiValueRevision));
    }
    return result;
  }
}

function uniq(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function pairKey(kpiId: string, periodKey: string): string {
  return `${kpiId}\u0000${periodKey}`;
}
