import { loadConfig } from '@bsc/app-kit';
import { AnomalyRepository, SamplePartitionRepository, SampleRepository } from '@bsc/persistence';
import { IngestionConfig } from '../../../apps/ingestion/src/config/ingestion.config';
import { SampleMaintenanceService } from '../../../apps/ingestion/src/storage/sample-maintenance.service';
import { oldestReceivedAfterQuery } from '../../../libs/persistence/src/samples/oldest-received.query';
import { PgTestSchema } from '../persistence/pg-test-schema';

jest.setTimeout(60_000);

/** Noon on 2 Dec 2026: the month partition signal_sample_p2026_12 holds every row below. */
const NOW = Date.UTC(2026, 11, 2, 12);
const PARTITION = 'signal_sample_p2026_12';
/** The pages_per_range of the BRIN index on received_at (migration BrinSampleReceivedIndex). */
const PAGES_PER_RANGE = 32;
/** Rows g = 1..ROWS, received one second apart in the order they are written: about 190 pages, 6 block ranges. */
const ROWS = 20_000;

interface PlanNode {
  'Node Type': string;
  'Lossy Heap Blocks'?: number;
  'Exact Heap Blocks'?: number;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

/**
 * Block ranges of a BRIN index that were never summarised match every lookup. Inserts do not summarise a range they
 * open, and `autosummarize` only queues the work for autovacuum, which may be off (or far behind): maintenance
 * summarises them, else the restart's late check reads every page of history.
 */
describe('sample maintenance on PostgreSQL: the BRIN summary of received_at', () => {
  let db: PgTestSchema;
  let samples: SampleRepository;
  let sut: SampleMaintenanceService;

  beforeAll(async () => {
    db = await PgTestSchema.create();
    samples = new SampleRepository(db.dataSource);
    const partitions = new SamplePartitionRepository(db.dataSource);
    await partitions.maintain(NOW);
    await db.dataSource.query(`ALTER TABLE "${db.schema}"."${PARTITION}" SET (autovacuum_enabled = false)`);
    await db.dataSource.query(
      `INSERT INTO "${db.schema}".signal_sample (signal_id, ts, value, quality, source, received_at) ` +
        "SELECT 'sig.' || (g % 50), $1::bigint + g * 1000, g, 'good', 'mqtt', $1::bigint + g * 1000 FROM generate_series(1, $2) g",
      [NOW, ROWS],
    );
    const config = loadConfig(IngestionConfig, { env: { BSC_PROFILE: 'test', SAMPLE_RETENTION_DAYS: '0' } });
    sut = new SampleMaintenanceService(config, partitions, new AnomalyRepository(db.dataSource), samples);
  });

  afterAll(async () => {
    await db.drop();
  });

  const pages = async (): Promise<number> => {
    const [row] = await db.dataSource.query<Array<{ pages: string }>>(
      'SELECT pg_relation_size(to_regclass($1)) / 8192 AS pages',
      [`"${db.schema}"."${PARTITION}"`],
    );
    return Number(row.pages);
  };

  /** Heap pages the late check reads, planned on the index (a table this small would otherwise be read whole). */
  const heapBlocksRead = async (after: number): Promise<number> => {
    const { sql, params } = oldestReceivedAfterQuery(db.dataSource, after, {});
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.query('SET enable_seqscan = off');
      const [row] = (await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params)) as Array<{
        'QUERY PLAN': Array<{ Plan: PlanNode }>;
      }>;
      await runner.query('RESET enable_seqscan');
      return nodes(row['QUERY PLAN'][0].Plan)
        .filter((n) => n['Node Type'] === 'Bitmap Heap Scan')
        .reduce((sum, n) => sum + (n['Lossy Heap Blocks'] ?? 0) + (n['Exact Heap Blocks'] ?? 0), 0);
    } finally {
      await runner.release();
    }
  };

  it('summarises the block ranges inserts left open, so the late check reads the ranges after the checkpoint only', async () => {
    // received after NOW + 19,500 s: rows 19,501..20,000, the oldest written at NOW + 19,501 s
    const after = NOW + 19_500_000;
    const total = await pages();
    // several ranges, or the test proves nothing (a partition's first range is summarised when its index is made)
    expect(total).toBeGreaterThan(4 * PAGES_PER_RANGE);
    expect(await samples.oldestReceivedAfter(after)).toBe(NOW + 19_501_000);
    // unsummarised ranges all match: every page is read but the first range's (summarised when the index was made)
    expect(await heapBlocksRead(after)).toBeGreaterThanOrEqual(total - PAGES_PER_RANGE);

    await sut.run(NOW);

    // the 500 rows wanted are the last 500 written, on the last pages: at most the two ranges they can straddle
    expect(await heapBlocksRead(after)).toBeLessThanOrEqual(2 * PAGES_PER_RANGE);
    expect(await samples.oldestReceivedAfter(after)).toBe(NOW + 19_501_000);
    const [left] = await db.dataSource.query<Array<{ n: string }>>(
      'SELECT brin_summarize_new_values(i.indexrelid::regclass) AS n FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid ' +
        "JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = to_regclass($1) AND a.amname = 'brin'",
      [`"${db.schema}"."${PARTITION}"`],
    );
    expect(Number(left.n)).toBe(0);
  });
});
