import { parseFormula, printFormula } from '@bsc/formula';
import { TwinModelBuilder } from '@bsc/twin';
import { scoredKpi } from '../test-support/scorecard-items.builder';
import { nov, novemberBaseline, exactEffects, stockUp50 as stock } from '../test-support/what-if-november.builder';
import type { ScenarioDriver } from './what-if.types';

// November 2026: 30 days; at its end a 7-day window reads 24 Nov to 30 Nov

// monthly KPIs read at the period end over a sliding window: stock 1000 all month, 10 orders a day
const READS = {
  week_stock: 'avg(wh.stock, 7d)',
  sixty_day_stock: 'avg(wh.stock, 60d)',
  week_peak: 'max(wh.stock, 7d)',
  week_close: 'last(wh.stock, 7d)',
  week_open: 'first(wh.stock, 7d)',
  week_orders: 'sum(erp.orders, 7d)',
};
const model = Object.entries(READS)
  .reduce(
    (b, [id, formula]) => b.addKpi(scoredKpi(id, 'acme', { formula, aggregation: 'last', target: 900 })),
    TwinModelBuilder.model('test-model').unit('acme'),
  )
  .build();
// keyed by the canonical text, as the terms are: `7d` prints as `1w`
const base = (kpiId: string, read: string, expected: number) =>
  novemberBaseline(kpiId, expected, { [printFormula(parseFormula(read))]: expected });
const baselines = new Map(
  Object.entries(READS).map(([id, read]) => [id, base(id, read, id === 'week_orders' ? 70 : 1000)] as const),
);
const { effect } = exactEffects(model, baselines);
const moreOrders = (from: number): ScenarioDriver => ({
  kind: 'signal',
  id: 'erp.orders',
  change: 'relative',
  value: 0.1,
  from,
});

describe('simulateWhatIf: a sliding window counts a driver over its own span at the period end', () => {
  it.each([
    // the whole of 24 to 30 Nov is after the 16th
    ['a weekly average by the full step from the 16th', 'week_stock', stock({ from: nov(16) }), 50],
    [
      'a weekly average not at all by a step ended on the 20th',
      'week_stock',
      stock({ from: nov(1), until: nov(20) }),
      0,
    ],
    // 27 to 30 Nov: 4 of the window's 7 days
    ['a weekly average by the share of the week covered: 50 * 4 / 7', 'week_stock', stock({ from: nov(27) }), 200 / 7],
    // 2 Oct to 30 Nov: the step from the 16th covers 15 of 60 days, before the period's start too
    ['a 60-day average by the share of its 60 days: 50 * 15 / 60', 'sixty_day_stock', stock({ from: nov(16) }), 12.5],
    ['a weekly max by the share of the week covered, as a period max', 'week_peak', stock({ from: nov(27) }), 200 / 7],
    ['a weekly last reading by the step in force at the end', 'week_close', stock({ from: nov(16) }), 50],
    ['a weekly first reading by the step in force on the 24th', 'week_open', stock({ from: nov(16) }), 50],
    ['a weekly first reading not at all by a step from the 27th', 'week_open', stock({ from: nov(27) }), 0],
    // +10 % of 70 orders over the week, all of it after the 16th
    ['a weekly total by the share of the week covered: 7 * 7 / 7', 'week_orders', moreOrders(nov(16)), 7],
    ['a weekly total by the share of the week covered: 7 * 4 / 7', 'week_orders', moreOrders(nov(27)), 4],
  ])('moves %s', (_case, kpiId, driver, expected) => {
    expect(effect(driver, kpiId)).toBeCloseTo(expected, 9);
  });
});
