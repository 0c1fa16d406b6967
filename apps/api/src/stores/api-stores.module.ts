import { Global, Module, Provider } from '@nestjs/common';
import { ALERT_STORE, InMemoryAlertStore } from './alert.store';
import { API_KEY_STORE, InMemoryApiKeyStore } from './api-key.store';
import { INITIATIVE_STATE_STORE, InMemoryInitiativeStateStore } from './initiative-state.store';
import { InMemoryKpiValueStore, KPI_VALUE_STORE } from './kpi-value.store';
import { InMemorySampleStore, SAMPLE_STORE } from './sample.store';
import { InMemoryTargetOverrideStore, TARGET_OVERRIDE_STORE } from './target-override.store';

/**
 * Default in-memory stores behind the API's data ports. The persistence repositories (KpiValueRepository,
 * ApiKeyRepository, AlertRepository, ...) replace them by overriding these tokens once they are wired.
 */
export const IN_MEMORY_STORE_PROVIDERS: Provider[] = [
  { provide: API_KEY_STORE, useClass: InMemoryApiKeyStore },
  { provide: KPI_VALUE_STORE, useClass: InMemoryKpiValueStore },
  { provide: ALERT_STORE, useClass: InMemoryAlertStore },
  { provide: TARGET_OVERRIDE_STORE, useClass: InMemoryTargetOverrideStore },
  { provide: INITIATIVE_STATE_STORE, useClass: InMemoryInitiativeStateStore },
  { provide: SAMPLE_STORE, useClass: InMemorySampleStore },
];

@Global()
@Module({ providers: IN_MEMORY_STORE_PROVIDERS, exports: IN_MEMORY_STORE_PROVIDERS.map((p) => (p as { provide: symbol }).provide) })
export class ApiStoresModule {}
