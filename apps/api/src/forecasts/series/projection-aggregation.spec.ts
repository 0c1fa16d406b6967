import type { KpiDef } from '@bsc/twin';
import { projectionAggregation } from './projection-aggregation';

const kpi = (aggregation: KpiDef['aggregation'], formula?: string): KpiDef =>
  ({ id: 'k', aggregation, formula }) as KpiDef;

describe(projectionAggregation.name, () => {
  it.each([
    ['declared sum', kpi('sum', 'sum(erp.order_value, period)'), 'sum'],
    ['declared avg', kpi('avg', 'avg(line1.availability, period)'), 'avg'],
    [
      'one period sum over a headcount',
      kpi('last', 'safediv(sum(hr.training_hours, period), last(hr.headcount))'),
      'sum',
    ],
    [
      'leavers over average headcount (cumulative)',
      kpi('last', 'safediv(sum(hr.leavers, period), avg(hr.headcount, period)) * 100'),
      'sum',
    ],
    [
      'a ratio of period sums',
      kpi('last', 'safediv(sum(erp.orders_on_time, period), sum(erp.orders_shipped, period)) * 100'),
      'avg',
    ],
    ['a period average inside a last-type formula', kpi('last', 'avg(line1.quality, period) * 2'), 'avg'],
    ['a period max', kpi('last', 'max(line2.oven_temp, period)'), 'max'],
    ['a period min over a positive constant', kpi('last', 'min(line2.oven_temp, period) / 10'), 'min'],
    ['a period max shifted', kpi('last', '2 * max(line2.oven_temp, period) + 5'), 'max'],
    ['a negative scale swaps max for min', kpi('last', 'max(line2.oven_temp, period) * -2'), 'min'],
    ['a negated min is a max', kpi('last', '100 - min(line2.oven_temp, period)'), 'max'],
    ['a max over a level is no extreme', kpi('last', 'max(line2.oven_temp, period) / last(line2.speed)'), 'avg'],
    ['a snapshot', kpi('last', 'erp.inventory_value / 1000'), 'last'],
    ['a manual KPI', kpi('last'), 'last'],
  ] as const)('%s → %s', (_name, def, expected) => {
    expect(projectionAggregation(def)).toBe(expected);
  });
});
