import { findSchemaDrift, migrate, migrationStatus, openDataSource, PERSISTENCE_MIGRATIONS } from '@bsc/persistence';
import { TEST_DATABASE_URL } from './pg-test-schema';
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
    expect(await tablesInSchema()).toEqual(
      expect.arrayContaining([
        'signal_sample',
        'kpi_value_revision',
        'twin_model_version',
        'alert',
        'schema_migrations',
      ]),
    );
  });

  it('leaves no drift between entities and migrations', async () => {
    await expect(findSchemaDrift(db.dataSource)).resolves.toEqual([]);
  });

  const undoAll = async (): Promise<void> => {
    for (let i = 0; i < PERSISTENCE_MIGRATIONS.length; i++)
      await db.dataSource.undoLastMigration({ transaction: 'each' });
  };

  it('reverts with down and re-applies with up without drift', async () => {
    await undoAll();
    expect(await tablesInSchema()).toEqual(['schema_migrations']);

    await db.dataSource.runMigrations({ transaction: 'each' });

    await expect(findSchemaDrift(db.dataSource)).resolves.toEqual([]);
  });

  it('lets processes booting together migrate one at a time', async () => {
    await undoAll();
    const peers = await Promise.all(
      [1, 2, 3].map(() => openDataSource({ databaseUrl: TEST_DATABASE_URL, schema: db.schema }, { migrate: false })),
    );
    try {
      const applied = await Promise.all(peers.map((peer) => migrate(peer)));

      // each migration applied once among the three
      expect(applied.flat()).toHaveLength(PERSISTENCE_MIGRATIONS.length);
      await expect(migrationStatus(db.dataSource)).resolves.toMatchObject({ pending: [] });
      await expect(findSchemaDrift(db.dataSource)).resolves.toEqual([]);
    } finally {
      await Promise.all(peers.map((peer) => peer.destroy()));
    }
  });
});
