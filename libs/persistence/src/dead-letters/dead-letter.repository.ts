import { DataSource, FindOptionsWhere, LessThan } from 'typeorm';
import { chunk, maxRowsPerStatement } from '../data-source/sql-dialect';
import { DEAD_LETTER_TABLE, type DeadLetterEntity } from '../entities/dead-letter.entity';
import { toDeadLetter, toDeadLetterEntityRow, toDeadLetterRow, toStorableDeadLetter } from './dead-letter.mapper';
import type { DeadLetter, DeadLetterQuery, NewDeadLetter } from './dead-letter.types';

const COLUMNS_PER_ROW = 9;
export const DEFAULT_DEAD_LETTER_LIMIT = 100;
export const MAX_DEAD_LETTER_LIMIT = 1_000;

/** Messages the ingestion pipeline rejected, kept for inspection and counted by reason. */
export class DeadLetterRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Encodes (raw bytes for binary, bounded size) and stores the entries; returns how many were stored. */
  async add(batch: readonly NewDeadLetter[], now: number = Date.now()): Promise<number> {
    await this.insert(batch.map((entry) => toDeadLetterRow(entry, now)));
    return batch.length;
  }

  /**
   * Stores entries whose payload is already encoded (the ingestion pipeline encodes while it buffers). Text is made
   * storable here, at the last step, so no payload can make its own dead letter fail to write. A letter whose origin
   * key is kept already is skipped: its input came again.
   */
  async insert(records: readonly Omit<DeadLetter, 'id'>[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((record) => toDeadLetterEntityRow(toStorableDeadLetter(record)));
    await this.dataSource.transaction(async (manager) => {
      for (const part of chunk(rows, maxRowsPerStatement(this.dataSource, COLUMNS_PER_ROW))) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(DEAD_LETTER_TABLE)
          .values(part)
          .orIgnore()
          .updateEntity(false)
          .execute();
      }
    });
  }

  /** Newest first; page with `beforeId` = the last id of the previous page. */
  async list(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const where: FindOptionsWhere<DeadLetterEntity> = {};
    if (query.reason !== undefined) where.reason = query.reason;
    if (query.source !== undefined) where.source = query.source;
    if (query.beforeId !== undefined) where.id = LessThan(query.beforeId);
    const take = Math.min(Math.max(query.limit ?? DEFAULT_DEAD_LETTER_LIMIT, 1), MAX_DEAD_LETTER_LIMIT);
    const rows = await this.dataSource
      .getRepository<DeadLetterEntity>(DEAD_LETTER_TABLE)
      .find({ where, order: { id: 'DESC' }, take });
    return rows.map(toDeadLetter);
  }

  /** How many dead letters match the filter (all pages). */
  async count(query: Pick<DeadLetterQuery, 'reason' | 'source'> = {}): Promise<number> {
    const where: FindOptionsWhere<DeadLetterEntity> = {};
    if (query.reason !== undefined) where.reason = query.reason;
    if (query.source !== undefined) where.source = query.source;
    return this.dataSource.getRepository<DeadLetterEntity>(DEAD_LETTER_TABLE).count({ where });
  }

  async countsByReason(): Promise<Record<string, number>> {
    const rows: Array<{ reason: string; count: string | number }> = await this.dataSource
      .getRepository<DeadLetterEntity>(DEAD_LETTER_TABLE)
      .createQueryBuilder('d')
      .select('d.reason', 'reason')
      .addSelect('COUNT(*)', 'count')
      .groupBy('d.reason')
      .orderBy('d.reason', 'ASC')
      .getRawMany();
    return Object.fromEntries(rows.map((row) => [row.reason, Number(row.count)]));
  }

  /** Dead letters per source and reason with the newest receipt of each, most frequent first. */
  async countsBySourceAndReason(): Promise<Array<{ source: string; reason: string; count: number; lastAt: number }>> {
    const rows: Array<{ source: string; reason: string; count: string | number; lastAt: string | number }> =
      await this.dataSource
        .getRepository<DeadLetterEntity>(DEAD_LETTER_TABLE)
        .createQueryBuilder('d')
        .select('d.source', 'source')
        .addSelect('d.reason', 'reason')
        .addSelect('COUNT(*)', 'count')
        .addSelect('MAX(d.receivedAt)', 'lastAt')
        .groupBy('d.source')
        .addGroupBy('d.reason')
        .getRawMany();
    return rows
      .map((r) => ({ source: r.source, reason: r.reason, count: Number(r.count), lastAt: Number(r.lastAt) }))
      .sort((a, b) => b.count - a.count || a.source.localeCompare(b.source) || a.reason.localeCompare(b.reason));
  }

  /** Retention: deletes entries received before `cutoff`; returns how many. */
  async purgeReceivedBefore(cutoff: number): Promise<number> {
    const result = await this.dataSource
      .getRepository<DeadLetterEntity>(DEAD_LETTER_TABLE)
      .delete({ receivedAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}
