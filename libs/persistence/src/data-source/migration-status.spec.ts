import type { DataSource } from 'typeorm';
import { PERSISTENCE_MIGRATIONS } from '../migrations';
import { migrationStatus } from './migration-status';
import { openDataSource } from './open-data-source';

describe(migrationStatus.name, () => {
  const all = PERSISTENCE_MIGRATIONS.map((M) => new M().name);
  let dataSource: DataSource | undefined;

  afterEach(async () => {
    await dataSource?.destroy();
  });

  it('reports every migration pending on an empty database', async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' }, { migrate: false });

    await expect(migrationStatus(dataSource)).resolves.toEqual({ applied: [], pending: all });
  });

  it('reports every migration applied after migrating', async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });

    await expect(migrationStatus(dataSource)).resolves.toEqual({ applied: all, pending: [] });
  });
});
