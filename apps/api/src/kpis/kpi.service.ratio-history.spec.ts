import type { DataSource } from 'typeorm';
import { testSample as sample, type KpiValue } from '@bsc/common';
import { KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import type { ApiConfig } from '../config/api.config';
import type { ApiContext } from '../graphql/api-context';
import { PastKpiValues } from '../scorecard/past-kpi-values.service';
import type { KpiValueStore } from '../stores/kpi-value.store';
import type { TargetOverrideStore } from '../stores/target-override.store';
import { TwinIndex } from '../twin/twin-index';
import type { TwinIndexService } from '../twin/twin-index.service';
import { KpiValuesLoader } from './kpi-values.loader';
import { KpiService } from './kpi.service';

describe(`${KpiService.name}: a ratio's history regrouped by a coarser interval`, () => {
  const model = TwinModelBuilder.model()
    .signal('on_time')
    .declare({ kind: 'amount' }, 'on_time')
    .signal('shipped')
    .declare({ kind: 'amount' }, 'shipped')
    .kpi('otd', 'safediv(sum(on_time, period), sum(shipped, period)) * 100', {
      period: 'month',
      aggregation: 'last',
    })
    .signal('sales')
    .declare({ kind: 'amount' }, 'sales')
    .signal('cost')
    .declare({ kind: 'amount' }, 'cost')
    .kpi('revenue', 'sum(sales, period)', { period: 'month', aggregation: 'sum' })
    .kpi('cogs', 'sum(cost, period)', { period: 'month', aggregation: 'sum' })
    .kpi('margin', 'safediv(revenue - cogs, revenue) * 100', { period: 'month', aggregation: 'last' })
    .build();
  // sales and cost: January 100 and 60 (40 %), February 300 and 150 (50 %), March 100 and 90 (10 %)
  const sales: Array<[number, number, number]> = [
    [0, 100, 60],
    [1, 300, 150],
    [2, 100, 90],
  ];
  // shipped and on time: January 100 and 95 (95 %), February 300 and 270 (90 %), March 100 and 99 (99 %)
  const months: Array<[number, number, number]> = [
    [0, 100, 95],
    [1, 300, 270],
    [2, 100, 99],
  ];
  const stored = (month: number, value: number, kpiId = 'otd'): KpiValue => ({
    kpiId,
    periodKey: `2026-0${month + 1}`,
    periodStart: Date.UTC(2026, month, 1),
    periodEnd: Date.UTC(2026, month + 1, 1),
    value,
    asOf: Date.UTC(2026, month, 15),
    computedAt: Date.UTC(2026, month + 1, 1),
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
  });
  const context = (): ApiContext => ({ memo: new Map() }) as unknown as ApiContext;
  let dataSource: DataSource;
  let samples: SampleRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    samples = new SampleRepository(dataSource);
    await samples.insertBatch(
      months.flatMap(([m, shipped, onTime]) => [
        sample('shipped', Date.UTC(2026, m, 15), shipped),
        sample('on_time', Date.UTC(2026, m, 15), onTime),
      ]),
      Date.UTC(2026, 2, 16),
    );
    await samples.insertBatch(
      sales.flatMap(([m, amount, cost]) => [
        sample('sales', Date.UTC(2026, m, 15), amount),
        sample('cost', Date.UTC(2026, m, 15), cost),
      ]),
      Date.UTC(2026, 2, 16),
    );
  });
  afterEach(() => dataSource.destroy());

  function service(history: KpiValue[]) {
    const store = {
      historyOfMany: (ids: readonly string[]) => Promise.resolve(new Map(ids.map((id) => [id, history]))),
    } as unknown as KpiValueStore;
    const targets = { list: () => Promise.resolve([]) } as unknown as TargetOverrideStore;
    const index = new TwinIndex(model, 1);
    return new KpiService(
      { current: () => index } as unknown as TwinIndexService,
      new KpiValuesLoader(store, targets),
      new PastKpiValues(samples, new KpiValueRepository(dataSource)),
      { GRAPHQL_MAX_PAGE_SIZE: 100 } as ApiConfig,
      null,
    );
  }
  const quarter = (sut: KpiService, kpiId = 'otd') =>
    sut.history(context(), kpiId, {
      from: new Date(Date.UTC(2026, 0, 1)),
      to: new Date(Date.UTC(2026, 3, 1)),
      knownAt: new Date(Date.UTC(2026, 3, 1)),
      interval: 'quarter',
    });

  it('evaluates the formula over the whole quarter: its terms add up, not its months', async () => {
    // (95 + 270 + 99) / (100 + 300 + 100) = 464 / 500 = 92.8 %; the newest month said 99 %, and the mean of the
    // months (95 + 90 + 99) / 3 = 94.67 %
    const sut = service([stored(0, 95), stored(1, 90), stored(2, 99)]);

    const [point] = await quarter(sut);

    expect(point.periodKey).toBe('FY2026-Q1');
    expect(point.count).toBe(3);
    expect(point.value).toBeCloseTo(92.8, 10);
  });

  it('evaluates a ratio of KPIs over the quarter with the KPIs it reads over the quarter too', async () => {
    // revenue 500, cost 300: (500 - 300) / 500 = 40 %; March alone says (100 - 90) / 100 = 10 %
    const months = [stored(0, 40, 'margin'), stored(1, 50, 'margin'), stored(2, 10, 'margin')];
    const sut = service(months);

    const [point] = await quarter(sut, 'margin');

    expect(point.value).toBeCloseTo(40, 10);
  });

  it('keeps the newest period when the samples no longer give the stored values (removed, or corrected by hand)', async () => {
    // February was stored as 80 %, but its samples give 90 %: the quarter cannot be evaluated from them
    const sut = service([stored(0, 95), stored(1, 80), stored(2, 99)]);

    const [point] = await quarter(sut);

    expect(point.value).toBe(99);
  });
});
