import type { DataSource } from 'typeorm';
import {
  describeRollupCases,
  FOLD_ALL,
  H,
  storedRollups,
} from '../../../libs/persistence/src/samples/test-support/rollup-cases';
import { describeRollupFoldCases } from '../../../libs/persistence/src/samples/test-support/rollup-fold-cases';
import { PgTestSchema } from './pg-test-schema';
import { rollupUpsertStatements } from '../../../libs/persistence/src/samples/sample-rollup.statements';
import { aSample } from '../../../libs/persistence/src/testing/sample.builder';
import { SampleRepository } from '../../../libs/persistence/src/samples/sample.repository';

/** A schema of its own for each case table's data source, dropped with it. */
function pgSchemas(): [() => Promise<DataSource>, (ds: DataSource) => Promise<void>] {
  const schemas = new Map<DataSource, PgTestSchema>();
  return [
    async () => {
      const db = await PgTestSchema.create();
      schemas.set(db.dataSource, db);
      return db.dataSource;
    },
    async (ds) => {
      await schemas.get(ds)?.drop();
      schemas.delete(ds);
    },
  ];
}

describe('sample rollups on PostgreSQL', () => {
  describeRollupCases(...pgSchemas());
});

describe('rollup fold on PostgreSQL', () => {
  describeRollupFoldCases(...pgSchemas());
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

describe('rollup fold beside concurrent writers on PostgreSQL', () => {
  let db: PgTestSchema;
  beforeAll(async () => {
    db = await PgTestSchema.create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('counts every sample once when folds run while batches write into the minutes being folded', async () => {
    const sut = new SampleRepository(db.dataSource);
    const signals = Array.from({ length: 10 }, (_, i) => `cc${i}`);
    // round k: every signal gets value k at 0, 20 and 40 s into minute k after H, in two batches written side by
    // side with a fold up to the end of that minute, and round k - 1 re-delivered (stored already)
    const round = (k: number) =>
      signals.flatMap((id) =>
        [0, 20, 40].map((sec) => aSample({ signalId: id, ts: H + k * 60_000 + sec * 1_000, value: k })),
      );
    for (let k = 0; k < 30; k++) {
      const batch = round(k);
      const half = batch.length / 2;
      await Promise.all([
        sut.insertNew(batch.slice(0, half)),
        sut.foldRollups(H + (k + 1) * 60_000),
        sut.insertNew([...batch.slice(half), ...(k > 0 ? round(k - 1) : [])]),
      ]);
    }
    await sut.foldRollups(FOLD_ALL);

    // per signal, hour H: 3 samples of each k = 0..29: count 90, sum 3 * (0 + 1 + ... + 29) = 3 * 435 = 1305,
    // min 0, max 29, first 0 @H, last 29 @H + 29 min 40 s
    const hour = { count: 90, sum: 1_305, min: 0, max: 29, firstTs: H, first: 0, lastTs: H + 1_780_000, last: 29 };
    for (const id of signals) {
      const rows = await storedRollups(db.dataSource, id);
      expect(rows.filter((r) => r.width === 3_600_000)).toEqual([{ width: 3_600_000, start: H, ...hour }]);
      // and each minute k holds its three samples of value k once
      const minutes = rows.filter((r) => r.width === 60_000).map((r) => [r.start, r.count, r.sum]);
      expect(minutes).toEqual(Array.from({ length: 30 }, (_, k) => [H + k * 60_000, 3, 3 * k]));
    }
  }, 60_000);
});
