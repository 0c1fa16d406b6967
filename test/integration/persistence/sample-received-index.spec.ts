import {
  IMPORTED_SAMPLE_SOURCE,
  PERSISTENCE_MIGRATIONS,
  SamplePartitionRepository,
  SampleRepository,
} from '@bsc/persistence';
import { aSample } from '../../../libs/persistence/src/testing/sample.builder';
import { PgTestSchema } from './pg-test-schema';
import { recordStatements, type RecordedStatement } from './recorded-statements';

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

describe('queries by receipt time on PostgreSQL: a BRIN summary of received_at, a btree of the imported rows', () => {
  let db: PgTestSchema;
  let sut: SampleRepository;
  let statements: RecordedStatement[];

  beforeAll(async () => {
    db = await PgTestSchema.create();
    sut = new SampleRepository(db.dataSource);
    // 3 sources x 100 samples of one signal each, received one second apart per batch of 10
    for (let batch = 0; batch < 30; batch++) {
      const source = ['mqtt', 'opcua:north', IMPORTED_SAMPLE_SOURCE][batch % 3];
      const samples = Array.from({ length: 10 }, (_, i) =>
        aSample({ signalId: `s.${source}`, ts: T0 + batch * 10_000 + i * 1_000, source }),
      );
      await sut.insertBatch(samples, T0 + batch * 1_000);
    }
    await db.dataSource.query('ANALYZE');
    // the reads the repository runs
    statements = recordStatements(db.dataSource, /^(SELECT|WITH)\b/);
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
      // a partition's indexes are named after it: each is shown by the name of the partitioned index it belongs to
      const parents = new Map<string, string>(
        (
          (await runner.query(
            'SELECT c.relname AS child, p.relname AS parent FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid ' +
              "JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'i'",
            [db.schema],
          )) as Array<{ child: string; parent: string }>
        ).map((r) => [r.child, r.parent]),
      );
      await runner.query('SET enable_seqscan = off');
      const result: PlanNode[][] = [];
      for (const { sql, params } of runs) {
        const [row] = (await runner.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as Array<{
          'QUERY PLAN': Array<{ Plan: PlanNode }>;
        }>;
        result.push(
          nodes(row['QUERY PLAN'][0].Plan).map((n) =>
            n['Index Name'] ? { ...n, 'Index Name': parents.get(n['Index Name']) ?? n['Index Name'] } : n,
          ),
        );
      }
      await runner.query('RESET enable_seqscan');
      statements.length = 0;
      return result;
    } finally {
      await runner.release();
    }
  }

  const seqScans = (plan: PlanNode[]) => plan.filter((n) => n['Node Type'] === 'Seq Scan');
  /** Scans of a receipt-time range on the index named: bounded on received_at, not a walk of the whole index. */
  const receivedRanges = (plan: PlanNode[], index: RegExp) =>
    plan.filter(
      (n) =>
        /Index/.test(n['Node Type']) &&
        index.test(n['Index Name'] ?? '') &&
        /received_at [<>]/.test(n['Index Cond'] ?? ''),
    );

  it('finds the oldest sample received after a checkpoint, of any source, on the BRIN summary', async () => {
    // received after T0 + 26 s: batches 27 (mqtt), 28 (opcua), 29 (csv); the oldest sample is batch 27's first
    expect(await sut.oldestReceivedAfter(T0 + 26_000, { receivedBy: T0 + 60_000 })).toBe(T0 + 270_000);
    // received in (T0 + 26 s, T0 + 27 s]: batch 27 alone
    expect(await sut.oldestReceivedAfter(T0 + 26_000, { receivedBy: T0 + 27_000 })).toBe(T0 + 270_000);
    expect(await sut.oldestReceivedAfter(T0 + 29_000)).toBeNull();

    const all = await plans();
    expect(all).toHaveLength(3);
    for (const plan of all) {
      expect(seqScans(plan)).toEqual([]);
      expect(receivedRanges(plan, /received_brin/).length).toBeGreaterThan(0);
    }
  });

  it('finds the samples of a time band received after an instant on the BRIN summary, not the time index', async () => {
    // received after T0 + 26 s: batches 27 (mqtt, 270 … 279 s) and 28 (opcua, 280 … 289 s) and 29; in (275, 285] s:
    // 276 … 279 of mqtt, 280 … 285 of opcua
    const found = await sut.receivedInBand(T0 + 26_000, T0 + 275_000, T0 + 285_000);
    expect(found.map((s) => [s.signalId, s.ts - T0]).sort((x, y) => Number(x[1]) - Number(y[1]))).toEqual([
      ...[276, 277, 278, 279].map((s) => ['s.mqtt', s * 1_000]),
      ...[280, 281, 282, 283, 284, 285].map((s) => ['s.opcua:north', s * 1_000]),
    ]);

    const [plan] = await plans();
    expect(seqScans(plan)).toEqual([]);
    expect(receivedRanges(plan, /received_brin/).length).toBeGreaterThan(0);
    expect(plan.filter((n) => /ts_signal/.test(n['Index Name'] ?? ''))).toEqual([]);
  });

  it("finds the import watermark and the imported samples since one on the imported rows' index", async () => {
    // csv batches are 2, 5, ..., 29: the newest was received at T0 + 29 s; after T0 + 23 s come 26 and 29
    expect(await sut.newestReceived(IMPORTED_SAMPLE_SOURCE)).toBe(T0 + 29_000);
    expect(
      await sut.oldestReceivedAfter(T0 + 23_000, { receivedBy: T0 + 29_000, source: IMPORTED_SAMPLE_SOURCE }),
    ).toBe(T0 + 260_000);
    const pages = [];
    const since = { source: IMPORTED_SAMPLE_SOURCE, receivedAfter: T0 + 23_000, receivedBy: T0 + 29_000 };
    for await (const page of sut.replay(since)) pages.push(...page);
    expect(pages.map((s) => s.ts - T0)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => 260_000 + i * 1_000),
      ...Array.from({ length: 10 }, (_, i) => 290_000 + i * 1_000),
    ]);

    const [watermark, oldest, replay] = await plans();
    expect(seqScans(watermark)).toEqual([]);
    expect(watermark.some((n) => /imported_received/i.test(n['Index Name'] ?? ''))).toBe(true);
    expect(receivedRanges(oldest, /imported_received/).length).toBeGreaterThan(0);
    expect(seqScans(oldest)).toEqual([]);
    expect(seqScans(replay)).toEqual([]);
  });

  it("gives a month partition created after the migration the same indexes, the imported rows' one partial", async () => {
    // a month no partition holds yet: maintenance creates it, then attaches it to the partitioned table
    const partitions = new SamplePartitionRepository(db.dataSource);
    const later = Date.UTC(2031, 4, 15);
    expect(await partitions.maintain(later)).toContain('signal_sample_p2031_05');

    const indexes: Array<{ indexdef: string }> = await db.dataSource.query(
      'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2',
      [db.schema, 'signal_sample_p2031_05'],
    );
    // the definitions without the names generated for the partition, in a fixed order
    const defs = indexes.map((x) => x.indexdef.replace(/INDEX \S+ ON \S+/, 'INDEX ON p')).sort();
    expect(defs).toEqual([
      "CREATE INDEX ON p USING brin (received_at) WITH (pages_per_range='32', autosummarize='on')",
      "CREATE INDEX ON p USING btree (received_at) WHERE ((source)::text = 'csv'::text)",
      'CREATE INDEX ON p USING btree (ts, signal_id)',
      'CREATE UNIQUE INDEX ON p USING btree (signal_id, ts)',
    ]);
  });

  it('goes back to (source, received_at) on every partition with down, and forward again with up', async () => {
    const receiptIndexes = async (): Promise<string[]> => {
      const rows: Array<{ def: string }> = await db.dataSource.query(
        "SELECT DISTINCT regexp_replace(indexdef, 'INDEX \\S+ ON \\S+', 'INDEX ON p') AS def FROM pg_indexes " +
          "WHERE schemaname = $1 AND tablename LIKE 'signal\\_sample\\_%' AND indexdef LIKE '%received_at%' ORDER BY def",
        [db.schema],
      );
      return rows.map((r) => r.def);
    };
    const current = [
      "CREATE INDEX ON p USING brin (received_at) WITH (pages_per_range='32', autosummarize='on')",
      "CREATE INDEX ON p USING btree (received_at) WHERE ((source)::text = 'csv'::text)",
    ];
    expect(await receiptIndexes()).toEqual(current);

    // this migration by name, whatever migrations come after it
    const Migration = PERSISTENCE_MIGRATIONS.find((m) => m.name === 'BrinSampleReceivedIndex1800400000000')!;
    const runner = db.dataSource.createQueryRunner();
    try {
      await new Migration().down(runner);
      expect(await receiptIndexes()).toEqual(['CREATE INDEX ON p USING btree (source, received_at)']);

      await new Migration().up(runner);
      expect(await receiptIndexes()).toEqual(current);
    } finally {
      await runner.release();
    }
  });
});
