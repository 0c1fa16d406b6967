import { AlertRepository } from './alerts/alert.repository';
import { AnomalyRepository } from './anomalies/anomaly.repository';
import { PeriodCommentaryRepository } from './commentary/period-commentary.repository';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { DeadLetterRepository } from './dead-letters/dead-letter.repository';
import { ForecastRepository } from './forecasts/forecast.repository';
import { IdempotencyKeyRepository } from './idempotency/idempotency-key.repository';
import { InitiativeStateRepository } from './initiatives/initiative-state.repository';
import { KpiDailyValueRepository } from './kpi-daily/kpi-daily-value.repository';
import { KpiCheckpointRepository } from './kpi-checkpoints/kpi-checkpoint.repository';
import { KpiValueRepository } from './kpi-values/kpi-value.repository';
import { ModelVersionRepository } from './model-versions/model-version.repository';
import { SamplePartitionRepository } from './samples/sample-partition.repository';
import { SampleRepository } from './samples/sample.repository';
import { TargetOverrideRepository } from './targets/target-override.repository';
import { WhatIfScenarioRepository } from './scenarios/what-if-scenario.repository';

/** Every repository the module provides; each takes the DataSource as its only dependency. */
export const PERSISTENCE_REPOSITORIES = [
  SampleRepository,
  SamplePartitionRepository,
  KpiValueRepository,
  KpiDailyValueRepository,
  KpiCheckpointRepository,
  ModelVersionRepository,
  DeadLetterRepository,
  AlertRepository,
  AnomalyRepository,
  ApiKeyRepository,
  ForecastRepository,
  TargetOverrideRepository,
  InitiativeStateRepository,
  PeriodCommentaryRepository,
  WhatIfScenarioRepository,
  IdempotencyKeyRepository,
] as const;
