import type { DataSource } from 'typeorm';
import { describeRollupCases } from '../../../libs/persistence/src/samples/test-support/rollup-cases';
import { PgTestSchema } from './pg-test-schema';

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
