import { DataSource, In, LessThan, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { chunk, isPostgres, maxRowsPerStatement, PG_ARRAY_ROWS_PER_STATEMENT } from '../data-source/sql-dialect';
import { ForecastResultEntity } from '../entities/forecast-result.entity';
import { LinkEstimateEntity } from '../entities/link-estimate.entity';
import type { ForecastRecord, LinkEstimateRecord, NewForecast, NewLinkEstimate } from './forecast.types';

const FORECAST_COLUMNS = 7;
const MAX_IN_LIST = 500;

function toForecastRecord<T>(e: ForecastResultEntity): ForecastRecord<T> {
  return {
    id: e.id,
    kpiId: e.kpiId,
    computedAt: e.computedAt,
    method: e.method,
    horizon: e.horizon,
    periodKey: e.periodKey,
    probability: e.probability,
    payload: e.payload as T,
  };
}

function toLinkEstimateRecord<T>(e: LinkEstimateEntity): LinkEstimateRecord<T> {
  return {
    id: e.id,
    fromObjective: e.fromObjective,
    toObjective: e.toObjective,
    computedAt: e.computedAt,
    payload: e.payload as T,
  };
}

/** Forecast results per KPI and strategy-link estimates, newest wins; older ones stay for comparison until purged. */
export class ForecastRepository {
  constructor(private readonly dataSource: DataSource) {}

  async saveForecasts<T>(forecasts: readonly NewForecast<T>[]): Promise<number> {
    const rows = forecasts.map((f) => ({
      ...f,
      periodKey: f.periodKey ?? null,
      probability: f.probability ?? null,
      payload: f.payload as object,
    }));
    await this.dataSource.transaction(async (manager) => {
      for (const part of chunk(rows, maxRowsPerStatement(this.dataSource, FORECAST_COLUMNS))) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(ForecastResultEntity)
          .values(part)
          .updateEntity(false)
          .execute();
      }
    });
    return rows.length;
  }

  /** The newest forecast of each KPI (optionally of one method). */
  async latest<T = unknown>(kpiIds: readonly string[], method?: string): Promise<ForecastRecord<T>[]> {
    const result: ForecastRecord<T>[] = [];
    for (const ids of chunk([...new Set(kpiIds)], MAX_IN_LIST)) {
      const qb = this.forecasts$().where({ kpiId: In(ids) });
      if (method !== undefined) qb.andWhere('f.method = :method', { method });
      qb.andWhere(
        (outer) =>
          `f.id = ${newestId(outer.subQuery(), ForecastResultEntity, 'n.kpi_id = f.kpi_id', method).getQuery()}`,
      );
      result.push(...(await qb.orderBy('f.kpiId', 'ASC').getMany()).map((e) => toForecastRecord<T>(e)));
    }
    return result;
  }

  /**
   * Per KPI, the newest forecast with a period end computed before `before` (ties: the one stored last), in KPI
   * order. One statement for up to PG_ARRAY_ROWS_PER_STATEMENT KPIs: the ids are one bound value, each the start of
   * one probe down (kpi_id, computed_at), so the cost grows with the KPIs asked, not with the forecasts stored.
   */
  async latestBefore<T = unknown>(kpiIds: readonly string[], before: number): Promise<ForecastRecord<T>[]> {
    const result: ForecastRecord<T>[] = [];
    for (const ids of chunk([...new Set(kpiIds)], PG_ARRAY_ROWS_PER_STATEMENT)) {
      const qb = this.forecasts$();
      const newest = newestId(
        qb.subQuery(),
        ForecastResultEntity,
        'n.kpi_id = ids.id AND n.computed_at < :before AND n.period_key IS NOT NULL',
      ).getQuery();
      const list = isPostgres(this.dataSource)
        ? { from: 'unnest(CAST(:ids AS varchar[])) AS ids(id)', ids }
        : { from: '(SELECT value AS id FROM json_each(:ids)) ids', ids: JSON.stringify(ids) };
      const rows = await qb
        .where(`f.id IN (SELECT ${newest} FROM ${list.from})`, { ids: list.ids, before })
        .orderBy('f.kpiId', 'ASC')
        .getMany();
      result.push(...rows.map((e) => toForecastRecord<T>(e)));
    }
    return result;
  }

  /** Forecasts of a KPI computed in [from, to), oldest first. */
  async history<T = unknown>(kpiId: string, from: number, to: number): Promise<ForecastRecord<T>[]> {
    const rows = await this.forecasts$()
      .where('f.kpiId = :kpiId AND f.computedAt >= :from AND f.computedAt < :to', { kpiId, from, to })
      .orderBy('f.computedAt', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .getMany();
    return rows.map((e) => toForecastRecord<T>(e));
  }

  async saveLinkEstimates<T>(estimates: readonly NewLinkEstimate<T>[]): Promise<number> {
    if (estimates.length === 0) return 0;
    const rows = estimates.map((e) => ({ ...e, payload: e.payload as object }));
    await this.dataSource.getRepository(LinkEstimateEntity).insert(rows);
    return rows.length;
  }

  /** The newest estimate of every link. */
  async latestLinkEstimates<T = unknown>(): Promise<LinkEstimateRecord<T>[]> {
    const rows = await this.dataSource
      .getRepository(LinkEstimateEntity)
      .createQueryBuilder('f')
      .where(
        (outer) =>
          `f.id = ${newestId(outer.subQuery(), LinkEstimateEntity, 'n.from_objective = f.from_objective AND n.to_objective = f.to_objective').getQuery()}`,
      )
      .orderBy('f.fromObjective', 'ASC')
      .addOrderBy('f.toObjective', 'ASC')
      .getMany();
    return rows.map((e) => toLinkEstimateRecord<T>(e));
  }

  /** Retention: deletes forecasts and link estimates computed before `cutoff`; returns how many rows went. */
  async purgeComputedBefore(cutoff: number): Promise<number> {
    const forecasts = await this.dataSource
      .getRepository(ForecastResultEntity)
      .delete({ computedAt: LessThan(cutoff) });
    const links = await this.dataSource.getRepository(LinkEstimateEntity).delete({ computedAt: LessThan(cutoff) });
    return (forecasts.affected ?? 0) + (links.affected ?? 0);
  }

  private forecasts$(): SelectQueryBuilder<ForecastResultEntity> {
    return this.dataSource.getRepository(ForecastResultEntity).createQueryBuilder('f');
  }
}

/** "The id of the newest row of the same group", correlated on `sameGroup` (alias n inside, f outside). */
function newestId<S extends ObjectLiteral>(
  sub: SelectQueryBuilder<S>,
  entity: typeof ForecastResultEntity | typeof LinkEstimateEntity,
  sameGroup: string,
  method?: string,
): SelectQueryBuilder<ObjectLiteral> {
  const qb = sub.select('n.id').from(entity, 'n').where(sameGroup);
  if (method !== undefined) qb.andWhere('n.method = :method');
  return qb.orderBy('n.computed_at', 'DESC').addOrderBy('n.id', 'DESC').limit(1);
}
