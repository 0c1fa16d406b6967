import type { DataSource } from 'typeorm';
import { FixedActiveModel } from '@bsc/app-kit';
import { testSample as sample } from '@bsc/common';
import { KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import type { ForecastProvider, KpiForecastView, PeriodEndView } from '../forecasts/forecast-provider.port';
import type { ApiContext } from '../graphql/api-context';
import type { KpiValuesLoader } from '../kpis/kpi-values.loader';
import { PastKpiValues } from '../scorecard/past-kpi-values.service';
import { TwinIndexService } from '../twin/twin-index.service';
import type { ScenarioInput } from './dto/scenario.input';
import { WhatIfService } from './what-if.service';

const day = (d: number) => Date.UTC(2026, 10, d, 12);
// today is 10 November: 10 orders and 1 return a day so far (100 and 10); November has 30 days
const NOW = Date.UTC(2026, 10, 10, 23);
const model = TwinModelBuilder.model('shop')
  .unit('acme')
  .signal('orders')
  .signal('returns')
  .signal('stock')
  .kpi('revenue', 'sum(orders, period)', { orgUnit: 'acme', period: 'month', aggregation: 'sum', target: 320 })
  .kpi('net_orders', 'sum(orders, period) - sum(returns, period)', {
    orgUnit: 'acme',
    period: 'month',
    aggregation: 'sum',
    target: 250,
  })
  .kpi('stock_change', 'delta(stock, period)', { orgUnit: 'acme', period: 'month', aggregation: 'last', target: 0 })
  // a daily KPI reading the monthly revenue: the month to date at the day's end
  .kpi('revenue_seen', 'revenue', { orgUnit: 'acme', period: 'day', aggregation: 'last', target: 0 })
  .buildValid();

const periodEnd = (periodKey: string, expected: number, terms?: Record<string, number>): PeriodEndView => ({
  periodKey,
  target: null,
  expected,
  lower80: expected,
  upper80: expected,
  probabilityOfMeetingTarget: null,
  ...(terms ? { terms } : {}),
});
const forecastOf = (kpiId: string, current: PeriodEndView, later: PeriodEndView[] = []): KpiForecastView => ({
  kpiId,
  method: 'test',
  computedAt: NOW,
  interval: 'day',
  points: [],
  periodEnd: current,
  laterPeriods: later,
});

describe(WhatIfService.name, () => {
  let dataSource: DataSource;
  let sut: WhatIfService;
  let forecasts: Map<string, KpiForecastView>;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    const samples = new SampleRepository(dataSource);
    await samples.insertBatch(
      Array.from({ length: 10 }, (_, i) => [
        sample('orders', day(i + 1), 10),
        sample('returns', day(i + 1), 1),
        // the stock opens November at 1000 and rises 10 a day
        sample('stock', day(i + 1), 1000 + 10 * i),
      ]).flat(),
      NOW,
    );
    const past = new PastKpiValues(samples, new KpiValueRepository(dataSource));
    const loader = {
      targetOverrides: () => Promise.resolve(new Map()),
      values: () =>
        Promise.resolve(
          new Map([
            ['revenue', { value: 100 }],
            ['net_orders', { value: 90 }],
            ['revenue_seen', { value: 100 }],
          ]),
        ),
    } as unknown as KpiValuesLoader;
    forecasts = new Map([
      // revenue projected from its own series: 300 in November, 310 in December (31 days), no terms
      ['revenue', forecastOf('revenue', periodEnd('2026-11', 300), [periodEnd('2026-12', 310)])],
      // net orders projected term by term: 300 orders less 60 returns (returns expected to pick up)
      [
        'net_orders',
        forecastOf('net_orders', periodEnd('2026-11', 240, { 'sum(orders, period)': 300, 'sum(returns, period)': 60 })),
      ],
      // the stock projected to close at 1290
      // and to rise by 310 more in December
      [
        'stock_change',
        forecastOf('stock_change', periodEnd('2026-11', 290, { 'delta(stock, period)': 290 }), [
          periodEnd('2026-12', 310, { 'delta(stock, period)': 310 }),
        ]),
      ],
    ]);
    const provider = {
      forecasts: () => Promise.resolve(forecasts),
      linkEstimates: () => Promise.resolve([]),
    } as unknown as ForecastProvider;
    sut = new WhatIfService(new TwinIndexService(new FixedActiveModel(model)), loader, past, provider);
  });
  afterEach(() => dataSource.destroy());

  const ctx = () => ({ memo: new Map([['now', NOW]]) }) as unknown as ApiContext;
  const admin = { subject: 'a', role: 'admin', units: null, via: 'jwt' } as unknown as Principal;
  const run = (driver: Record<string, unknown>, horizonPeriods = 1) =>
    sut.run(ctx(), admin, { drivers: [driver], horizonPeriods, draws: 10 } as unknown as ScenarioInput);
  const effect = (r: Awaited<ReturnType<typeof run>>, kpiId: string, ahead = 0) =>
    r.kpis.find((k) => k.kpiId === kpiId && k.periodsAhead === ahead)!.exactEffect;
  const moreOrders = { kind: 'signal', id: 'orders', change: 'relative', value: 0.1 };

  it('+10 % orders all month moves November revenue by 10 % of its period-end 300: +30, as a KPI driver does', async () => {
    const viaKpi = await run({ kind: 'kpi', id: 'revenue', change: 'relative', value: 0.1 });
    expect(effect(viaKpi, 'revenue')).toBeCloseTo(30, 6);
    // the running total so far (100) scaled to the expected 300, not the 10 days past alone (+10)
    expect(effect(await run(moreOrders), 'revenue')).toBeCloseTo(30, 6);
  });

  it("reads the monthly revenue to date at the day's end from its forecast path: +10 % orders is +12 today", async () => {
    // the path puts November's revenue to date at 120 at the end of the 10th (11 Nov 00:00): 10 % of it, not of the
    // month's 300 (+30), nor of 300 accrued evenly over 10 of 30 days (+10)
    const points = [Date.UTC(2026, 10, 11), Date.UTC(2026, 11, 1)].map((time, i) => ({
      time,
      mean: [120, 300][i],
      lower80: 0,
      upper80: 0,
      lower95: 0,
      upper95: 0,
    }));
    forecasts.set('revenue', { ...forecasts.get('revenue')!, points });
    const result = await run(moreOrders);
    expect(effect(result, 'revenue_seen')).toBeCloseTo(12, 6);
    expect(result.kpis.find((k) => k.kpiId === 'revenue_seen')!.approximate).toBeNull();
  });

  it("recomputes a KPI projected term by term on the forecast's period-end terms: 330 - 60 - 240 = +30", async () => {
    // scaling both totals to date by 240 / 90 would give 100 * 8 / 3 * 10 % = +26.7
    expect(effect(await run(moreOrders), 'net_orders')).toBeCloseTo(30, 6);
  });

  it("lets a later period's running total without projected terms stand at that period's expectation", async () => {
    // December: 10 % of the 310 expected (the stand-in is November's total carried to December's size)
    expect(effect(await run(moreOrders, 2), 'revenue', 1)).toBeCloseTo(31, 6);
  });

  it("draws the baseline's forecast error to the forecast's own 80 % interval, skewed as it is", async () => {
    // 300 expected in [290, 320]: by the forecast's own 90 % quantile P(revenue >= target 320) = 0.10; a normal
    // with sd (320 - 290) / (2 * 1.2816) = 11.70 around 300 gives 1 - pnorm(20 / 11.70) = 0.0437 (R) and [285, 315]
    forecasts.set('revenue', forecastOf('revenue', { ...periodEnd('2026-11', 300), lower80: 290, upper80: 320 }));
    const result = await sut.run(ctx(), admin, {
      drivers: [moreOrders],
      horizonPeriods: 1,
      draws: 20_000,
    } as unknown as ScenarioInput);
    const baseline = result.kpis.find((k) => k.kpiId === 'revenue' && k.periodsAhead === 0)!.baseline;
    // Monte Carlo sd of a share of 0.1 over 20000 draws: sqrt(0.09 / 20000) = 0.0021
    expect(Math.abs(baseline.probabilityOfMeetingTarget! - 0.1)).toBeLessThan(0.01);
    expect(baseline.lower80).toBeCloseTo(290, 0);
    expect(baseline.upper80).toBeCloseTo(320, 0);
  });

  it('moves a level by its own size at each end, the opening read from the period to date: +129', async () => {
    // +10 % stock from 16 Nov: closing 1290 * 1.1 = 1419, opening 1000 as read on 1 Nov: change 419, not 290
    const driver = {
      kind: 'signal',
      id: 'stock',
      change: 'relative',
      value: 0.1,
      from: new Date(Date.UTC(2026, 10, 16)),
    };
    expect(effect(await run(driver), 'stock_change')).toBeCloseTo(129, 6);
  });

  it("opens a later period at the level the changes before it reach: +10 % from 16 Dec moves December's by +160", async () => {
    // December opens at 1000 + 290 = 1290 and closes at 1290 + 310 = 1600: 10 % of 1600, nothing at the opening
    const driver = {
      kind: 'signal',
      id: 'stock',
      change: 'relative',
      value: 0.1,
      from: new Date(Date.UTC(2026, 11, 16)),
    };
    expect(effect(await run(driver, 2), 'stock_change', 1)).toBeCloseTo(160, 6);
  });
});
