import { SampleRepository, type SampleReplayOptions } from '@bsc/persistence';
import type { SignalSample } from '@bsc/common';
import { aSample } from '../../../libs/persistence/src/testing/sample.builder';
import { PgTestSchema } from './pg-test-schema';
import { recordStatements, type RecordedStatement } from './recorded-statements';

const T0 = 1_700_000_000_000;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];
const keys = (page: readonly SignalSample[]) => page.map((s) => `${s.signalId}@${s.ts - T0}`);

describe('a by-signal replay on PostgreSQL: each signal a range of the primary key, pages within their size', () => {
  let db: PgTestSchema;
  let sut: SampleRepository;
  let statements: RecordedStatement[];

  beforeAll(async () => {
    db = await PgTestSchema.create();
    sut = new SampleRepository(db.dataSource);
    // a: every second from 1 s to 5 s; b: 2 s and 4 s; c: 0.5 s only; all received at 10 s but a's 5 s sample (20 s)
    const at = (signalId: string, s: number) => aSample({ signalId, ts: T0 + s * 1_000 });
    await sut.insertBatch(
      [1, 2, 3, 4].map((s) => at('a', s)).concat(at('b', 2), at('b', 4), at('c', 0.5)),
      T0 + 10_000,
    );
    await sut.insertBatch([at('a', 5)], T0 + 20_000);
    statements = recordStatements(db.dataSource);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await db.drop();
  });

  async function pages(options: SampleReplayOptions): Promise<string[][]> {
    const read: string[][] = [];
    for await (const page of sut.replay(options)) read.push(keys(page));
    return read;
  }

  it('reads a share of the page per signal and goes on from where each signal stopped', async () => {
    statements.length = 0;
    const options = { signalIds: ['a', 'b', 'c'], from: T0 + 2_000, receivedBy: T0 + 10_000, pageSize: 2 };

    // 3 signals, page of 2: one row each per statement (at least one). 1st: a@2 s, b@2 s (c has none from 2 s on);
    // 2nd (a, b, each filled its share): a@3 s, b@4 s; 3rd: a@4 s (b had none after 4 s); 4th: a's 5 s sample was
    // received at 20 s, after receivedBy: nothing, and the read ends
    expect(await pages({ ...options, bySignal: true })).toEqual([
      ['a@2000', 'b@2000'],
      ['a@3000', 'b@4000'],
      ['a@4000'],
    ]);
    expect(statements).toHaveLength(4);
    // the same samples as the time-ordered read
    expect((await pages(options)).flat()).toEqual(['a@2000', 'b@2000', 'a@3000', 'a@4000', 'b@4000']);
  });

  it('plans each statement as primary-key probes by signal, with no statistics gathered', async () => {
    statements.length = 0;
    await pages({ signalIds: ['a', 'b'], from: T0 + 1_000, receivedBy: T0 + 30_000, bySignal: true });
    const [{ sql, params }] = statements;
    const runner = db.dataSource.createQueryRunner();
    try {
      // a table this small is read whole by choice: the question is whether the signal's key range can serve it
      await runner.query('SET enable_seqscan = off');
      const [row] = (await runner.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as Array<{
        'QUERY PLAN': Array<{ Plan: PlanNode }>;
      }>;
      await runner.query('RESET enable_seqscan');
      const plan = nodes(row['QUERY PLAN'][0].Plan);
      const scans = plan.filter((n) => /Scan/.test(n['Node Type']) && n['Node Type'] !== 'Function Scan');
      expect(scans.length).toBeGreaterThan(0);
      // every partition's scan is a range of its primary key, (signal_id, ts), bounded on the signal
      for (const scan of scans) {
        expect(scan['Index Name']).toMatch(/pkey/);
        expect(scan['Index Cond']).toMatch(/signal_id\)::text = \(r\.id\)::text\) AND \(ts > r\.after\)/);
      }
    } finally {
      await runner.release();
    }
  });
});
