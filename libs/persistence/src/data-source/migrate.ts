import type { DataSource } from 'typeorm';
import { isPostgres } from './sql-dialect';

/** Arbitrary constant shared by every process of the platform: "the schema migration lock". */
const MIGRATION_LOCK_KEY = 7_240_615_003;

/**
 * Applies pending migrations, each in its own transaction, and returns their names. On PostgreSQL the run holds a
 * session advisory lock so that apps booting together (ingestion, api) do not race to apply the same migration.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  if (!isPostgres(dataSource)) return names(await dataSource.runMigrations({ transaction: 'each' }));
  const lockRunner = dataSource.createQueryRunner();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return names(await dataSource.runMigrations({ transaction: 'each' }));
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockRunner.release();
  }
}

function names(migrations: ReadonlyArray<{ name: string }>): string[] {
  return migrations.map((m) => m.name);
}
