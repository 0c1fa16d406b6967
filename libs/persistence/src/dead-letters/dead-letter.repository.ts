import { Brackets, DataSource, LessThan, type SelectQueryBuilder } from 'typeorm';
import { chunk, maxRowsPerStatement } from '../data-source/sql-dialect';
import { DEAD_LETTER_TABLE, type DeadLetterEntity } from '../entities/dead-letter.entity';
import { toDeadLetter, toDeadLetterEntityRow, toDeadLetterRow, toStorableDeadLetter } from './dead-letter.mapper';
import type { DeadLetter, DeadLetterQuery, DeadLetterVisibility, NewDeadLetter } from './dead-letter.types';

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
    const take = Math.min(Math.max(query.limit ?? DEFAULT_DEAD_LETTER_LIMIT, 1), MAX_DEAD_LETTER_LIMIT);
    const select = this.select(query);
    if (query.beforeId !== undefined) select.andWhere('d.id < :beforeId', { beforeId: query.beforeId });
    const rows = await select.orderBy('d.id', 'DESC').limit(take).getMany();
    return rows.map(toDeadLetter);
  }

  /** How many dead letters match the filter (all pages). */
  async count(query: Pick<DeadLetterQuery, 'reason' | 'source' | 'visibleTo'> = {}): Promise<number> {
    return this.select(query).getCount();
  }

  /**
   * Where the matching letters came from, each once: the signals letters are bound to, and the (source, channel) of
   * letters bound to none. A visibility is chosen from these, so it names only what the table holds.
   */
  async origins(
    query: Pick<DeadLetterQuery, 'reason' | 'source'> = {},
  ): Promise<{ signalIds: string[]; channels: Array<{ source: string; channel: string }> }> {
    const [signals, channels] = await Promise.all([
      this.select(query)
        .andWhere('d.signalId IS NOT NULL')
        .select('d.signalId', 'signalId')
        .distinct(true)
        .getRawMany<{ signalId: string }>(),
      this.select(query)
        .andWhere('d.signalId IS NULL')
        .andWhere('d.channel IS NOT NULL')
        .select('d.source', 'source')
        .addSelect('d.channel', 'channel')
        .distinct(true)
        .getRawMany<{ source: string; channel: string }>(),
    ]);
    return {
      signalIds: signals.map((r) => r.signalId),
      channels: channels.map((r) => ({ source: r.source, channel: r.channel })),
    };
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

  /** Dead letters per source and reason with the newest receipt of each, most frequent first; only `visibleTo`'s. */
  async countsBySourceAndReason(
    visibleTo?: DeadLetterVisibility,
  ): Promise<Array<{ source: string; reason: string; count: number; lastAt: number }>> {
    const rows: Array<{ source: string; reason: string; count: string | number; lastAt: string | number }> =
      await this.select({ visibleTo })
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

  private select(
    query: Pick<DeadLetterQuery, 'reason' | 'source' | 'visibleTo'>,
  ): SelectQueryBuilder<DeadLetterEntity> {
    const select = this.dataSource.getRepository<DeadLetterEntity>(DEAD_LETTER_TABLE).createQueryBuilder('d');
    if (query.reason !== undefined) select.andWhere('d.reason = :reason', { reason: query.reason });
    if (query.source !== undefined) select.andWhere('d.source = :source', { source: query.source });
    if (query.visibleTo !== undefined) select.andWhere(visibleLetters(query.visibleTo));
    return select;
  }

  /** Retention: deletes entries received before `cutoff`; returns how many. */
  async purgeReceivedBefore(cutoff: number): Promise<number> {
    const result = await this.dataSource
      .getRepository<DeadLetterEntity>(DEAD_LETTER_TABLE)
      .delete({ receivedAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}

/** A letter bound to a visible signal, or bound to none and received on a visible channel (grouped by source). */
function visibleLetters(visibility: DeadLetterVisibility): Brackets {
  const bySource = new Map<string, string[]>();
  for (const { source, channel } of visibility.channels) {
    const channels = bySource.get(source) ?? [];
    channels.push(channel);
    bySource.set(source, channels);
  }
  return new Brackets((where) => {
    // an empty visibility shows nothing (and `IN ()` is no SQL)
    where.where('1 = 0');
    if (visibility.signalIds.length > 0)
      where.orWhere('d.signalId IN (:...visibleSignals)', { visibleSignals: visibility.signalIds });
    [...bySource].forEach(([source, channels], i) =>
      where.orWhere(
        `(d.signalId IS NULL AND d.source = :visibleSource${i} AND d.channel IN (:...visibleChannels${i}))`,
        {
          [`visibleSource${i}`]: source,
          [`visibleChannels${i}`]: channels,
        },
      ),
    );
  });
}
