import { Global, Module, type Provider } from '@nestjs/common';
import {
  AlertRepository,
  AnomalyRepository,
  ApiKeyRepository,
  DeadLetterRepository,
  InitiativeStateRepository,
  KpiValueRepository,
  ModelVersionRepository,
  PeriodCommentaryRepository,
  SampleRepository,
  TargetOverrideRepository,
} from '@bsc/persistence';
import { ALERT_STORE } from './alert.store';
import { ANOMALY_STORE } from './anomaly.store';
import { API_KEY_STORE } from './api-key.store';
import { COMMENTARY_STORE } from './commentary.store';
import { DEAD_LETTER_STORE } from './dead-letter.store';
import { INITIATIVE_STATE_STORE } from './initiative-state.store';
import { KPI_VALUE_STORE } from './kpi-value.store';
import { MODEL_CATALOG, PersistentModelCatalog } from './model-catalog.store';
import { SAMPLE_STORE } from './sample.store';
import { TARGET_OVERRIDE_STORE } from './target-override.store';

/**
 * The API's data ports, served by persistence's repositories (from the global PersistenceModule of
 * CoreInfraModule). Services depend on the narrow ports, so tests can swap any of them.
 */
const STORE_PROVIDERS: Provider[] = [
  { provide: API_KEY_STORE, useExisting: ApiKeyRepository },
  { provide: KPI_VALUE_STORE, useExisting: KpiValueRepository },
  { provide: ALERT_STORE, useExisting: AlertRepository },
  { provide: ANOMALY_STORE, useExisting: AnomalyRepository },
  { provide: TARGET_OVERRIDE_STORE, useExisting: TargetOverrideRepository },
  { provide: INITIATIVE_STATE_STORE, useExisting: InitiativeStateRepository },
  { provide: SAMPLE_STORE, useExisting: SampleRepository },
  { provide: DEAD_LETTER_STORE, useExisting: DeadLetterRepository },
  { provide: COMMENTARY_STORE, useExisting: PeriodCommentaryRepository },
  {
    provide: MODEL_CATALOG,
    useFactory: (versions: ModelVersionRepository) => new PersistentModelCatalog(versions),
    inject: [ModelVersionRepository],
  },
];

@Global()
@Module({
  providers: STORE_PROVIDERS,
  exports: [
    API_KEY_STORE,
    KPI_VALUE_STORE,
    ALERT_STORE,
    ANOMALY_STORE,
    TARGET_OVERRIDE_STORE,
    INITIATIVE_STATE_STORE,
    SAMPLE_STORE,
    DEAD_LETTER_STORE,
    COMMENTARY_STORE,
    MODEL_CATALOG,
  ],
})
export class ApiStoresModule {}
