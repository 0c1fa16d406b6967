import type { DataSource, EntityManager } from 'typeorm';
import { isPostgres, tableRef } from '../data-source/sql-dialect';
import { errorCode } from '../data-source/write-error';
import { SignalRollupEntity } from '../entities/signal-rollup.entity';
import { SignalSampleEntity } from '../entities/signal-sample.entity';
import { SignalRollupFoldEntity } from '../entities/signal-rollup-fold.entity';
import { foldRollups } from './sample-rollup-fold';
import { bucketStart, ROLLUP_WIDTHS_MS } from './sample-rollup.statements';

/** Months of partitions kept created ahead of now, so writes never wait for DDL. */
export const PARTITION_MONTHS_AHEAD = 3;
/** Serialises partition maintenance between processes sharing the database (any fixed 64-bit key). */
const MAINTENANCE_LOCK = 7_981_220_021;
const NAME_PATTERN = /^signal_sample_p(\d{4})_(\d{2})$/;
/**
 * How long a summary waits for a partition's ShareUpdateExclusiveLock before leaving it for the next pass: held by a
 * vacuum (which summarises the ranges itself) or DDL. Below PostgreSQL's default deadlock_timeout (1 s), after which a
 * waiter would cancel an autovacuum of the partition.
 */
const SUMMARIZE_LOCK_TIMEOUT_MS = 200;
const LOCK_NOT_AVAILABLE = '55P03';
/**
 * A partition's planner statistics are stale once more rows than this plus ANALYZE_SHARE of its rows changed since its
 * last ANALYZE (autovacuum's default rule, applied here when autovacuum is off, behind, or a bulk load just ended).
 */
const ANALYZE_BASE_ROWS = 50;
const ANALYZE_SHARE = 0.1;

/** A UTC calendar month of samples: its partition's name and [start, end) in epoch ms. */
export interface SamplePartition {
  name: string;
  start: number;
  end: number;
}

export function monthPartition(ts: number): SamplePartition {
  const d = new Date(ts);
  const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
  return {
    name: `signal_sample_p${String(y).padStart(4, '0')}_${String(m + 1).padStart(2, '0')}`,
    start: Date.UTC(y, m, 1),
    end: Date.UTC(y, m + 1, 1),
  };
}

export interface SummaryResult {
  /** Block ranges summarised, over every partition. */
  ranges: number;
  /** Partitions left for the next pass, their lock held by a vacuum or DDL. */
  skipped: string[];
}

export interface AnalyzeResult {
  /** Partitions whose statistics were gathered again. */
  analysed: string[];
  /** Partitions left for the next call, their lock held by a vacuum or DDL. */
  skipped: string[];
}

export interface RetentionResult {
  droppedPartitions: string[];
  deletedSamples: number;
  deletedRollups: number;
}

/**
 * On PostgreSQL, signal_sample is partitioned by UTC month of ts, with a default partition catching what no month
 * partition holds yet (a backfill far in the past). Maintenance creates the months ahead, moves rows out of the
 * default into their months, and retention drops whole months before the cutoff. SQLite has one table, and
 * retention deletes rows.
 */
export class SamplePartitionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the partitions from the month of `now` to PARTITION_MONTHS_AHEAD after it, and those the default holds. */
  async maintain(now: number): Promise<string[]> {
    if (!isPostgres(this.dataSource)) return [];
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.lock(manager))) return [];
      const existing = new Set((await this.partitions(manager)).map((p) => p.name));
      const wanted: SamplePartition[] = [];
      let month = monthPartition(now);
      for (let i = 0; i <= PARTITION_MONTHS_AHEAD; i++, month = monthPartition(month.end)) wanted.push(month);
      // the month of each row the default partition holds (a backfill), as the epoch ms of its first instant
      const stray: Array<{ m: string }> = await manager.query(
        "SELECT DISTINCT (extract(epoch FROM date_trunc('month', to_timestamp(ts / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint::text AS m " +
          `FROM ${this.qualified('signal_sample_default')}`,
      );
      for (const { m } of stray) wanted.push(monthPartition(Number(m)));
      const created: string[] = [];
      for (const p of wanted) {
        if (existing.has(p.name)) continue;
        await this.create(manager, p);
        existing.add(p.name);
        created.push(p.name);
      }
      return created;
    });
  }

  /**
   * Removes samples with ts < cutoff: whole month partitions before it are dropped (no row-by-row delete), the rest
   * is deleted; minute rollups before the cutoff go too, and hour and day rollups are kept (long trends outlive raw
   * data): the samples are folded into their rollups here first when the fold is behind.
   */
  async retain(cutoff: number): Promise<RetentionResult> {
    const samples = tableRef(this.dataSource, SignalSampleEntity);
    const rollups = tableRef(this.dataSource, SignalRollupEntity);
    const fold = tableRef(this.dataSource, SignalRollupFoldEntity);
    const minute = ROLLUP_WIDTHS_MS[0];
    await foldRollups(this.dataSource, bucketStart(cutoff, minute));
    const p = (i: number) => this.dataSource.driver.createParameter(`p${i}`, i);
    return this.dataSource.transaction(async (manager) => {
      const droppedPartitions: string[] = [];
      if (isPostgres(this.dataSource)) {
        if (!(await this.lock(manager))) return { droppedPartitions, deletedSamples: 0, deletedRollups: 0 };
        for (const part of await this.partitions(manager)) {
          if (part.end > cutoff) continue;
          await manager.query(`DROP TABLE ${this.qualified(part.name)}`);
          droppedPartitions.push(part.name);
        }
      }
      const runner = manager.queryRunner!;
      const deletedSamples = affected(await runner.query(`DELETE FROM ${samples} WHERE ts < ${p(0)}`, [cutoff], true));
      // a minute the fold has not reached has no rows yet (guarded all the same: its samples were its only record)
      const deletedRollups = affected(
        await runner.query(
          `DELETE FROM ${rollups} WHERE width_ms = ${p(0)} AND bucket_start + ${p(1)} <= ${p(2)} ` +
            `AND bucket_start < (SELECT up_to FROM ${fold} WHERE name = 'folded')`,
          [minute, minute, cutoff],
          true,
        ),
      );
      return { droppedPartitions, deletedSamples, deletedRollups };
    });
  }

  /**
   * Summarises the block ranges of every partition's BRIN indexes that inserts opened since the last call (and the
   * partly filled last one, which inserts then keep up to date). A range never summarised matches every lookup, so
   * a read by receipt time would read all history; `autosummarize` only queues the work for autovacuum, which may be
   * off or behind. Cheap when little is new: summarised ranges are skipped on the index's range map. One short
   * transaction per index: brin_summarize_new_values takes ShareUpdateExclusiveLock on the partition and its index,
   * which writes (RowExclusiveLock) never wait for.
   */
  async summarizeNewRanges(): Promise<SummaryResult> {
    const result: SummaryResult = { ranges: 0, skipped: [] };
    if (!isPostgres(this.dataSource)) return result;
    const indexes: Array<{ oid: string; partition: string }> = await this.dataSource.query(
      'SELECT x.indexrelid::text AS oid, t.relname AS partition FROM pg_inherits i JOIN pg_index x ON x.indrelid = i.inhrelid ' +
        'JOIN pg_class t ON t.oid = i.inhrelid JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am a ON a.oid = c.relam ' +
        "WHERE i.inhparent = to_regclass($1) AND a.amname = 'brin' ORDER BY t.relname",
      [tableRef(this.dataSource, SignalSampleEntity)],
    );
    for (const { oid, partition } of indexes) {
      const summarised = await this.underLockTimeout(async (manager) => {
        // a partition dropped since the list was read has no row left in pg_class: nothing to summarise
        const rows: Array<{ n: number }> = await manager.query(
          'SELECT brin_summarize_new_values(c.oid::regclass)::int AS n FROM pg_class c WHERE c.oid = $1::oid',
          [oid],
        );
        return rows[0]?.n ?? 0;
      });
      if (summarised === null) result.skipped.push(partition);
      else result.ranges += summarised;
    }
    return result;
  }

  /** `work` in a transaction that waits at most SUMMARIZE_LOCK_TIMEOUT_MS for a lock; null when it timed out. */
  private async underLockTimeout<T>(work: (manager: EntityManager) => Promise<T>): Promise<T | null> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query(`SET LOCAL lock_timeout = ${SUMMARIZE_LOCK_TIMEOUT_MS}`);
        return work(manager);
      });
    } catch (error) {
      if (errorCode(error) !== LOCK_NOT_AVAILABLE) throw error;
      return null;
    }
  }

  /**
   * ANALYZEs the partitions whose planner statistics are missing or stale (see ANALYZE_SHARE): after a bulk load a
   * partition never analysed looks empty to the planner, which then reads it whole and sorts for every page of a
   * read by signal and time. Autovacuum does this on its own when on and keeping up; the parent table's statistics
   * (which PostgreSQL never gathers on its own) are left alone, since on PostgreSQL before 18 they cost an ANALYZE of
   * every partition. A partition whose lock a vacuum holds is left for the next call. Returns what was analysed.
   */
  async analyzeStale(): Promise<AnalyzeResult> {
    const result: AnalyzeResult = { analysed: [], skipped: [] };
    if (!isPostgres(this.dataSource)) return result;
    // gathered: the planner has column statistics (pg_stats, which a copied database or a restart keeps, unlike the
    // change counts); an index build alone sets the row count but gathers none
    const rows: Array<{ name: string; tuples: number; changed: number | null; gathered: boolean }> =
      await this.dataSource.query(
        'SELECT c.relname AS name, c.reltuples::float8 AS tuples, s.n_mod_since_analyze::float8 AS changed, ' +
          'EXISTS (SELECT 1 FROM pg_stats p WHERE p.schemaname = n.nspname AND p.tablename = c.relname) AS gathered ' +
          'FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace ' +
          'LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid WHERE i.inhparent = to_regclass($1) ORDER BY c.relname',
        [tableRef(this.dataSource, SignalSampleEntity)],
      );
    for (const { name, tuples, changed, gathered } of rows) {
      const table = this.qualified(name);
      const stale = gathered
        ? (changed ?? 0) > ANALYZE_BASE_ROWS + ANALYZE_SHARE * Math.max(0, tuples)
        : (await this.dataSource.query<unknown[]>(`SELECT 1 FROM ${table} LIMIT 1`)).length > 0;
      if (!stale) continue;
      if (await this.underLockTimeout((manager) => manager.query<unknown[]>(`ANALYZE ${table}`)))
        result.analysed.push(name);
      else result.skipped.push(name);
    }
    return result;
  }

  /** The month partitions there are (by name; the default partition is not one). */
  async partitions(manager: EntityManager = this.dataSource.manager): Promise<SamplePartition[]> {
    if (!isPostgres(this.dataSource)) return [];
    const rows: Array<{ name: string }> = await manager.query(
      'SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid ' +
        "WHERE i.inhparent = to_regclass($1) AND c.relname LIKE 'signal\\_sample\\_p%'",
      [tableRef(this.dataSource, SignalSampleEntity)],
    );
    return rows
      .map((r) => NAME_PATTERN.exec(r.name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => monthPartition(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)))
      .sort((a, b) => a.start - b.start);
  }

  /** A new month partition; rows of its month in the default partition move into it first (else ATTACH refuses). */
  private async create(manager: EntityManager, p: SamplePartition): Promise<void> {
    const parent = tableRef(this.dataSource, SignalSampleEntity);
    const table = this.qualified(p.name);
    const fallback = this.qualified('signal_sample_default');
    await manager.query(`CREATE TABLE ${table} (LIKE ${parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await manager.query(
      `WITH moved AS (DELETE FROM ${fallback} WHERE ts >= $1 AND ts < $2 RETURNING *) INSERT INTO ${table} SELECT * FROM moved`,
      [p.start, p.end],
    );
    await manager.query(`ALTER TABLE ${parent} ATTACH PARTITION ${table} FOR VALUES FROM (${p.start}) TO (${p.end})`);
  }

  /** Another process maintaining at the same moment does the work; this one skips. */
  private async lock(manager: EntityManager): Promise<boolean> {
    const [row] = await manager.query<Array<{ locked: boolean }>>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
      MAINTENANCE_LOCK,
    ]);
    return row.locked;
  }

  private qualified(name: string): string {
    const { schema } = this.dataSource.getMetadata(SignalSampleEntity);
    return [schema, name]
      .filter((part): part is string => !!part)
      .map((part) => this.dataSource.driver.escape(part))
      .join('.');
  }
}

/** Rows a DELETE affected, from the driver's structured result. */
function affected(result: { affected?: number | null }): number {
  return result.affected ?? 0;
}
