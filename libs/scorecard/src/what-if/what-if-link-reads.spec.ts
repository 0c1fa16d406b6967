import { TwinModelBuilder } from '@bsc/twin';
import { scoredKpi, sellToDeliverLink } from '../test-support/scorecard-items.builder';
import { simulateWhatIf } from './what-if-simulation';
import { nov, novemberBaseline } from '../test-support/what-if-november.builder';
import type { ScenarioDriver } from './what-if.types';

const DAY = 86_400_000;
// November 2026: 30 days

// a ratio of the period's totals declared `last`: its value at the end weighs the whole period
const FILL_RATE = 'safediv(sum(wh.filled, period), sum(wh.ordered, period)) * 100';
// selling moves delivery 14 days later: +10 orders a day (1 sd) is 0.5 sd of every delivery KPI
const model = TwinModelBuilder.model('test-model')
  .unit('acme')
  .addKpi(scoredKpi('orders', 'acme', { formula: 'sum(erp.orders, period)', aggregation: 'sum', target: 320 }))
  .addKpi(scoredKpi('otd', 'acme', { formula: 'avg(erp.otd, period)', target: 95 }))
  .addKpi(scoredKpi('shipped', 'acme', { formula: 'last(wh.shipped, period)', aggregation: 'last', target: 90 }))
  .addKpi(scoredKpi('shipments', 'acme', { formula: 'sum(wh.out, period)', aggregation: 'last', target: 300 }))
  .addKpi(scoredKpi('fill_rate', 'acme', { formula: FILL_RATE, aggregation: 'last', target: 98 }))
  .objective('sell', 'acme', 'customer', [['orders', 1]])
  .objective('deliver', 'acme', 'customer', [
    ['otd', 1],
    ['shipped', 1],
    ['shipments', 1],
    ['fill_rate', 1],
  ])
  .build();
const baselines = new Map([
  ['orders', novemberBaseline('orders', 300)],
  ['otd', novemberBaseline('otd', 94)],
  ['shipped', novemberBaseline('shipped', 80)],
  ['shipments', novemberBaseline('shipments', 290)],
  ['fill_rate', novemberBaseline('fill_rate', 96)],
]);
// 0.5 sd of each: otd 2 points, the closing level of shipped 10, the month's shipments 20, the fill rate 3 points
const link = { ...sellToDeliverLink(), kpiScales: { orders: 10, otd: 4, shipped: 20, shipments: 40, fill_rate: 6 } };
const moreOrders = (window: Partial<ScenarioDriver>): ScenarioDriver => ({
  kind: 'kpi',
  id: 'orders',
  change: 'absolute',
  value: 10,
  ...window,
});
const linked = (driver: ScenarioDriver, id: string) =>
  simulateWhatIf({ model, baselines, links: [link] }, { drivers: [driver], draws: 10 }).kpis.find(
    (k) => k.kpiId === id,
  )!.statisticalEffect.mean;

describe('simulateWhatIf: a link effect counts as the receiving KPI is aggregated', () => {
  it.each([
    // from 1 Nov, arriving 14 days later on 15 Nov: in force at the close, for 16 of 30 days
    ['a closing level (last) by the whole effect in force at the end', 'shipped', moreOrders({ from: nov(1) }), 10],
    ['an average by the share covered: 2 * 16 / 30', 'otd', moreOrders({ from: nov(1) }), (2 * 16) / 30],
    [
      'a running total declared last by the share it accrues: 20 * 16 / 30',
      'shipments',
      moreOrders({ from: nov(1) }),
      (20 * 16) / 30,
    ],
    [
      'a ratio of period totals declared last by the share covered: 3 * 16 / 30',
      'fill_rate',
      moreOrders({ from: nov(1) }),
      (3 * 16) / 30,
    ],
    // from 1 Nov until 10 Nov: at shipped from 15 Nov until 24 Nov, over before the close
    [
      'a closing level not at all by an effect over before the end',
      'shipped',
      moreOrders({ from: nov(1), until: nov(10) }),
      0,
    ],
    // ramped over 20 days from 1 Nov: at shipped from 15 Nov, 16 of its 20 days reached by 1 Dec
    [
      'a closing level by the share of its ramp reached at the end: 10 * 16 / 20',
      'shipped',
      moreOrders({ from: nov(1), rampMs: 20 * DAY }),
      8,
    ],
  ])('moves %s', (_case, kpiId, driver, expected) => {
    expect(linked(driver, kpiId)).toBeCloseTo(expected, 9);
  });
});

describe('simulateWhatIf: a cause objective shifts as its link was measured', () => {
  it('averages over the KPIs with a history, as the objective series of the link estimate does', () => {
    // 'leads' has no daily history, so the objective series the link was measured on is orders' z-score alone:
    // +10 orders = +1 sd = +1 of 'sell', 0.5 of 'deliver', 0.5 * 20 = 10 on the closing level of shipped
    // (halving it over leads' weight too would give 5)
    const withLeads = TwinModelBuilder.model('test-model')
      .unit('acme')
      .addKpi(scoredKpi('orders', 'acme', { formula: 'sum(erp.orders, period)', aggregation: 'sum', target: 320 }))
      .addKpi(scoredKpi('leads', 'acme', { formula: 'sum(crm.leads, period)', aggregation: 'sum', target: 50 }))
      .addKpi(scoredKpi('shipped', 'acme', { formula: 'last(wh.shipped, period)', aggregation: 'last', target: 90 }))
      .objective('sell', 'acme', 'customer', [
        ['orders', 1],
        ['leads', 1],
      ])
      .objective('deliver', 'acme', 'customer', [['shipped', 1]])
      .build();
    const sut = simulateWhatIf(
      { model: withLeads, baselines, links: [{ ...link, kpiScales: { orders: 10, shipped: 20 } }] },
      { drivers: [moreOrders({ from: nov(1) - 30 * DAY })], draws: 10 },
    );
    expect(sut.kpis.find((k) => k.kpiId === 'shipped')!.statisticalEffect.mean).toBeCloseTo(10, 9);
  });
});
