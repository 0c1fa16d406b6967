import { DataSource, DataSourceOptions } from 'typeorm';
import { createDataSourceOptions, PersistenceConfig } from './data-source-options';
import { migrate } from './migrate';
import { serializeSqliteTransactions } from './sqlite-transactions';

export interface OpenDataSourceOptions {
  /** Apply pending migrations once connected (default true). */
  migrate?: boolean;
}

/** Initialises a DataSource and applies pending migrations (CLI, tests and scripts; apps use PersistenceModule). */
export async function openDataSource(
  cfg: PersistenceConfig = {},
  options: OpenDataSourceOptions = {},
): Promise<DataSource> {
  return initializeDataSource(createDataSourceOptions(cfg), options.migrate ?? true);
}

/** Connects with the given options (their migrationsRun is ignored) and migrates when asked, under the lock. */
export async function initializeDataSource(options: DataSourceOptions, runMigrations: boolean): Promise<DataSource> {
  const dataSource = new DataSource({ ...options, migrationsRun: false });
  await dataSource.initialize();
  serializeSqliteTransactions(dataSource);
  if (!runMigrations) return dataSource;
  try {
    await migrate(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
