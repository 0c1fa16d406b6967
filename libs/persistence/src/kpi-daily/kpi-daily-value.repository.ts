import type { DataSource, QueryRunner } from 'typeorm';
import { chunk, maxRowsPerStatement, tableRef, valuesPlaceholders } from '../data-source/sql-dialect';
import {
  KPI_DAILY_STATE_TABLE,
  KpiDailyValueEntity,
  type KpiDailyStateEntity,
} from '../entities/kpi-daily-value.entity';

/** What the stored daily values cover (see KpiDailyStateEntity). */
export interface KpiDailyState {
  modelChecksum: string;
  frontier: number;
  receivedBy: number;
  /** The daily engine's checkpoint at `receivedBy` (see KpiDailyStateEntity); null or absent: none. */
  checkpoint?: Buffer | null;
}

/** Which stored daily values a state stands for: every save moves one of the two. */
export type KpiDailyVersion = Pick<KpiDailyState, 'modelChecksum' | 'receivedBy'>;

export interface KpiDailyPoint {
  seriesKey: string;
  dayStart: number;
  value: number | null;
}

/** The one set of daily values the forecasts keep. */
const STATE_NAME = 'forecast';
/** Rows per page when reading everything back: bounded memory per round trip. */
const READ_PAGE_SIZE = 50_000;

interface RawPoint {
  seriesKey: string;
  dayStart: string | number;
  value: number | string | null;
}

/** Daily KPI values for the forecasts, updated day by day, and the state saying what they cover. */
export class KpiDailyValueRepository {
  constructor(private readonly dataSource: DataSource) {}

  async state(): Promise<KpiDailyState | null> {
    const row = await this.dataSource.getRepository<KpiDailyStateEntity>(KPI_DAILY_STATE_TABLE).findOneBy({
      name: STATE_NAME,
    });
    return row
      ? {
          modelChecksum: row.modelChecksum,
          frontier: row.frontier,
          receivedBy: row.receivedBy,
          checkpoint: row.checkpoint ?? null,
        }
      : null;
  }

  /**
   * Upserts the points and moves the state, in one transaction. `replaceAll` first deletes every stored value (the
   * model changed). Resolves false, writing nothing, when an update covering later receipts of the same model got
   * there first (two forecast runs at once): stored values never go back in time. With `from` (the state the caller
   * read, null: none), also when the stored state is no longer that one: a caller that knows the values of `from`
   * then knows those after its save without reading them back.
   */
  async save(
    state: KpiDailyState,
    points: readonly KpiDailyPoint[],
    replaceAll: boolean,
    from?: KpiDailyVersion | null,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const runner = manager.queryRunner!;
      // the state row first: on PostgreSQL its row lock orders concurrent updates
      if (!(await this.moveState(runner, state, from))) return false;
      const values = tableRef(this.dataSource, KpiDailyValueEntity);
      if (replaceAll) await runner.query(`DELETE FROM ${values}`);
      for (const rows of chunk(points, Math.min(5_000, maxRowsPerStatement(this.dataSource, 3)))) {
        const params: unknown[] = [];
        for (const p of rows) params.push(p.seriesKey, p.dayStart, p.value);
        await runner.query(
          `INSERT INTO ${values} (series_key, day_start, value) VALUES ${valuesPlaceholders(this.dataSource, rows.length, 3)}
           ON CONFLICT (series_key, day_start) DO UPDATE SET value = excluded.value`,
          params,
        );
      }
      return true;
    });
  }

  /** Every stored value, by series key, days in order, page by page (keyset on the primary key). */
  async *readAll(): AsyncGenerator<KpiDailyPoint[]> {
    const values = tableRef(this.dataSource, KpiDailyValueEntity);
    const p = (i: number): string => this.dataSource.driver.createParameter('p', i);
    let after: KpiDailyPoint | undefined;
    for (;;) {
      const where = after ? `WHERE (series_key, day_start) > (${p(0)}, ${p(1)})` : '';
      const rows = await this.dataSource.query<RawPoint[]>(
        `SELECT series_key AS "seriesKey", day_start AS "dayStart", value FROM ${values} ${where}
         ORDER BY series_key, day_start LIMIT ${READ_PAGE_SIZE}`,
        after ? [after.seriesKey, after.dayStart] : [],
      );
      if (rows.length === 0) return;
      const page = rows.map((r) => ({
        seriesKey: r.seriesKey,
        dayStart: Number(r.dayStart),
        value: r.value === null ? null : Number(r.value),
      }));
      yield page;
      if (rows.length < READ_PAGE_SIZE) return;
      after = page[page.length - 1];
    }
  }

  private async moveState(runner: QueryRunner, state: KpiDailyState, from?: KpiDailyVersion | null): Promise<boolean> {
    const table = tableRef(this.dataSource, KPI_DAILY_STATE_TABLE);
    const p = (i: number): string => this.dataSource.driver.createParameter('p', i);
    // 0: any stored state; 1: exactly `from`; 2: none (an existing row is then left as it is)
    const expect = from === undefined ? 0 : from === null ? 2 : 1;
    const result = await runner.query(
      `INSERT INTO ${table} (name, model_checksum, frontier, received_by, checkpoint)
       VALUES (${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})
       ON CONFLICT (name) DO UPDATE SET model_checksum = excluded.model_checksum, frontier = excluded.frontier,
         received_by = excluded.received_by, checkpoint = excluded.checkpoint
       WHERE (${table}.received_by < excluded.received_by OR ${table}.model_checksum <> excluded.model_checksum)
         AND (${p(5)} = 0 OR (${p(6)} = 1 AND ${table}.received_by = ${p(7)} AND ${table}.model_checksum = ${p(8)}))`,
      [
        STATE_NAME,
        state.modelChecksum,
        state.frontier,
        state.receivedBy,
        state.checkpoint ?? null,
        // twice: SQLite's parameters are positional
        expect,
        expect,
        from?.receivedBy ?? 0,
        from?.modelChecksum ?? '',
      ],
      true,
    );
    return (result.affected ?? 0) > 0;
  }
}
