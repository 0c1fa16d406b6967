import { FixedActiveModel } from '@bsc/app-kit';
import { KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import type { TwinModel } from '@bsc/twin';
import type { Principal } from '../../auth/principal';
import type { KpiValuesLoader } from '../../kpis/kpi-values.loader';
import { PastKpiValues } from '../../scorecard/past-kpi-values.service';
import type { ModelCatalog } from '../../stores/model-catalog.store';
import { TwinIndexService } from '../../twin/twin-index.service';
import { KpiAttributionService } from '../kpi-attribution.service';

export const ADMIN: Principal = { subject: 'admin', role: 'admin', units: null, via: 'jwt' };

/**
 * An in-memory store holding `samples`, received at `receivedAt`, and the attribution service over a model; `past`
 * values a scorecard from the same store.
 */
export async function attributionOver(samples: Parameters<SampleRepository['insertBatch']>[0], receivedAt: number) {
  const dataSource = await openDataSource({ sqlitePath: ':memory:' });
  const store = new SampleRepository(dataSource);
  await store.insertBatch(samples, receivedAt);
  const past = new PastKpiValues(store, new KpiValueRepository(dataSource));
  const loader = { targetOverrides: () => Promise.resolve(new Map()) } as unknown as KpiValuesLoader;
  const service = (model: TwinModel, catalog: ModelCatalog | null = null) =>
    new KpiAttributionService(new TwinIndexService(new FixedActiveModel(model)), past, loader, catalog);
  return { dataSource, service, past };
}
