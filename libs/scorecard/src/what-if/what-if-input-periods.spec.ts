import { TwinModelBuilder } from '@bsc/twin';
import { scoredKpi } from '../test-support/scorecard-items.builder';
import { exactEffects, nov, novemberBaseline } from '../test-support/what-if-november.builder';
import type { KpiBaseline, ScenarioDriver } from './what-if.types';

// today 10 November 2026; a daily KPI of orders (100 a day) and a monthly one reading it: the month's value is the
// day's value of 30 November, the day its period ends in
const model = TwinModelBuilder.model('test-model')
  .unit('acme')
  .addKpi(
    scoredKpi('daily_orders', 'acme', {
      formula: 'sum(erp.orders, period)',
      period: 'day',
      aggregation: 'sum',
      target: 100,
    }),
  )
  .addKpi(scoredKpi('closing_day', 'acme', { formula: 'daily_orders', aggregation: 'last', target: 100 }))
  .addKpi(scoredKpi('closing_day_doubled', 'acme', { formula: 'closing_day * 2', aggregation: 'last', target: 200 }))
  .build();
const today: KpiBaseline = {
  kpiId: 'daily_orders',
  period: { key: '2026-11-10', start: nov(10), end: nov(11) },
  expected: 100,
  sd: 0,
  terms: new Map([['sum(erp.orders, period)', 100]]),
};
const baselines = new Map([
  ['daily_orders', today],
  ['closing_day', novemberBaseline('closing_day', 100, { daily_orders: 100 })],
  ['closing_day_doubled', novemberBaseline('closing_day_doubled', 200, { closing_day: 100 })],
]);
const { effect } = exactEffects(model, baselines);
const orders = (over: Partial<ScenarioDriver>): ScenarioDriver => ({
  kind: 'signal',
  id: 'erp.orders',
  change: 'relative',
  value: 0.1,
  ...over,
});

const dailyUp20: ScenarioDriver = { kind: 'kpi', id: 'daily_orders', change: 'absolute', value: 20, from: nov(16) };

describe('simulateWhatIf: a KPI read by one of a longer period moves as it stands at that period end', () => {
  it.each([
    // 30 November's 100 orders +10 %; today's not at all
    ['+10 % orders from the 16th: 30 Nov +10', orders({ from: nov(16) }), 0, 10],
    ['+10 % orders from today: today +10 and 30 Nov +10', orders({ from: nov(10) }), 10, 10],
    ['+10 % orders until the 20th: 30 Nov not at all', orders({ from: nov(16), until: nov(20) }), 0, 0],
    ['+10 % orders from today until the 20th: today +10, 30 Nov not at all', orders({ until: nov(20) }), 10, 0],
    // ramp from 27 Nov over 8 days: 3/8 reached as 30 Nov starts, 4/8 as it ends, 3.5/8 on average: 100 * 10 % * 0.4375
    ['a ramp from the 27th over 8 days: 30 Nov +4.375', orders({ from: nov(27), rampMs: 8 * 86_400_000 }), 0, 4.375],
    // a driver on the daily KPI's own level, a sum: all of 30 Nov covered
    ['+20 on the daily KPI from the 16th: 30 Nov +20', dailyUp20, 0, 20],
  ])('%s', (_case, driver, onToday, onMonth) => {
    expect(effect(driver, 'daily_orders')).toBeCloseTo(onToday, 9);
    expect(effect(driver, 'closing_day')).toBeCloseTo(onMonth, 9);
    // a KPI of the same period reads the monthly one's own change: twice it
    expect(effect(driver, 'closing_day_doubled')).toBeCloseTo(2 * onMonth, 9);
  });
});
