import { AnomalyEntity } from './anomaly.entity';
import { AlertEventEntity } from './alert-event.entity';
import { AlertEntity } from './alert.entity';
import { ApiKeyEntity } from './api-key.entity';
import { DeadLetterEntity, PostgresDeadLetterEntity, SqliteDeadLetterEntity } from './dead-letter.entity';
import { ForecastResultEntity } from './forecast-result.entity';
import { ForecastStructureEntity } from './forecast-structure.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { InitiativeStateEntity } from './initiative-state.entity';
import {
  KpiDailyStateEntity,
  KpiDailyValueEntity,
  PostgresKpiDailyStateEntity,
  SqliteKpiDailyStateEntity,
} from './kpi-daily-value.entity';
import { KpiCheckpointEntity, PostgresKpiCheckpointEntity, SqliteKpiCheckpointEntity } from './kpi-checkpoint.entity';
import { KpiTargetOverrideEntity } from './kpi-target-override.entity';
import { KpiValueRevisionEntity } from './kpi-value-revision.entity';
import { LinkEstimateEntity } from './link-estimate.entity';
import { PeriodCommentaryEntity } from './period-commentary.entity';
import { SignalRollupFoldEntity } from './signal-rollup-fold.entity';
import { SignalRollupEntity } from './signal-rollup.entity';
import { SignalSampleEntity } from './signal-sample.entity';
import { TwinEdgeEntity } from './twin-edge.entity';
import { TwinModelVersionEntity } from './twin-model-version.entity';
import { TwinNodeEntity } from './twin-node.entity';
import { WhatIfScenarioEntity } from './what-if-scenario.entity';
import { WriteFenceEntity } from './write-fence.entity';

export {
  AnomalyEntity,
  AlertEventEntity,
  AlertEntity,
  ApiKeyEntity,
  DeadLetterEntity,
  ForecastResultEntity,
  ForecastStructureEntity,
  IdempotencyKeyEntity,
  InitiativeStateEntity,
  KpiDailyStateEntity,
  KpiCheckpointEntity,
  KpiDailyValueEntity,
  KpiTargetOverrideEntity,
  KpiValueRevisionEntity,
  LinkEstimateEntity,
  PeriodCommentaryEntity,
  SignalRollupEntity,
  SignalRollupFoldEntity,
  SignalSampleEntity,
  TwinEdgeEntity,
  TwinModelVersionEntity,
  TwinNodeEntity,
  WhatIfScenarioEntity,
  WriteFenceEntity,
};

/** Listed explicitly (no globs) so the same list works under ts-node, compiled js and jest. */
const COMMON_ENTITIES = [
  TwinModelVersionEntity,
  TwinNodeEntity,
  TwinEdgeEntity,
  SignalSampleEntity,
  SignalRollupEntity,
  SignalRollupFoldEntity,
  KpiValueRevisionEntity,
  AlertEntity,
  AlertEventEntity,
  InitiativeStateEntity,
  KpiTargetOverrideEntity,
  ForecastResultEntity,
  LinkEstimateEntity,
  ApiKeyEntity,
  PeriodCommentaryEntity,
  WhatIfScenarioEntity,
  KpiDailyValueEntity,
  WriteFenceEntity,
  AnomalyEntity,
  ForecastStructureEntity,
  IdempotencyKeyEntity,
] as const;

/** Every entity; the binary columns (dead letters, KPI checkpoints, the daily state's) are typed per database. */
export function persistenceEntities(database: 'postgres' | 'sqlite') {
  return database === 'postgres'
    ? [...COMMON_ENTITIES, PostgresDeadLetterEntity, PostgresKpiCheckpointEntity, PostgresKpiDailyStateEntity]
    : [...COMMON_ENTITIES, SqliteDeadLetterEntity, SqliteKpiCheckpointEntity, SqliteKpiDailyStateEntity];
}
