import { AnomalyRepository } from '@bsc/persistence';
import { ANOMALY_T0, anAnomaly } from '../../../libs/persistence/src/anomalies/test-support/anomaly-cases';
import { PgTestSchema } from './pg-test-schema';
import { recordStatements, type RecordedStatement } from './recorded-statements';

const MIN = 60_000;

/**
 * The alert runtime asks, per rule, for a KPI's findings in a unit by detection time (the newest one, and those since
 * a bound). Without an index on detected_at each such read walks every finding of the KPI on the primary key.
 */
describe('anomaly reads by detection time on PostgreSQL', () => {
  let db: PgTestSchema;
  let sut: AnomalyRepository;
  let statements: RecordedStatement[];

  beforeAll(async () => {
    db = await PgTestSchema.create();
    sut = new AnomalyRepository(db.dataSource);
    // 4 KPIs x 2 units x 50 findings, one a minute: finding i of a KPI and unit detected at T0 + i min
    const rows = ['a', 'b', 'c', 'd'].flatMap((kpiId) =>
      ['plant', 'line-1'].flatMap((unitId) =>
        Array.from({ length: 50 }, (_, i) =>
          anAnomaly({
            kpiId,
            unitId,
            ts: ANOMALY_T0 + i * MIN + (unitId === 'plant' ? 0 : 1),
            score: 0.9,
            detectedAt: ANOMALY_T0 + i * MIN,
          }),
        ),
      ),
    );
    await sut.record(rows);
    await db.dataSource.query('ANALYZE');
    statements = recordStatements(db.dataSource);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await db.drop();
  });

  /** The indexes each statement run since the last call is planned on, sequential scans off (the table is small). */
  async function indexesUsed(): Promise<string[][]> {
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.query('SET enable_seqscan = off');
      const used: string[][] = [];
      for (const { sql, params } of statements.splice(0)) {
        const [row] = (await runner.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as Array<{ 'QUERY PLAN': unknown }>;
        used.push([...JSON.stringify(row['QUERY PLAN']).matchAll(/"Index Name":"([^"]+)"/g)].map((m) => m[1]));
      }
      await runner.query('RESET enable_seqscan');
      statements.length = 0;
      return used;
    } finally {
      await runner.release();
    }
  }

  it('finds the newest detection of a KPI and unit on the (kpi_id, unit_id, detected_at) index', async () => {
    statements.length = 0;
    // finding 49 of each KPI and unit is the newest: T0 + 49 min
    expect(await sut.newestDetectedAt([{ kpiId: 'b', unitId: 'line-1', minScore: 0.5 }])).toEqual([
      ANOMALY_T0 + 49 * MIN,
    ]);

    expect(await indexesUsed()).toEqual([['IDX_anomaly_kpi_unit_detected_at']]);
  });

  it('reads the findings detected since a bound on the same index', async () => {
    statements.length = 0;
    // detected after T0 + 47 min: findings 48 and 49
    const [since] = await sut.countedSince([
      { kpiId: 'c', unitId: 'plant', minScore: 0.5, detectedAfter: ANOMALY_T0 + 47 * MIN },
    ]);
    expect(since.map((a) => a.detectedAt - ANOMALY_T0)).toEqual([48 * MIN, 49 * MIN]);

    expect(await indexesUsed()).toEqual([['IDX_anomaly_kpi_unit_detected_at']]);
  });
});
