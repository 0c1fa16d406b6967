import { SampleRepository } from '@bsc/persistence';
import { aSample } from '../../../libs/persistence/src/testing/sample.builder';
import { PgTestSchema } from './pg-test-schema';

/** A UTC hour of 2023 (a month with its own partition or the default one: both carry the index). */
const T0 = 1_700_000_000_000;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe('queries by receipt time on PostgreSQL, with (source, received_at) the only index on it', () => {
  let db: PgTestSchema;
  let sut: SampleRepository;
  let statements: Array<{ sql: string; params: unknown[] }>;

  beforeAll(async () => {
    db = await PgTestSchema.create();
    sut = new SampleRepository(db.dataSource);
    // 3 sources x 100 samples of one signal each, received one second apart per batch of 10
    for (let batch = 0; batch < 30; batch++) {
      const source = ['mqtt', 'opcua:north', 'csv'][batch % 3];
      const samples = Array.from({ length: 10 }, (_, i) =>
        aSample({ signalId: `s.${source}`, ts: T0 + batch * 10_000 + i * 1_000, source }),
      );
      await sut.insertBatch(samples, T0 + batch * 1_000);
    }
    await db.dataSource.query('ANALYZE');
    statements = [];
    // the reads the repository runs (not this test's EXPLAINs)
    jest.spyOn(db.dataSource.logger, 'logQuery').mockImplementation((sql, params) => {
      if (/^(SELECT|WITH)\b/.test(sql)) statements.push({ sql, params: params ?? [] });
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await db.drop();
  });

  beforeEach(() => {
    statements.length = 0;
  });

  /**
   * Node types of the plan of each statement run, planned without sequential scans: a table this small is read
   * whole by choice, so the test asks whether an index can serve the query at all (a plan without one would then
   * still show a Seq Scan).
   */
  async function plans(): Promise<PlanNode[][]> {
    const runner = db.dataSource.createQueryRunner();
    const runs = statements.splice(0);
    try {
      await runner.query('SET enable_seqscan = off');
      const result: PlanNode[][] = [];
      for (const { sql, params } of runs) {
        const [row] = (await runner.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as Array<{
          'QUERY PLAN': Array<{ Plan: PlanNode }>;
        }>;
        result.push(nodes(row['QUERY PLAN'][0].Plan));
      }
      await runner.query('RESET enable_seqscan');
      statements.length = 0;
      return result;
    } finally {
      await runner.release();
    }
  }

  const seqScans = (plan: PlanNode[]) => plan.filter((n) => n['Node Type'] === 'Seq Scan');
  /** Scans of one source's receipt-time range: bounded on both columns, not a walk of the whole index. */
  const receivedRanges = (plan: PlanNode[]) =>
    plan.filter(
      (n) =>
        /Index/.test(n['Node Type']) &&
        /source_received/i.test(n['Index Name'] ?? '') &&
        /source\)?(::text)? = /.test(n['Index Cond'] ?? '') &&
        /received_at [<>]/.test(n['Index Cond'] ?? ''),
    );

  it('finds the oldest sample received after a checkpoint, of any source, on the index', async () => {
    // received after T0 + 26 s: batches 27 (mqtt), 28 (opcua), 29 (csv); the oldest sample is batch 27's first
    expect(await sut.oldestReceivedAfter(T0 + 26_000, { receivedBy: T0 + 60_000 })).toBe(T0 + 270_000);
    // received in (T0 + 26 s, T0 + 27 s]: batch 27 alone
    expect(await sut.oldestReceivedAfter(T0 + 26_000, { receivedBy: T0 + 27_000 })).toBe(T0 + 270_000);
    expect(await sut.oldestReceivedAfter(T0 + 29_000)).toBeNull();

    const all = await plans();
    expect(all).toHaveLength(3);
    for (const plan of all) {
      expect(seqScans(plan)).toEqual([]);
      expect(receivedRanges(plan).length).toBeGreaterThan(0);
    }
  });

  it('finds the import watermark and the imported samples since one on the index', async () => {
    // csv batches are 2, 5, ..., 29: the newest was received at T0 + 29 s; after T0 + 23 s come 26 and 29
    expect(await sut.newestReceived('csv')).toBe(T0 + 29_000);
    expect(await sut.oldestReceivedAfter(T0 + 23_000, { receivedBy: T0 + 29_000, source: 'csv' })).toBe(T0 + 260_000);
    const pages = [];
    for await (const page of sut.replay({ source: 'csv', receivedAfter: T0 + 23_000, receivedBy: T0 + 29_000 }))
      pages.push(...page);
    expect(pages.map((s) => s.ts - T0)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => 260_000 + i * 1_000),
      ...Array.from({ length: 10 }, (_, i) => 290_000 + i * 1_000),
    ]);

    const [watermark, oldest, replay] = await plans();
    expect(seqScans(watermark)).toEqual([]);
    expect(watermark.some((n) => /source_received/i.test(n['Index Name'] ?? ''))).toBe(true);
    expect(receivedRanges(oldest).length).toBeGreaterThan(0);
    expect(seqScans(oldest)).toEqual([]);
    // the replay walks (ts, signal_id) in order, filtering on source and receipt time
    expect(seqScans(replay)).toEqual([]);
  });
});
