import { Client } from 'pg';
import { PARTITION_MONTHS_AHEAD, SamplePartitionRepository, SampleRepository } from '@bsc/persistence';
import {
  expectRetained,
  RETENTION_CUTOFF,
  RETENTION_SAMPLES,
} from '../../../libs/persistence/src/samples/test-support/retention-cases';
import { PgTestSchema, TEST_DATABASE_URL } from './pg-test-schema';

describe('sample partitions on PostgreSQL', () => {
  let db: PgTestSchema;
  let sut: SamplePartitionRepository;
  const NOW = Date.UTC(2026, 11, 2);

  beforeEach(async () => {
    db = await PgTestSchema.create();
    sut = new SamplePartitionRepository(db.dataSource);
  });
  afterEach(async () => {
    await db.drop();
  });

  const rowsIn = async (table: string): Promise<number> => {
    const [row] = await db.dataSource.query<Array<{ n: string }>>(
      `SELECT COUNT(*) AS n FROM "${db.schema}"."${table}"`,
    );
    return Number(row.n);
  };

  it('creates the months ahead of now, and partitions for the months a backfill left in the default partition', async () => {
    await sut.maintain(NOW);
    // months before any partition exists land in the default partition, and writes never fail for want of one
    await new SampleRepository(db.dataSource).insertNew(RETENTION_SAMPLES);
    expect(await rowsIn('signal_sample_default')).toBe(3);

    const created = await sut.maintain(NOW);

    expect(created).toEqual(['signal_sample_p2026_10', 'signal_sample_p2026_11']);
    expect(await rowsIn('signal_sample_default')).toBe(0);
    expect(await rowsIn('signal_sample_p2026_11')).toBe(2);
    const names = (await sut.partitions()).map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['signal_sample_p2026_12', 'signal_sample_p2027_01', 'signal_sample_p2027_03']),
    );
    expect(PARTITION_MONTHS_AHEAD).toBe(3);
    // a re-delivery into a moved month is still recognised (the key holds across partitions of the month)
    await expect(new SampleRepository(db.dataSource).insertNew([RETENTION_SAMPLES[1]])).resolves.toEqual([]);
  });

  it('drops whole months before the cutoff and deletes the rest, keeping hour and day rollups', async () => {
    await new SampleRepository(db.dataSource).insertNew(RETENTION_SAMPLES);
    await sut.maintain(NOW);

    const result = await sut.retain(RETENTION_CUTOFF);

    // October is dropped whole (its sample is not counted as deleted); 10 Nov is deleted from November's partition
    expect(result).toEqual({ droppedPartitions: ['signal_sample_p2026_10'], deletedSamples: 1, deletedRollups: 2 });
    await expectRetained(db.dataSource);
  });

  it('leaves a partition whose lock a vacuum or DDL holds for the next pass, and summarises it then', async () => {
    await sut.maintain(NOW);
    // 20,000 rows: several block ranges of 32 pages, all but the first never summarised (autovacuum off)
    await db.dataSource.query(`ALTER TABLE "${db.schema}".signal_sample_p2026_12 SET (autovacuum_enabled = false)`);
    await db.dataSource.query(
      `INSERT INTO "${db.schema}".signal_sample (signal_id, ts, quality, source, received_at) ` +
        "SELECT 'sig.' || (g % 50), $1::bigint + g * 1000, 'good', 'mqtt', $1::bigint + g * 1000 FROM generate_series(1, 20000) g",
      [NOW],
    );
    // a vacuum's lock level, held by another connection
    const other = new Client({ connectionString: TEST_DATABASE_URL });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`LOCK TABLE "${db.schema}".signal_sample_p2026_12 IN SHARE UPDATE EXCLUSIVE MODE`);

      const blocked = await sut.summarizeNewRanges();

      expect(blocked.skipped).toEqual(['signal_sample_p2026_12']);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    const next = await sut.summarizeNewRanges();
    expect(next.skipped).toEqual([]);
    expect(next.ranges).toBeGreaterThan(3);
    expect(await sut.summarizeNewRanges()).toEqual({ ranges: 0, skipped: [] });
  });

  describe('planner statistics', () => {
    const december = 'signal_sample_p2026_12';
    /** `count` rows into December from `from` on, the backend's change counts flushed to the shared statistics. */
    const load = async (from: number, count: number): Promise<void> => {
      const runner = db.dataSource.createQueryRunner();
      try {
        await runner.query(
          `INSERT INTO "${db.schema}".signal_sample (signal_id, ts, quality, source, received_at) ` +
            "SELECT 'sig.' || (g % 50), $1::bigint + g * 1000, 'good', 'mqtt', $1::bigint FROM generate_series($2::int, $3::int) g",
          [NOW, from, from + count - 1],
        );
        await runner.query('SELECT pg_stat_force_next_flush()');
      } finally {
        await runner.release();
      }
    };
    const changed = async (): Promise<number> => {
      const [row] = await db.dataSource.query<Array<{ n: string | null }>>(
        'SELECT n_mod_since_analyze AS n FROM pg_stat_all_tables WHERE schemaname = $1 AND relname = $2',
        [db.schema, december],
      );
      return Number(row?.n ?? 0);
    };
    /** The shared statistics take a moment to show another backend's flush. */
    const changedReaching = async (n: number): Promise<number> => {
      for (let i = 0; i < 50 && (await changed()) < n; i++) await new Promise((r) => setTimeout(r, 100));
      return changed();
    };
    const tuples = async (): Promise<number> => {
      const [row] = await db.dataSource.query<Array<{ n: number }>>(
        'SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass($1)',
        [`"${db.schema}".${december}`],
      );
      return row.n;
    };

    beforeEach(async () => {
      await sut.maintain(NOW);
      // no autovacuum: what it would do on its own is what the call must do here
      await db.dataSource.query(`ALTER TABLE "${db.schema}".${december} SET (autovacuum_enabled = false)`);
    });

    it('analyses a bulk-loaded partition the planner has no statistics of, then only once enough of it changed', async () => {
      await load(1, 20_000);
      expect(await tuples()).toBe(-1); // never analysed: the planner would guess

      // the empty partitions ahead (never analysed either) are left alone
      expect(await sut.analyzeStale()).toEqual({ analysed: [december], skipped: [] });
      expect(await tuples()).toBe(20_000);
      expect(await sut.analyzeStale()).toEqual({ analysed: [], skipped: [] });

      // stale after 50 + 10 % of 20,000 = 2,050 changed rows: 2,050 is not more than that, 2,051 is
      await load(20_001, 2_050);
      expect(await changedReaching(2_050)).toBe(2_050);
      expect(await sut.analyzeStale()).toEqual({ analysed: [], skipped: [] });
      await load(22_051, 1);
      expect(await changedReaching(2_051)).toBe(2_051);
      expect(await sut.analyzeStale()).toEqual({ analysed: [december], skipped: [] });
      expect(await tuples()).toBe(22_051);
      expect(await changed()).toBe(0);
    });

    it('leaves a partition whose lock a vacuum holds for the next call', async () => {
      await load(1, 1_000);
      const other = new Client({ connectionString: TEST_DATABASE_URL });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query(`LOCK TABLE "${db.schema}".${december} IN SHARE UPDATE EXCLUSIVE MODE`);

        expect(await sut.analyzeStale()).toEqual({ analysed: [], skipped: [december] });
        await other.query('COMMIT');
      } finally {
        await other.end();
      }
      expect(await sut.analyzeStale()).toEqual({ analysed: [december], skipped: [] });
    });
  });
});
