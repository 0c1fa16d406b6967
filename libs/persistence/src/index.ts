export { createDataSourceOptions, DEFAULT_SQLITE_PATH, isPostgresUrl } from './data-source/data-source-options';
export type { PersistenceConfig } from './data-source/data-source-options';
export { openDataSource } from './data-source/open-data-source';
export { findSchemaDrift } from './data-source/schema-drift';
export { PERSISTENCE_ENTITIES } from './entities';
export { PERSISTENCE_MIGRATIONS } from './migrations';
