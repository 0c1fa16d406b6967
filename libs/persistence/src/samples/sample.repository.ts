import { BscError, BscErrorCode, SignalSample } from '@bsc/common';
import { Brackets, DataSource, In } from 'typeorm';
import { chunk, maxRowsPerStatement, tableRef, valuesPlaceholders } from '../data-source/sql-dialect';
import { SignalSampleEntity } from '../entities/signal-sample.entity';
import { toSignalSample } from './signal-sample.mapper';

const INSERT_COLUMNS = ['signal_id', 'ts', 'value', 'quality', 'source', 'received_at'] as const;
/** Rows per page of a replay: large enough to amortise the round trip, small enough to bound memory. */
export const DEFAULT_REPLAY_PAGE_SIZE = 5_000;
const MAX_IN_LIST = 1_000;

export interface SampleReplayOptions {
  /** Inclusive lower bound on ts. */
  from?: number;
  /** Exclusive upper bound on ts. */
  to?: number;
  signalIds?: readonly string[];
  pageSize?: number;
}

/** Stored signal samples: idempotent batch writes, range reads and the time-ordered replay of everything. */
export class SampleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes the samples in one transaction, ignoring ones already stored (same signal and ts), so re-delivery after
   * a crash is harmless. Returns how many rows were new.
   */
  async insertBatch(samples: readonly SignalSample[], receivedAt: number = Date.now()): Promise<number> {
    if (samples.length === 0) return 0;
    assertStorable(samples);
    const columns = INSERT_COLUMNS.length;
    const table = tableRef(this.dataSource, SignalSampleEntity);
    const head = `INSERT INTO ${table} (${INSERT_COLUMNS.join(', ')}) VALUES `;
    return this.dataSource.transaction(async (manager) => {
      let inserted = 0;
      for (const rows of chunk(samples, maxRowsPerStatement(this.dataSource, columns))) {
        const params: unknown[] = new Array(rows.length * columns);
        let i = 0;
        for (const s of rows) {
          params[i++] = s.signalId;
          params[i++] = s.ts;
          params[i++] = s.value;
          params[i++] = s.quality;
          params[i++] = s.source;
          params[i++] = receivedAt;
        }
        const sql = `${head}${valuesPlaceholders(this.dataSource, rows.length, columns)} ON CONFLICT DO NOTHING`;
        const result = await manager.queryRunner!.query(sql, params, true);
        inserted += result.affected ?? 0;
      }
      return inserted;
    });
  }

  /** Samples of one signal with from <= ts < to, oldest first. */
  async range(signalId: string, from: number, to: number, limit?: number): Promise<SignalSample[]> {
    const rows = await this.dataSource
      .getRepository(SignalSampleEntity)
      .createQueryBuilder('s')
      .where('s.signal_id = :signalId AND s.ts >= :from AND s.ts < :to', { signalId, from, to })
      .orderBy('s.ts', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(toSignalSample);
  }

  /** The newest sample of each given signal that has any (signals without samples are absent). */
  async latest(signalIds: readonly string[]): Promise<SignalSample[]> {
    const result: SignalSample[] = [];
    for (const ids of chunk([...new Set(signalIds)], MAX_IN_LIST)) {
      const rows = await this.dataSource
        .getRepository(SignalSampleEntity)
        .createQueryBuilder('s')
        .where({ signalId: In(ids) })
        .andWhere((qb) => {
          const newest = qb
            .subQuery()
            .select('MAX(n.ts)')
            .from(SignalSampleEntity, 'n')
            .where('n.signal_id = s.signal_id')
            .getQuery();
          return `s.ts = ${newest}`;
        })
        .getMany();
      result.push(...rows.map(toSignalSample));
    }
    return result;
  }

  /**
   * Every sample in (ts, signalId) order, page by page, for replaying history through the KPI engine. Keyset
   * pagination, so each page is an index range scan however deep the replay goes.
   */
  async *replay(options: SampleReplayOptions = {}): AsyncGenerator<SignalSample[]> {
    const pageSize = options.pageSize ?? DEFAULT_REPLAY_PAGE_SIZE;
    if (options.signalIds?.length === 0) return;
    let after: { ts: number; signalId: string } | undefined;
    for (;;) {
      const qb = this.dataSource.getRepository(SignalSampleEntity).createQueryBuilder('s');
      if (options.from !== undefined) qb.andWhere('s.ts >= :from', { from: options.from });
      if (options.to !== undefined) qb.andWhere('s.ts < :to', { to: options.to });
      if (options.signalIds) qb.andWhere({ signalId: In([...options.signalIds]) });
      if (after) {
        const cursor = after;
        qb.andWhere(
          new Brackets((w) =>
            w.where('s.ts > :afterTs', { afterTs: cursor.ts }).orWhere('s.ts = :afterTs AND s.signal_id > :afterId', { afterId: cursor.signalId }),
          ),
        );
      }
      const rows = await qb.orderBy('s.ts', 'ASC').addOrderBy('s.signal_id', 'ASC').limit(pageSize).getMany();
      if (rows.length === 0) return;
      yield rows.map(toSignalSample);
      if (rows.length < pageSize) return;
      const last = rows[rows.length - 1];
      after = { ts: last.ts, signalId: last.signalId };
    }
  }

  async count(signalId?: string): Promise<number> {
    return this.dataSource.getRepository(SignalSampleEntity).count({ where: signalId === undefined ? {} : { signalId } });
  }
}

function assertStorable(samples: readonly SignalSample[]): void {
  for (const s of samples) {
    if (!Number.isFinite(s.value) || !Number.isSafeInteger(s.ts)) {
      throw new BscError(BscErrorCode.BadInput, `sample of '${s.signalId}' at ${s.ts} has a non-finite value or timestamp`, 'value');
    }
  }
}
