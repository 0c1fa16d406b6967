import { DataSource } from 'typeorm';
import { createDataSourceOptions, PersistenceConfig } from './data-source-options';

export interface OpenDataSourceOptions {
  /** Apply pending migrations once connected (default true). */
  migrate?: boolean;
}

/** Initialises a DataSource and applies pending migrations (CLI, tests and scripts; apps use PersistenceModule). */
export async function openDataSource(cfg: PersistenceConfig = {}, options: OpenDataSourceOptions = {}): Promise<DataSource> {
  const dataSource = new DataSource(createDataSourceOptions({ ...cfg, migrationsRun: false }));
  await dataSource.initialize();
  if (options.migrate === false) return dataSource;
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
