// Data source and schema
export { createDataSourceOptions, DEFAULT_SQLITE_PATH, isPostgresUrl, SQLITE_BUSY_TIMEOUT_MS } from './data-source/data-source-options';
export type { PersistenceConfig } from './data-source/data-source-options';
export { openDataSource } from './data-source/open-data-source';
export { findSchemaDrift } from './data-source/schema-drift';
export { PERSISTENCE_ENTITIES } from './entities';
export { PERSISTENCE_MIGRATIONS } from './migrations';
export { PersistenceModule } from './persistence.module';
export type { PersistenceModuleAsyncOptions } from './persistence.module';
export { PERSISTENCE_REPOSITORIES } from './persistence.repositories';

// Repositories (they return domain types, never entities)
export { DEFAULT_REPLAY_PAGE_SIZE, SampleRepository } from './samples/sample.repository';
export type { SampleReplayOptions } from './samples/sample.repository';
export { KpiValueRepository } from './kpi-values/kpi-value.repository';
export type { AppendRevisionsOptions } from './kpi-values/kpi-value.repository';
export type { KpiValueRevision } from './kpi-values/kpi-value-revision.types';
export { ModelVersionRepository } from './model-versions/model-version.repository';
export type { ImportVersionOptions } from './model-versions/model-version.repository';
export type {
  ImportVersionResult,
  ModelVersion,
  ModelVersionSummary,
  TwinGraphEdgeRecord,
  TwinGraphNodeRecord,
  TwinGraphSnapshot,
} from './model-versions/model-version.types';
export { canonicalChecksum, canonicalJson } from './model-versions/canonical-checksum';
export { normaliseTwinGraph } from './model-versions/twin-graph.normaliser';
