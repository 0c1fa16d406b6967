import type { KpiValue } from '@bsc/common';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import {
  chunk,
  isPostgres,
  maxRowsPerStatement,
  PG_ARRAY_ROWS_PER_STATEMENT,
  tableRef,
} from '../data-source/sql-dialect';
import { pgRevisionInserts } from './kpi-revision-insert.statements';
import { latestPeriodIdsQuery } from './latest-periods.query';
import { newestOfPairs } from './newest-of-pairs.query';
import { KpiValueRevisionEntity } from '../entities/kpi-value-revision.entity';
import { WriteFenceEntity } from '../entities/write-fence.entity';
import { sameReading, toKpiValueRevision, toKpiValueRevisionRow } from './kpi-value-revision.mapper';
import type { KpiValueRevision } from './kpi-value-revision.types';

const COLUMNS_PER_ROW = 15;
const MAX_IN_LIST = 500;

export interface AppendRevisionsOptions {
  enteredBy?: string;
  comment?: string;
  /** Store a revision even when it repeats the newest one (default false: repeats are skipped). */
  keepRepeats?: boolean;
  /**
   * Write only as the newest holder of `name`: refused with {@link WriteFencedError} (nothing written) when a write
   * under the same name already carried a higher token, i.e. from a lease holder that another one has replaced.
   */
  fence?: { name: string; token: number };
}

/** A fenced write came from a holder whose token another holder has passed: nothing of it was written. */
export class WriteFencedError extends Error {
  constructor(
    readonly fence: string,
    readonly token: number,
  ) {
    super(`write under ${fence} with token ${token} refused: a newer holder has written`);
    this.name = 'WriteFencedError';
  }
}

/**
 * KPI values as an append-only log of revisions per (kpi, period). Reading "as known at T" picks, per pair, the
 * newest revision recorded at or before T; without T, the newest of all ("as corrected now").
 */
export class KpiValueRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends one revision per value; returns how many were stored (repeats of the newest revision are skipped).
   * Without `recordedAt` a revision is recorded now, or 1 ms after its pair's newest revision when that was stamped
   * later (by another writer whose clock is ahead, e.g. a partition's previous KPI worker): the newest revision is
   * then still the last one written. The repeat check reads that newest revision anyway, so this costs no query; with
   * `keepRepeats` there is none and the clock stands. A given `recordedAt` (a back-dated correction) is kept as is.
   */
  async appendRevisions(
    values: readonly KpiValue[],
    modelVersion: number,
    recordedAt?: number,
    options: AppendRevisionsOptions = {},
  ): Promise<number> {
    // with a fence and no values: a new holder raises the fence before it writes anything
    if (values.length === 0 && !options.fence) return 0;
    const stamp = recordedAt ?? Date.now();
    const rows = values.map((v) =>
      toKpiValueRevisionRow(v, modelVersion, stamp, options.enteredBy ?? null, options.comment ?? null),
    );
    return this.dataSource.transaction(async (manager) => {
      if (options.fence) await this.passFence(manager, options.fence.name, options.fence.token);
      if (rows.length === 0) return 0;
      let fresh = rows;
      if (!options.keepRepeats) {
        const current = isPostgres(this.dataSource)
          ? await newestOfPairs(this.dataSource, manager, uniqPairs(rows))
          : await this.newest(manager, {
              kpiIds: uniq(rows.map((r) => r.kpiId)),
              periodKeys: uniq(rows.map((r) => r.periodKey)),
            });
        const byPair = new Map(current.map((c) => [pairKey(c.kpiId, c.periodKey), c]));
        fresh = rows.filter((row) => {
          const known = byPair.get(pairKey(row.kpiId, row.periodKey));
          if (known && recordedAt === undefined && known.recordedAt >= row.recordedAt)
            row.recordedAt = known.recordedAt + 1;
          return !(known && sameReading(row, known));
        });
      }
      if (isPostgres(this.dataSource)) {
        for (const { sql, params } of pgRevisionInserts(this.dataSource, fresh)) await manager.query(sql, params);
        return fresh.length;
      }
      for (const part of chunk(fresh, maxRowsPerStatement(this.dataSource, COLUMNS_PER_ROW))) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(KpiValueRevisionEntity)
          .values(part)
          .updateEntity(false)
          .execute();
      }
      return fresh.length;
    });
  }

  /**
   * Raises the fence to `token` (never lowers it) or throws. Inside the write's transaction: the row stays locked
   * until the revisions are committed, so a newer holder's fence waits for them and a stale one finds it raised.
   */
  private async passFence(manager: EntityManager, name: string, token: number): Promise<void> {
    await manager.createQueryBuilder().insert().into(WriteFenceEntity).values({ name, token }).orIgnore().execute();
    const raised = await manager
      .createQueryBuilder()
      .update(WriteFenceEntity)
      .set({ token })
      .where('name = :name AND token <= :token', { name, token })
      .execute();
    if (!raised.affected) throw new WriteFencedError(name, token);
  }

  /** The value of each (kpi, period) as known at `knownAt` (default: now, including all corrections). */
  async asOf(
    kpiIds: readonly string[] | 'all',
    periodKeys: readonly string[] | 'all',
    knownAt?: number,
  ): Promise<KpiValueRevision[]> {
    return this.newest(this.dataSource.manager, { kpiIds, periodKeys, knownAt });
  }

  /** One value per period of the KPI whose period starts in [from, to), oldest period first. */
  async history(kpiId: string, from: number, to: number, knownAt?: number): Promise<KpiValueRevision[]> {
    return this.newest(this.dataSource.manager, {
      kpiIds: [kpiId],
      periodKeys: 'all',
      knownAt,
      periodStartFrom: from,
      periodStartTo: to,
    });
  }

  /** When the newest revision was recorded (what the KPI engine had published by then), or null when none was. */
  async newestRecordedAt(): Promise<number | null> {
    const row = await this.revisions$()
      .select('MAX(r.recordedAt)', 'newest')
      .getRawOne<{ newest: string | number | null }>();
    return row?.newest === null || row?.newest === undefined ? null : Number(row.newest);
  }

  /** `history` of several KPIs in one read (for batched GraphQL fields): one value per period, oldest first, per KPI. */
  async historyOfMany(
    kpiIds: readonly string[],
    from: number,
    to: number,
    knownAt?: number,
  ): Promise<Map<string, KpiValueRevision[]>> {
    const rows = await this.newest(this.dataSource.manager, {
      kpiIds,
      periodKeys: 'all',
      knownAt,
      periodStartFrom: from,
      periodStartTo: to,
    });
    const byKpi = new Map<string, KpiValueRevision[]>(uniq(kpiIds).map((id) => [id, []]));
    for (const row of rows) byKpi.get(row.kpiId)?.push(row);
    return byKpi;
  }

  /**
   * The number each of the `count` latest periods (by start) of every KPI given was closed with: the newest
   * revision with a number recorded no later than the next period's first number (the newest period's newest; see
   * latestPeriodIdsQuery); oldest period first per KPI, in KPI order; KPIs without values, and periods with only
   * nulls, are absent. One statement per PG_ARRAY_ROWS_PER_STATEMENT KPIs, bounded by
   * KPIs × count whatever the revisions stored.
   */
  async latestPeriods(kpiIds: readonly string[], count: number): Promise<KpiValueRevision[]> {
    if (count <= 0) return [];
    const revisions: KpiValueRevision[] = [];
    for (const ids of chunk([...new Set(kpiIds)], PG_ARRAY_ROWS_PER_STATEMENT)) {
      const rows = await this.revisions$()
        .where(`r.id IN (${latestPeriodIdsQuery(this.dataSource)})`, {
          ids: isPostgres(this.dataSource) ? ids : JSON.stringify(ids),
          count,
        })
        .getMany();
      revisions.push(...rows.map(toKpiValueRevision));
    }
    return revisions.sort(byKpiAndPeriod);
  }

  /** `revisions` of several (kpi, period) pairs in one read per 500 KPIs; keyed by `pairKey`-style `kpi\u0000period`. */
  async revisionsOfMany(
    pairs: ReadonlyArray<{ kpiId: string; periodKey: string }>,
  ): Promise<Map<string, KpiValueRevision[]>> {
    const byPair = new Map<string, KpiValueRevision[]>(pairs.map((p) => [pairKey(p.kpiId, p.periodKey), []]));
    const periodKeys = uniq(pairs.map((p) => p.periodKey));
    for (const kpiChunk of chunk(uniq(pairs.map((p) => p.kpiId)), MAX_IN_LIST)) {
      // kpi IN (...) AND period IN (...) may return pairs nobody asked for; they are dropped below
      const rows = await this.revisions$()
        .where({ kpiId: In(kpiChunk), periodKey: In(periodKeys) })
        .orderBy('r.recordedAt', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .getMany();
      for (const row of rows) byPair.get(pairKey(row.kpiId, row.periodKey))?.push(toKpiValueRevision(row));
    }
    return byPair;
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

  /** The newest revision (recorded at or before knownAt) of every (kpi, period) pair matching the filter. */
  private async newest(manager: EntityManager, filter: NewestFilter): Promise<KpiValueRevision[]> {
    const { kpiIds, periodKeys } = filter;
    if ((kpiIds !== 'all' && kpiIds.length === 0) || (periodKeys !== 'all' && periodKeys.length === 0)) return [];
    const ids: number[] = [];
    for (const kpiChunk of kpiIds === 'all' ? ['all' as const] : chunk(uniq(kpiIds), MAX_IN_LIST)) {
      const { sql, params } = newestIdsQuery(this.dataSource, { ...filter, kpiIds: kpiChunk });
      const rows: Array<{ id: number | string | null }> = await manager.query(sql, params);
      for (const row of rows) if (row.id !== null) ids.push(Number(row.id));
    }
    const revisions: KpiValueRevision[] = [];
    for (const part of chunk(ids, MAX_IN_LIST)) {
      const rows = await manager.getRepository(KpiValueRevisionEntity).findBy({ id: In(part) });
      revisions.push(...rows.map(toKpiValueRevision));
    }
    return revisions.sort(byKpiAndPeriod);
  }
}

function byKpiAndPeriod(a: KpiValueRevision, b: KpiValueRevision): number {
  return a.kpiId < b.kpiId ? -1 : a.kpiId > b.kpiId ? 1 : a.periodStart - b.periodStart;
}

interface NewestFilter {
  kpiIds: readonly string[] | 'all';
  periodKeys: readonly string[] | 'all';
  knownAt?: number;
  /** Period starts in [periodStartFrom, periodStartTo). */
  periodStartFrom?: number;
  periodStartTo?: number;
}

/**
 * Distinct (kpi, period) pairs first, then one index probe per pair for its newest revision: the cost grows with
 * the number of pairs, not with the number of revisions (a per-revision correlated subquery took seconds on pg).
 */
function newestIdsQuery(dataSource: DataSource, filter: NewestFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  // Placeholders are bound in textual order: SQLite's "?" is positional.
  const bind = (value: unknown) => {
    params.push(value);
    return dataSource.driver.createParameter(`p${params.length}`, params.length - 1);
  };
  const table = tableRef(dataSource, KpiValueRevisionEntity);
  const knownAt = filter.knownAt === undefined ? '' : ` AND n.recorded_at <= ${bind(filter.knownAt)}`;
  const where: string[] = [];
  if (filter.kpiIds !== 'all') where.push(`kpi_id IN (${filter.kpiIds.map(bind).join(', ')})`);
  if (filter.periodKeys !== 'all') where.push(`period_key IN (${uniq(filter.periodKeys).map(bind).join(', ')})`);
  if (filter.periodStartFrom !== undefined) where.push(`period_start >= ${bind(filter.periodStartFrom)}`);
  if (filter.periodStartTo !== undefined) where.push(`period_start < ${bind(filter.periodStartTo)}`);
  const sql =
    `SELECT (SELECT n.id FROM ${table} n WHERE n.kpi_id = p.kpi_id AND n.period_key = p.period_key${knownAt} ` +
    'ORDER BY n.recorded_at DESC, n.id DESC LIMIT 1) AS id ' +
    `FROM (SELECT DISTINCT kpi_id, period_key FROM ${table}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}) p`;
  return { sql, params };
}

function uniq(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function uniqPairs(
  rows: ReadonlyArray<{ kpiId: string; periodKey: string }>,
): Array<{ kpiId: string; periodKey: string }> {
  const byKey = new Map(rows.map((r) => [pairKey(r.kpiId, r.periodKey), r]));
  return [...byKey.values()];
}

function pairKey(kpiId: string, periodKey: string): string {
  return `${kpiId}\u0000${periodKey}`;
}
