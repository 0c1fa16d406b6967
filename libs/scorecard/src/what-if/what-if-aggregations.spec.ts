import { TwinModelBuilder } from '@bsc/twin';
import { scoredKpi } from '../test-support/scorecard-items.builder';
import { nov, novemberBaseline, exactEffects, stockUp50 as stock } from '../test-support/what-if-november.builder';
import type { ScenarioDriver } from './what-if.types';

const DAY = 86_400_000;
// November 2026: 30 days; a step from 16 Nov covers 15 of them
const FROM = nov(16);

// stock on hand, 1000 all month, read five ways; orders a running total declared `last`
const READS = {
  stock: 'last(wh.stock, period)',
  stock_latest: 'wh.stock',
  opening: 'first(wh.stock, period)',
  avg_stock: 'avg(wh.stock, period)',
  peak_stock: 'max(wh.stock, period)',
};
// on-time delivery, a ratio of the period's totals declared `last`: its value at the end weighs the whole period
const OTD = 'safediv(sum(erp.on_time, period), sum(erp.shipped, period)) * 100';
const model = TwinModelBuilder.model('test-model')
  .unit('acme')
  .addKpi(scoredKpi('stock', 'acme', { formula: READS.stock, aggregation: 'last', target: 900 }))
  .addKpi(scoredKpi('stock_latest', 'acme', { formula: READS.stock_latest, aggregation: 'last', target: 900 }))
  .addKpi(scoredKpi('opening', 'acme', { formula: READS.opening, aggregation: 'last', target: 900 }))
  .addKpi(scoredKpi('avg_stock', 'acme', { formula: READS.avg_stock, target: 900 }))
  .addKpi(scoredKpi('peak_stock', 'acme', { formula: READS.peak_stock, aggregation: 'max', target: 900 }))
  .addKpi(scoredKpi('orders', 'acme', { formula: 'sum(erp.orders, period)', aggregation: 'last', target: 320 }))
  .addKpi(scoredKpi('otd', 'acme', { formula: OTD, aggregation: 'last', target: 95 }))
  .addKpi(scoredKpi('week_stock', 'acme', { formula: 'avg(wh.stock, 7d)', aggregation: 'last', target: 900 }))
  .build();

const baselines = new Map([
  ...Object.entries(READS).map(([id, read]) => [id, novemberBaseline(id, 1000, { [read]: 1000 })] as const),
  ['orders', novemberBaseline('orders', 300, { 'sum(erp.orders, period)': 300 })],
  ['otd', novemberBaseline('otd', 94)],
  ['week_stock', novemberBaseline('week_stock', 1000)],
]);
const { effect } = exactEffects(model, baselines);

describe('simulateWhatIf: a signal driver counts as its input is read over the period', () => {
  it.each([
    // +50 from 16 Nov: in force at the close (30 Nov), not at the opening (1 Nov), for 15 of 30 days
    ['the closing stock (last) by the full step', 'stock', stock({ from: FROM }), 50],
    ['a latest value, read at the period end, by the full step', 'stock_latest', stock({ from: FROM }), 50],
    ['the opening stock (first) not at all', 'opening', stock({ from: FROM }), 0],
    ['the average stock by the share covered: 50 * 15 / 30', 'avg_stock', stock({ from: FROM }), 25],
    // kept as an approximation: the step lifts the max only if the second half holds it
    ['the peak stock (max) by the share covered', 'peak_stock', stock({ from: FROM }), 25],
    // ramped over 20 days from 16 Nov: 15 of its 20 days reached by 1 Dec
    [
      'the closing stock by the share of its ramp reached at the end',
      'stock',
      stock({ from: FROM, rampMs: 20 * DAY }),
      37.5,
    ],
    // from 1 Nov until 16 Nov: over at the close, in force at the opening
    ['the closing stock not at all by a step ended before the close', 'stock', stock({ from: nov(1), until: FROM }), 0],
    ['the opening stock by the full step in force on the 1st', 'opening', stock({ from: nov(1), until: FROM }), 50],
  ])('moves %s', (_case, kpiId, driver, expected) => {
    expect(effect(driver, kpiId)).toBeCloseTo(expected, 9);
  });
});

describe('simulateWhatIf: a KPI driver counts as the KPI is aggregated', () => {
  const onKpi = (id: string, change: ScenarioDriver['change'], value: number): ScenarioDriver => ({
    kind: 'kpi',
    id,
    change,
    value,
    from: FROM,
  });

  it('moves a last-aggregated (snapshot) KPI by the full step at its period end', () => {
    expect(effect(onKpi('stock', 'absolute', 50), 'stock')).toBeCloseTo(50, 9);
  });

  it('moves an average KPI by the share of the period covered: 50 * 15 / 30', () => {
    expect(effect(onKpi('avg_stock', 'absolute', 50), 'avg_stock')).toBeCloseTo(25, 9);
  });

  it('moves a running total declared last by the share it accrues: 10 % of 300 for 15 of 30 days', () => {
    expect(effect(onKpi('orders', 'relative', 0.1), 'orders')).toBeCloseTo(15, 9);
  });

  it('moves a ratio of period totals declared last by the share of the period covered: 2 * 15 / 30', () => {
    expect(effect(onKpi('otd', 'absolute', 2), 'otd')).toBeCloseTo(1, 9);
  });

  it('moves a sliding weekly average declared last by the share of its week covered at the end', () => {
    // from 16 Nov: all of 24 to 30 Nov
    expect(effect(onKpi('week_stock', 'absolute', 50), 'week_stock')).toBeCloseTo(50, 9);
    // from 27 Nov: 4 of its 7 days
    expect(effect({ ...onKpi('week_stock', 'absolute', 50), from: nov(27) }, 'week_stock')).toBeCloseTo(200 / 7, 9);
  });
});
