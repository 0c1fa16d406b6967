// Data source and schema
export {
  createDataSourceOptions,
  DEFAULT_SQLITE_PATH,
  isPostgresUrl,
  SQLITE_BUSY_TIMEOUT_MS,
} from './data-source/data-source-options';
export type { PersistenceConfig } from './data-source/data-source-options';
export { openDataSource } from './data-source/open-data-source';
export type { OpenDataSourceOptions } from './data-source/open-data-source';
export { KeptDataSource } from './data-source/kept-data-source';
export { migrationStatus } from './data-source/migration-status';
export { migrate } from './data-source/migrate';
export type { MigrationStatus } from './data-source/migration-status';
export { findSchemaDrift } from './data-source/schema-drift';
export { classifyWriteError } from './data-source/write-error';
export type { WriteFailureKind } from './data-source/write-error';
export { isStorableText, storableText } from './data-source/storable-text';
export { persistenceEntities } from './entities';
export { PERSISTENCE_MIGRATIONS } from './migrations';
export { PersistenceModule } from './persistence.module';
export type { PersistenceModuleAsyncOptions } from './persistence.module';
export { PERSISTENCE_REPOSITORIES } from './persistence.repositories';

// Repositories (they return domain types, never entities)
export { IMPORTED_SAMPLE_SOURCE, SampleRepository } from './samples/sample.repository';
export type { SampleHistory } from './samples/sample.repository';
export { DEFAULT_REPLAY_PAGE_SIZE } from './samples/sample-replay.query';
export type { SampleReplayOptions } from './samples/sample-replay.query';
export { HORIZON_IDS_PER_READ, readFromHorizons } from './samples/horizon-replay.reader';
export type { HorizonSampleSource } from './samples/horizon-replay.reader';
export { PARTITION_MONTHS_AHEAD, SamplePartitionRepository } from './samples/sample-partition.repository';
export type { AnalyzeResult, RetentionResult, SummaryResult } from './samples/sample-partition.repository';
export type { SampleBucket } from './samples/sample-history.query';
export type { SampleKey } from './samples/stored-samples.query';
export { KpiValueRepository, WriteFencedError } from './kpi-values/kpi-value.repository';
export type { AppendRevisionsOptions } from './kpi-values/kpi-value.repository';
export type { KpiValueRevision } from './kpi-values/kpi-value-revision.types';
export { KpiDailyValueRepository } from './kpi-daily/kpi-daily-value.repository';
export type { KpiDailyPoint, KpiDailyState, KpiDailyVersion } from './kpi-daily/kpi-daily-value.repository';
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
export { toGraphSnapshot } from './model-versions/twin-graph-snapshot.mapper';
export {
  DEFAULT_DEAD_LETTER_LIMIT,
  DeadLetterRepository,
  MAX_DEAD_LETTER_LIMIT,
} from './dead-letters/dead-letter.repository';
export { MAX_DEAD_LETTER_PAYLOAD_CHARS } from './dead-letters/dead-letter.mapper';
export { deadLetterOriginKey } from './dead-letters/dead-letter-origin-key';
export type {
  DeadLetter,
  DeadLetterQuery,
  DeadLetterVisibility,
  NewDeadLetter,
} from './dead-letters/dead-letter.types';
export { AlertRepository, DEFAULT_ALERT_LIMIT, MAX_ALERT_LIMIT } from './alerts/alert.repository';
export type {
  AlertEventRecord,
  AlertQuery,
  AlertRecord,
  AlertStatus,
  NewAlert,
  RaiseAlertResult,
} from './alerts/alert.types';
export { AnomalyRepository, DEFAULT_ANOMALY_LIMIT, MAX_ANOMALY_LIMIT } from './anomalies/anomaly.repository';
export type {
  AnomalyKey,
  AnomalyQuery,
  AnomalyRecord,
  CountedAnomalies,
  CountedAnomaliesSince,
} from './anomalies/anomaly.types';
export { ApiKeyRepository, hashApiKey } from './api-keys/api-key.repository';
export { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
export type { IdempotencyClaim, IdempotencyRecord } from './idempotency/idempotency-key.repository';
export type { ApiKeyRecord, CreatedApiKey, NewApiKey } from './api-keys/api-key.types';
export { KpiCheckpointRepository } from './kpi-checkpoints/kpi-checkpoint.repository';
export type { StoredKpiCheckpoint } from './kpi-checkpoints/kpi-checkpoint.repository';
export { ForecastRepository } from './forecasts/forecast.repository';
export { ForecastStructureRepository } from './forecasts/forecast-structure.repository';
export type { ForecastRecord, LinkEstimateRecord, NewForecast, NewLinkEstimate } from './forecasts/forecast.types';
export { TargetOverrideRepository } from './targets/target-override.repository';
export type { NewTargetOverride, TargetOverride } from './targets/target-override.types';
export { WhatIfScenarioRepository } from './scenarios/what-if-scenario.repository';
export type { SavedScenario } from './scenarios/what-if-scenario.repository';
export { InitiativeStateRepository } from './initiatives/initiative-state.repository';
export type { InitiativeState, NewInitiativeState } from './initiatives/initiative-state.types';
export { PeriodCommentaryRepository } from './commentary/period-commentary.repository';
export type {
  CommentaryKey,
  CommentarySubjectKind,
  NewPeriodCommentary,
  PeriodCommentary,
} from './commentary/period-commentary.types';
