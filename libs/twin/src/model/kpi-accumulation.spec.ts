import { kpiAccumulation, targetPhasingOf } from './kpi-accumulation';
import type { KpiDef } from './twin-model.types';

const kpi = (aggregation: KpiDef['aggregation'], formula?: string, extra: Partial<KpiDef> = {}): KpiDef =>
  ({ id: 'k', direction: 'higher_is_better', aggregation, formula, ...extra }) as KpiDef;

describe(kpiAccumulation.name, () => {
  it.each([
    ['declared sum', kpi('sum', 'sum(erp.order_value, period)'), 'cumulative'],
    ['declared count', kpi('count', 'count(erp.orders, period)'), 'cumulative'],
    ['declared avg', kpi('avg', 'avg(line1.availability, period)'), 'level'],
    [
      'one period sum over a headcount',
      kpi('last', 'safediv(sum(hr.training_hours, period), last(hr.headcount))'),
      'cumulative',
    ],
    [
      'leavers over average headcount',
      kpi('last', 'safediv(sum(hr.leavers, period), avg(hr.headcount, period)) * 100'),
      'cumulative',
    ],
    [
      'a ratio of period sums',
      kpi('last', 'safediv(sum(erp.orders_on_time, period), sum(erp.orders_shipped, period)) * 100'),
      'level',
    ],
    // a counter's increase and a gauge's change alike add up over the period's parts: a stock at 1000 on the 1st,
    // 1100 on the 15th and 1250 on the 30th changes by 100 + 150 = 250, so its change to date grows like a total
    ["a counter's increase over the period", kpi('last', 'delta(meter, period)'), 'cumulative'],
    ["a level's change over the period", kpi('last', 'delta(wh.stock, period)'), 'cumulative'],
    // a rate is that change per second: a level
    ["a level's rate over the period", kpi('last', 'rate(wh.stock, period)'), 'level'],
    ['a sliding window', kpi('last', 'safediv(last(erp.inventory), sum(erp.cogs, 30d))'), 'level'],
    ['a snapshot', kpi('last', 'erp.inventory_value / 1000'), 'level'],
    ['a manual KPI', kpi('last'), 'level'],
  ] as const)('%s → %s', (_name, def, expected) => {
    expect(kpiAccumulation(def)).toBe(expected);
  });
});

describe(targetPhasingOf.name, () => {
  it.each([
    ['cumulative: to date over calendar time', kpi('sum', 'sum(x, period)'), { mode: 'calendar' }],
    ['level: the full target', kpi('avg', 'avg(x, period)'), { mode: 'none' }],
    ['band: never phased', kpi('sum', 'sum(x, period)', { direction: 'band' }), { mode: 'none' }],
    ['declared wins', kpi('avg', 'avg(x, period)', { phasing: { mode: 'working_days' } }), { mode: 'working_days' }],
  ] as const)('%s', (_name, def, expected) => {
    expect(targetPhasingOf(def)).toEqual(expected);
  });
});
