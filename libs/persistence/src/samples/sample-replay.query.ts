import type { SignalSample } from '@bsc/common';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { isPostgres } from '../data-source/sql-dialect';
import { SignalSampleEntity } from '../entities/signal-sample.entity';
import { signalRangesQuery } from './signal-ranges.query';
import { fromRawSampleRow, RawSampleRow } from './signal-sample.mapper';

/** Rows per page of a replay: large enough to amortise the round trip, small enough to bound memory. */
export const DEFAULT_REPLAY_PAGE_SIZE = 5_000;
/**
 * Most signal ids a replay binds as a filter: a statement binds at most 32,766 values on SQLite, 65,535 on
 * PostgreSQL. A longer list is applied to the rows read instead.
 */
const REPLAY_MAX_BOUND_IDS = 30_000;

export interface SampleReplayOptions {
  /** Inclusive lower bound on ts. */
  from?: number;
  /** Exclusive upper bound on ts. */
  to?: number;
  signalIds?: readonly string[];
  /** Inclusive upper bound on received_at: only samples the platform had by then (time travel "as known at"). */
  receivedBy?: number;
  /** Exclusive lower bound on received_at: samples stored since a watermark. */
  receivedAfter?: number;
  /** Only samples of this source (e.g. IMPORTED_SAMPLE_SOURCE). */
  source?: string;
  pageSize?: number;
  /**
   * With `signalIds`: each signal's samples in time order, the signals in any order (a restore filling buckets). On
   * PostgreSQL a range of the primary key per signal instead of the time index filtered by the ids.
   */
  bySignal?: boolean;
}

/** Signals per statement of a by-signal read. */
const RANGE_IDS_PER_STATEMENT = 500;

/**
 * Every sample in (ts, signalId) order, page by page, for replaying history through the KPI engine. Keyset
 * pagination, so each page is an index range scan however deep the replay goes.
 */
export async function* replaySamples(
  dataSource: DataSource,
  options: SampleReplayOptions = {},
): AsyncGenerator<SignalSample[]> {
  const pageSize = options.pageSize ?? DEFAULT_REPLAY_PAGE_SIZE;
  if (options.signalIds?.length === 0) return;
  if (options.bySignal && options.signalIds && isPostgres(dataSource)) {
    yield* replayBySignal(dataSource, options.signalIds, options, pageSize);
    return;
  }
  const ids = options.signalIds;
  const bound = ids && ids.length <= REPLAY_MAX_BOUND_IDS ? ids : undefined;
  const kept = ids && !bound ? new Set(ids) : undefined;
  let after: { ts: number; signalId: string } | undefined;
  for (;;) {
    const qb = selectSampleRows(dataSource);
    // the cursor's ts as the lower bound too: with `from` alone SQLite started every page's scan at `from`
    const from = after ? Math.max(after.ts, options.from ?? -Infinity) : options.from;
    if (from !== undefined) qb.andWhere('s.ts >= :from', { from });
    if (options.to !== undefined) qb.andWhere('s.ts < :to', { to: options.to });
    if (bound) qb.andWhere({ signalId: In([...bound]) });
    if (options.receivedBy !== undefined)
      qb.andWhere('s.receivedAt <= :receivedBy', { receivedBy: options.receivedBy });
    if (options.receivedAfter !== undefined)
      qb.andWhere('s.receivedAt > :receivedAfter', { receivedAfter: options.receivedAfter });
    if (options.source !== undefined) qb.andWhere('s.source = :source', { source: options.source });
    if (after) {
      const cursor = after;
      // A row-value comparison (pg, SQLite >= 3.15) is one range on the (ts, signal_id) index; an OR is not.
      qb.andWhere('(s.ts, s.signalId) > (:afterTs, :afterId)', { afterTs: cursor.ts, afterId: cursor.signalId });
    }
    const rows = await qb
      .orderBy('s.ts', 'ASC')
      .addOrderBy('s.signalId', 'ASC')
      .limit(pageSize)
      .getRawMany<RawSampleRow>();
    if (rows.length === 0) return;
    const read = rows.map(fromRawSampleRow);
    const page = kept ? read.filter((sample) => kept.has(sample.signalId)) : read;
    if (page.length > 0) yield page;
    if (read.length < pageSize) return;
    const last = read[read.length - 1];
    after = { ts: last.ts, signalId: last.signalId };
  }
}

/**
 * Each signal's samples from `from` on, a share of the page per signal and statement; a signal that filled its
 * share goes on from its last sample in a later statement, so pages stay within `pageSize` rows (one row per
 * signal at least) and each signal's samples come in time order.
 */
async function* replayBySignal(
  dataSource: DataSource,
  signalIds: readonly string[],
  options: SampleReplayOptions,
  pageSize: number,
): AsyncGenerator<SignalSample[]> {
  const from = options.from ?? -Infinity;
  // ts > after: the start is inclusive, and sample times are whole milliseconds
  const pending = [...new Set(signalIds)].map((signalId) => ({ signalId, after: from - 1 }));
  while (pending.length > 0) {
    const ranges = pending.splice(0, RANGE_IDS_PER_STATEMENT);
    const perSignal = Math.max(1, Math.floor(pageSize / ranges.length));
    const { sql, params } = signalRangesQuery(dataSource, ranges, options, perSignal);
    const rows: RawSampleRow[] = await dataSource.query(sql, params);
    const page = rows.map(fromRawSampleRow);
    const counts = new Map<string, { n: number; last: number }>();
    for (const s of page) {
      const seen = counts.get(s.signalId);
      if (seen) {
        seen.n++;
        seen.last = Math.max(seen.last, s.ts);
      } else counts.set(s.signalId, { n: 1, last: s.ts });
    }
    for (const [signalId, { n, last }] of counts) if (n >= perSignal) pending.push({ signalId, after: last });
    if (page.length > 0) yield page.sort((a, b) => a.ts - b.ts || (a.signalId < b.signalId ? -1 : 1));
  }
}

/** Plain rows instead of entities: replay reads millions of samples and hydration would dominate. */
export function selectSampleRows(dataSource: DataSource): SelectQueryBuilder<SignalSampleEntity> {
  return dataSource
    .getRepository(SignalSampleEntity)
    .createQueryBuilder('s')
    .select('s.signalId', 'signalId')
    .addSelect('s.ts', 'ts')
    .addSelect('s.value', 'value')
    .addSelect('s.quality', 'quality')
    .addSelect('s.source', 'source')
    .addSelect('s.textValue', 'text')
    .addSelect('s.statusCode', 'statusCode');
}
