import { BscError, BscErrorCode, SignalSample } from '@bsc/common';
import { DataSource, In } from 'typeorm';
import { chunk, isPostgres } from '../data-source/sql-dialect';
import { carriedInSamplesQuery } from './carried-in-samples.query';
import { edgeSampleTs } from './edge-sample-ts.query';
import { latestSamplesQuery } from './latest-samples.query';
import { oldestReceivedAfterQuery } from './oldest-received.query';
import { receivedInBandQuery } from './received-in-band.query';
import { replaySamples, selectSampleRows, type SampleReplayOptions } from './sample-replay.query';
import { storedSamplesQueries, type SampleKey } from './stored-samples.query';
import { bucketedHistory } from './bucketed-history';
import type { SampleBucket } from './sample-history.query';
import { SignalSampleEntity } from '../entities/signal-sample.entity';
import { sampleInsertStatements, type InsertableSample } from './sample-insert.statements';
import { foldedUpTo, foldRollups, foldStateForWrite } from './sample-rollup-fold';
import { bucketStart, ROLLUP_WIDTHS_MS, rollupUpsertStatements } from './sample-rollup.statements';
import { fromRawSampleRow, RawSampleRow } from './signal-sample.mapper';

/**
 * Source of samples `bsc import samples` writes: another process, so the running ingestion polls for them. On
 * PostgreSQL a partial index of these rows' receipt times (migration 1800400000000) serves the poll: a new value
 * needs a migration of that index.
 */
export const IMPORTED_SAMPLE_SOURCE = 'csv';

/** Ids per latest() statement: SQLite allows at most 500 terms in a compound SELECT. */
const LATEST_IDS_PER_STATEMENT = 400;

/** A signal's numeric samples over a range: the samples themselves when few enough, else min/max buckets. */
export interface SampleHistory {
  /** Numeric samples in the range. */
  rawCount: number;
  /** Bucket width when downsampled; null when `points` are the raw samples. */
  bucketMs: number | null;
  points: Array<{ ts: number; value: number }>;
  buckets: SampleBucket[];
}

/** Stored signal samples: idempotent batch writes, range reads and the time-ordered replay of everything. */
export class SampleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** PostgreSQL writes batches side by side on its pool; SQLite runs one transaction at a time anyway. */
  get parallelWrites(): boolean {
    return isPostgres(this.dataSource);
  }

  /**
   * Writes the samples in one transaction, ignoring ones already stored (same signal and ts), so re-delivery after
   * a crash is harmless. Returns how many rows were new.
   */
  async insertBatch(samples: readonly InsertableSample[], receivedAt: number = Date.now()): Promise<number> {
    return (await this.insertNew(samples, receivedAt)).length;
  }

  /**
   * insertBatch, resolving with the samples that were new, in input order: what was stored before (a re-delivery)
   * or earlier in the same batch is left out, so whoever counts samples downstream counts each exactly once.
   * `onSent` is called once the first insert statement has been handed to the driver (the caller may use the wait).
   */
  async insertNew<T extends InsertableSample>(
    samples: readonly T[],
    receivedAt: number = Date.now(),
    onSent?: () => void,
  ): Promise<readonly T[]> {
    if (samples.length === 0) return [];
    assertStorable(samples);
    const statements = sampleInsertStatements(this.dataSource, samples, receivedAt);
    // Rollups are folded from the stored samples once their minute has closed (foldRollups): an upsert of a minute
    // row per sample cost the server more than the insert (at many signals a batch holds one sample a minute row).
    // Samples of a minute the fold has passed (late ones) upsert their minute, hour and day rows here instead.
    return this.dataSource.transaction(async (manager) => {
      const runner = manager.queryRunner!;
      const stored: T[] = [];
      for (const [i, statement] of statements.entries()) {
        const sent = runner.query(statement.sql, statement.params, true);
        if (i === 0) onSent?.();
        const records = ((await sent).records ?? []) as unknown[];
        for (const sample of statement.fresh(records)) stored.push(sample);
      }
      const fresh = stored.length === samples.length ? samples : stored;
      const minutes = new Set<number>();
      for (const s of fresh) if (!Number.isNaN(s.value)) minutes.add(bucketStart(s.ts, ROLLUP_WIDTHS_MS[0]));
      if (minutes.size === 0) return fresh;
      const foldedUpTo = await foldStateForWrite(this.dataSource, runner, minutes);
      for (const { sql, params } of rollupUpsertStatements(this.dataSource, fresh, foldedUpTo))
        await runner.query(sql, params);
      return fresh;
    });
  }

  /** The stored samples of these keys (keys not stored give none), in one read for any batch a write holds. */
  async readStored(keys: readonly SampleKey[]): Promise<SignalSample[]> {
    const rows: RawSampleRow[] = [];
    for (const { sql, params } of storedSamplesQueries(this.dataSource, keys))
      rows.push(...(await this.dataSource.query<RawSampleRow[]>(sql, params)));
    return rows.map(fromRawSampleRow);
  }

  /**
   * Folds the stored samples of minutes before `upTo` (closed ones) into their minute, hour and day rollups, once:
   * what was folded before is not folded again. Reads give the same figures before and after; it only keeps them cheap.
   */
  async foldRollups(upTo: number): Promise<{ from: number; to: number }> {
    return foldRollups(this.dataSource, upTo);
  }

  /** The fold watermark: the samples of the minutes before it are in their rollups. */
  foldedUpTo(): Promise<number> {
    return foldedUpTo(this.dataSource);
  }

  /** Samples of one signal with from <= ts < to, oldest first. */
  async range(signalId: string, from: number, to: number, limit?: number): Promise<SignalSample[]> {
    const rows = await selectSampleRows(this.dataSource)
      .where('s.signalId = :signalId AND s.ts >= :from AND s.ts < :to', { signalId, from, to })
      .orderBy('s.ts', 'ASC')
      .limit(limit)
      .getRawMany<RawSampleRow>();
    return rows.map(fromRawSampleRow);
  }

  /**
   * Numeric samples of one signal with from <= ts < to: the raw samples when there are at most `maxPoints`,
   * else at most `maxPoints` buckets of equal width, each with its first, min, max and last value (read from the
   * rollups when a bucket spans a minute or more, see bucketedHistory).
   */
  async history(signalId: string, from: number, to: number, maxPoints: number): Promise<SampleHistory> {
    // a short range is read as it is; LIMIT maxPoints + 1 tells "fits" from "too many" without a COUNT scan
    const raw = await this.dataSource
      .getRepository(SignalSampleEntity)
      .createQueryBuilder('s')
      .select('s.ts', 'ts')
      .addSelect('s.value', 'value')
      .where('s.signalId = :signalId AND s.ts >= :from AND s.ts < :to', { signalId, from, to })
      .andWhere('s.value IS NOT NULL')
      .orderBy('s.ts', 'ASC')
      .limit(maxPoints + 1)
      .getRawMany<{ ts: string | number; value: number }>();
    if (raw.length <= maxPoints) {
      const points = raw.map((r) => ({ ts: Number(r.ts), value: r.value }));
      return { rawCount: points.length, bucketMs: null, points, buckets: [] };
    }
    const { bucketMs, buckets } = await bucketedHistory(this.dataSource, signalId, from, to, maxPoints);
    return { rawCount: buckets.reduce((n, b) => n + b.count, 0), bucketMs, points: [], buckets };
  }

  /** The newest sample of each given signal that has any (signals without samples are absent). */
  async latest(signalIds: readonly string[]): Promise<SignalSample[]> {
    const result: SignalSample[] = [];
    for (const ids of chunk([...new Set(signalIds)], LATEST_IDS_PER_STATEMENT)) {
      const { sql, params } = latestSamplesQuery(this.dataSource, ids);
      const rows: RawSampleRow[] = await this.dataSource.query(sql, params);
      result.push(...rows.map(fromRawSampleRow));
    }
    return result;
  }

  /**
   * Per signal, its newest sample before `before` and its newest usable one (value, quality not bad), received by
   * `receivedBy`: the values a replay starting at `before` carries in. Oldest first.
   */
  async carriedIn(signalIds: readonly string[], before: number, receivedBy?: number): Promise<SignalSample[]> {
    const rows: RawSampleRow[] = [];
    for (const ids of chunk([...new Set(signalIds)], LATEST_IDS_PER_STATEMENT)) {
      const { sql, params } = carriedInSamplesQuery(this.dataSource, ids, before, receivedBy);
      rows.push(...(await this.dataSource.query<RawSampleRow[]>(sql, params)));
    }
    return rows.map(fromRawSampleRow).sort((a, b) => a.ts - b.ts);
  }

  /** The newest sample time of all (null when nothing is stored). */
  async newestTs(): Promise<number | null> {
    const row = await selectSampleRows(this.dataSource).select('MAX(s.ts)', 'newest').getRawOne<{ newest: unknown }>();
    return row?.newest === null || row?.newest === undefined ? null : Number(row.newest);
  }

  /**
   * The newest (or oldest) sample time among the signals `accepts` takes (e.g. those some KPI reads), newer (older)
   * than `bound`; null when there is none.
   */
  async edgeTsOf(
    accepts: (signalId: string) => boolean,
    end: 'newest' | 'oldest',
    bound?: number,
  ): Promise<number | null> {
    return (await edgeSampleTs(this.dataSource, accepts, end, bound)).ts;
  }

  /** edgeTsOf's newest, and the time of the newest sample of any signal newer than `above` (all it walked past). */
  walkNewest(
    accepts: (signalId: string) => boolean,
    above: number,
  ): Promise<{ ts: number | null; reached: number | null }> {
    return edgeSampleTs(this.dataSource, accepts, 'newest', above);
  }

  /** The samples received after `receivedAfter` whose time is in (above, upTo]: a receipt-time range (see the query). */
  async receivedInBand(
    receivedAfter: number,
    above: number,
    upTo: number,
  ): Promise<Array<{ signalId: string; ts: number }>> {
    const { sql, params } = receivedInBandQuery(this.dataSource, receivedAfter, above, upTo);
    const rows = await this.dataSource.query<Array<{ signalId: string; ts: string | number }>>(sql, params);
    return rows.map((r) => ({ signalId: r.signalId, ts: Number(r.ts) }));
  }

  /** The oldest sample time among those received after `after` (and by `receivedBy`, of `source`), or null. */
  async oldestReceivedAfter(
    after: number,
    options: { receivedBy?: number; source?: string } = {},
  ): Promise<number | null> {
    const { sql, params } = oldestReceivedAfterQuery(this.dataSource, after, options);
    const [row] = await this.dataSource.query<Array<{ oldest: unknown }>>(sql, params);
    return row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest);
  }

  /** Timestamp of the newest sample of any of the signals strictly before `before`, or null when there is none. */
  async newestBefore(signalIds: readonly string[], before: number): Promise<number | null> {
    if (signalIds.length === 0) return null;
    const row = await selectSampleRows(this.dataSource)
      .select('MAX(s.ts)', 'newest')
      .where({ signalId: In([...new Set(signalIds)]) })
      .andWhere('s.ts < :before', { before })
      .getRawOne<{ newest: string | number | null }>();
    return row?.newest === null || row?.newest === undefined ? null : Number(row.newest);
  }

  /**
   * Every sample in (ts, signalId) order, page by page, for replaying history through the KPI engine (keyset pages,
   * each an index range scan however deep the replay goes).
   */
  replay(options: SampleReplayOptions = {}): AsyncGenerator<SignalSample[]> {
    return replaySamples(this.dataSource, options);
  }

  /** The newest received_at of a source's samples (the import watermark), or null when it has none. */
  async newestReceived(source: string): Promise<number | null> {
    const row = await this.dataSource
      .getRepository(SignalSampleEntity)
      .createQueryBuilder('s')
      .select('MAX(s.receivedAt)', 'newest')
      .where('s.source = :source', { source })
      .getRawOne<{ newest: string | number | null }>();
    return row?.newest === null || row?.newest === undefined ? null : Number(row.newest);
  }

  async count(signalId?: string): Promise<number> {
    return this.dataSource
      .getRepository(SignalSampleEntity)
      .count({ where: signalId === undefined ? {} : { signalId } });
  }
}

function assertStorable(samples: readonly SignalSample[]): void {
  for (const s of samples) {
    // NaN is "no value" (stored as NULL); infinities are not values.
    if (s.value === Infinity || s.value === -Infinity || !Number.isSafeInteger(s.ts)) {
      throw new BscError(
        BscErrorCode.BadInput,
        `sample of '${s.signalId}' at ${s.ts} has an infinite value or a bad timestamp`,
        'value',
      );
    }
  }
}
