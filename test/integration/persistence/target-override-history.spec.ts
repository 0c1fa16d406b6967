import { TargetOverrideRepository } from '@bsc/persistence';
import { TargetOverrideHistory1801000000000 } from '../../../libs/persistence/src/migrations/1801000000000-TargetOverrideHistory';
import {
  insertOldTargetOverrides,
  OLD_TARGET_OVERRIDES,
} from '../../../libs/persistence/src/testing/old-target-overrides.fixture';
import { revertThrough } from '../../../libs/persistence/src/testing/revert-migrations';
import { PgTestSchema } from './pg-test-schema';

describe('target override history on PostgreSQL', () => {
  let db: PgTestSchema;
  let sut: TargetOverrideRepository;

  beforeAll(async () => {
    db = await PgTestSchema.create();
    await revertThrough(db.dataSource, TargetOverrideHistory1801000000000);
    await insertOldTargetOverrides(
      db.dataSource,
      (i) => `$${i}`,
      (name) => `"${db.schema}".${name}`,
    );
    await db.dataSource.runMigrations({ transaction: 'each' });
    sut = new TargetOverrideRepository(db.dataSource);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('keeps the existing overrides in force after the migration', async () => {
    expect(await sut.list()).toEqual(OLD_TARGET_OVERRIDES);
  });

  it('reads the override in force at a past instant after it was replaced and removed', async () => {
    await sut.set({ kpiId: 'oee', periodKey: '2026-11', value: 0.9, setBy: 'carol', setAt: 3_000 });
    await sut.remove('temp', '2026-11', 4_000);

    expect((await sut.inForceAt(2_999)).map((o) => [o.kpiId, o.value])).toEqual([
      ['oee', 0.85],
      ['temp', 20],
    ]);
    expect((await sut.inForceAt(3_999)).map((o) => [o.kpiId, o.value])).toEqual([
      ['oee', 0.9],
      ['temp', 20],
    ]);
    expect((await sut.list()).map((o) => [o.kpiId, o.value])).toEqual([['oee', 0.9]]);
  });

  it('leaves one override in force when two are set for the same period at once', async () => {
    await Promise.all(
      [1, 2, 3].map((i) => sut.set({ kpiId: 'scrap', periodKey: '2026-12', value: i, setBy: 'x', setAt: 5_000 + i })),
    );

    const inForce = await sut.list(['scrap']);
    expect(inForce).toHaveLength(1);
    const rows = await db.dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM "${db.schema}".kpi_target_override WHERE kpi_id = 'scrap'`,
    );
    expect(Number(rows[0].n)).toBe(3);
  });

  it('reads the live overrides through the in-force index, not the history', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      // the table is tiny here: without this the planner would rightly read it whole
      await runner.query('SET enable_seqscan = off');
      const plan = (await runner.query(
        `EXPLAIN SELECT * FROM "${db.schema}".kpi_target_override WHERE superseded_at IS NULL`,
      )) as Array<{ 'QUERY PLAN': string }>;
      expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('UQ_kpi_target_override_in_force');
    } finally {
      await runner.query('RESET enable_seqscan');
      await runner.release();
    }
  });
});
