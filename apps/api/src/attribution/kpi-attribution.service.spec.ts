import type { DataSource } from 'typeorm';
import { FixedActiveModel, type ActiveModelSnapshot } from '@bsc/app-kit';
import { KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { TwinGraph, TwinModelBuilder, type TwinModel } from '@bsc/twin';
import type { ApiContext } from '../graphql/api-context';
import type { KpiValuesLoader } from '../kpis/kpi-values.loader';
import { PastKpiValues } from '../scorecard/past-kpi-values.service';
import type { ModelCatalog } from '../stores/model-catalog.store';
import { TwinIndexService } from '../twin/twin-index.service';
import { KpiAttributionArgs } from './dto/kpi-attribution.args';
import { KpiAttributionService } from './kpi-attribution.service';
import { testSample as sample } from '@bsc/common';

const at = (month: number, day: number) => Date.UTC(2026, month - 1, day, 12);
/** Version 2 (revenue gains the services term) was imported on 1 November. */
const SWITCH = Date.UTC(2026, 10, 1);

function shop(revenue: string): TwinModel {
  return TwinModelBuilder.model('shop')
    .unit('acme')
    .signal('price', 'qty', 'services')
    .kpi('revenue', revenue, { orgUnit: 'acme', period: 'month', target: 100 })
    .buildValid();
}
const V1 = shop('avg(price, period) * sum(qty, period)');
const V2 = shop('avg(price, period) * sum(qty, period) + sum(services, period)');

/**
 * October: price 10, qty 2 + 3 = 5, so 10 * 5 = 50 (services 7 are recorded, but v1 does not read them).
 * November: price 12, qty 6, services 20: 12 * 6 = 72 under v1, 72 + 20 = 92 under v2.
 */
const SAMPLES = [
  sample('price', at(10, 5), 10),
  sample('qty', at(10, 5), 2),
  sample('qty', at(10, 20), 3),
  sample('services', at(10, 20), 7),
  sample('price', at(11, 5), 12),
  sample('qty', at(11, 5), 6),
  sample('services', at(11, 10), 20),
];

describe(`${KpiAttributionService.name} across model versions`, () => {
  let dataSource: DataSource;
  let sut: (catalog: ModelCatalog | null) => KpiAttributionService;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    const samples = new SampleRepository(dataSource);
    await samples.insertBatch(SAMPLES, at(12, 1));
    const past = new PastKpiValues(samples, new KpiValueRepository(dataSource));
    const loader = { targetOverrides: () => Promise.resolve(new Map()) } as unknown as KpiValuesLoader;
    const twin = new TwinIndexService(new FixedActiveModel(V2));
    sut = (catalog) => new KpiAttributionService(twin, past, loader, catalog);
  });
  afterEach(() => dataSource.destroy());

  const snapshot = (model: TwinModel, version: number): ActiveModelSnapshot => ({
    model,
    graph: TwinGraph.fromModel(model),
    version,
    importedAt: version === 1 ? 0 : SWITCH,
  });
  const catalog: ModelCatalog = {
    list: () => Promise.resolve([]),
    inForceAt: (t) => Promise.resolve(t < SWITCH ? snapshot(V1, 1) : snapshot(V2, 2)),
  };
  const ctx = () => ({ memo: new Map([['now', at(12, 2)]]) }) as unknown as ApiContext;
  const args = Object.assign(new KpiAttributionArgs(), { from: '2026-10', to: '2026-11' });

  it('splits the data change with the formula of October and reports the services term as the model change', async () => {
    const result = await sut(catalog).attribution(ctx(), 'revenue', args);

    // 50 -> 92 = 42. Under v1 50 -> 72 = 22, Shapley of the product: price (12 - 10) * (5 + 6) / 2 = 11,
    // qty (6 - 5) * (10 + 12) / 2 = 11; the model change: November under v2 minus under v1, 92 - 72 = 20
    expect(result).toMatchObject({
      from: { periodKey: '2026-10', value: 50 },
      to: { periodKey: '2026-11', value: 92 },
      change: 42,
      modelChange: 20,
      fromModelVersion: 1,
      toModelVersion: 2,
    });
    expect(result.parts.map((p) => [p.inputId, Math.round(p.contribution * 1e9) / 1e9])).toEqual([
      ['price', 11],
      ['qty', 11],
    ]);
  });

  it('reads both ends with one model, no model change, when no versions are stored', async () => {
    const result = await sut(null).attribution(ctx(), 'revenue', args);

    // the current model (v2) at both ends: October 50 + 7 = 57, November 92, so 35 = price 11 + qty 11 + services 13
    expect(result).toMatchObject({ change: 35, modelChange: 0, fromModelVersion: null, toModelVersion: null });
    expect(result.parts.map((p) => [p.inputId, Math.round(p.contribution * 1e9) / 1e9])).toEqual([
      ['price', 11],
      ['qty', 11],
      ['services', 13],
    ]);
  });
});
