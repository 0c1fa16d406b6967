import type { DataSource, MigrationInterface } from 'typeorm';
import { PERSISTENCE_MIGRATIONS } from '../migrations';

/** Undoes the migrations applied last, down to and including `migration`: the schema just before it ran. */
export async function revertThrough(dataSource: DataSource, migration: new () => MigrationInterface): Promise<void> {
  const index = PERSISTENCE_MIGRATIONS.findIndex((m) => m === migration);
  if (index < 0) throw new Error(`${migration.name} is not a persistence migration`);
  for (let i = PERSISTENCE_MIGRATIONS.length - 1; i >= index; i--)
    await dataSource.undoLastMigration({ transaction: 'each' });
}
