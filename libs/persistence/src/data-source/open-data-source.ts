import { DataSource } from 'typeorm';
import { createDataSourceOptions, PersistenceConfig } from './data-source-options';

/** Initialises a DataSource and applies pending migrations (CLI, tests and scripts; apps use PersistenceModule). */
export async function openDataSource(cfg: PersistenceConfig = {}): Promise<DataSource> {
  const dataSource = new DataSource(createDataSourceOptions(cfg));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
