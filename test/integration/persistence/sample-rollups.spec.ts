import type { DataSource } from 'typeorm';
import { describeRollupCases } from '../../../libs/persistence/src/samples/test-support/rollup-cases';
import { describeRollupFoldCases } from '../../../libs/persistence/src/samples/test-support/rollup-fold-cases';
import { PgTestSchema } from './pg-test-schema';
import { rollupUpsertStatements } from '../../../libs/persistence/src/samples/sample-rollup.statements';
import { aSample } from '../../../libs/persistence/src/testing/sample.builder';

describe('sample rollups on PostgreSQL', () => {
  const schemas = new Map<DataSource, PgTestSchema>();
  describeRollupCases(
    async () => {
      const db = await PgTestSchema.create();
      schemas.set(db.dataSource, db);
      return db.dataSource;
    },
    async (ds) => {
      await schemas.get(ds)?.drop();
      schemas.delete(ds);
    },
  );
});

describe('rollup fold on PostgreSQL', () => {
  const schemas = new Map<DataSource, PgTestSchema>();
  describeRollupFoldCases(
    async () => {
      const db = await PgTestSchema.create();
      schemas.set(db.dataSource, db);
      return db.dataSource;
    },
    async (ds) => {
      await schemas.get(ds)?.drop();
      schemas.delete(ds);
    },
  );
});

describe('rollup upserts on PostgreSQL', () => {
  let db: PgTestSchema;
  beforeAll(async () => {
    db = await PgTestSchema.create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('binds a batch over 5,000 signals as one statement of 11 arrays, not 15,000 rows of placeholders', () => {
    const samples = Array.from({ length: 5_000 }, (_, i) => aSample({ signalId: `s${i}`, ts: 60_000, value: i }));

    // minute 60,000 is before the watermark 120,000: the late path, all three widths
    const statements = rollupUpsertStatements(db.dataSource, samples, 120_000);

    // 5,000 signals x 3 widths = 15,000 rows, one element of each of the 11 column arrays per row
    expect(statements).toHaveLength(1);
    expect(statements[0].params).toHaveLength(11);
    expect(statements[0].params.map((column) => (column as unknown[]).length)).toEqual(new Array(11).fill(15_000));
  });
});
