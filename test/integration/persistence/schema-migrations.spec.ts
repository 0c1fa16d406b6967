import { findSchemaDrift } from '@bsc/persistence';
import { PgTestSchema } from './pg-test-schema';

describe('PostgreSQL schema migrations', () => {
  let db: PgTestSchema;

  beforeAll(async () => {
    db = await PgTestSchema.create();
  });
  afterAll(async () => {
    await db.drop();
  });

  const tablesInSchema = async (): Promise<string[]> => {
    const rows: Array<{ table_name: string }> = await db.dataSource.query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [db.schema],
    );
    return rows.map((row) => row.table_name);
  };

  it('creates every table in the test schema', async () => {
    expect(await tablesInSchema()).toEqual(expect.arrayContaining(['signal_sample', 'kpi_value_revision', 'twin_model_version', 'alert', 'schema_migrations']));
  });

  it('leaves no drift between entities and migrations', async () => {
    await expect(findSchemaDrift(db.dataSource)).resolves.toEqual([]);
  });

  it('reverts with down and re-applies with up without drift', async () => {
    await db.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tablesInSchema()).toEqual(['schema_migrations']);

    await db.dataSource.runMigrations({ transaction: 'each' });

    await expect(findSchemaDrift(db.dataSource)).resolves.toEqual([]);
  });
});
