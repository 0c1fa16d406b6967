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
});
