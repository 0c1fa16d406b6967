import { TwinModelBuilder } from '@bsc/twin';
import { scoredKpi } from '../test-support/scorecard-items.builder';
import { exactEffects, nov, novemberBaseline } from '../test-support/what-if-november.builder';
import type { ScenarioDriver } from './what-if.types';

const DAY_S = 86_400;
const NOV_S = 30 * DAY_S;
// the stock (a gauge) rises from 1000 to 1200 over November: 200 / 30 a day; the meter (a counter) 300 kWh
const STOCK_RATE = 'rate(wh.stock, period)';
const METER_RATE = 'rate(meter, period)';
const model = TwinModelBuilder.model('test-model')
  .unit('acme')
  .signal('wh.stock', { id: 'meter', kind: 'counter' })
  .addKpi(scoredKpi('stock_trend', 'acme', { formula: `${STOCK_RATE} * ${DAY_S}`, aggregation: 'last', target: 0 }))
  .addKpi(scoredKpi('power', 'acme', { formula: `${METER_RATE} * ${DAY_S}`, aggregation: 'last', target: 0 }))
  .build();
const baselines = new Map([
  [
    'stock_trend',
    {
      ...novemberBaseline('stock_trend', 200 / 30, { [STOCK_RATE]: 200 / NOV_S }),
      openings: new Map([['wh.stock', 1000]]),
    },
  ],
  ['power', novemberBaseline('power', 10, { [METER_RATE]: 300 / NOV_S })],
]);
const { effect } = exactEffects(model, baselines);
const on = (id: string, change: ScenarioDriver['change'], value: number, window: Partial<ScenarioDriver> = {}) =>
  ({ kind: 'signal', id, change, value, ...window }) as const;

describe('simulateWhatIf: the rate of a level (a gauge) moves as its change over the window does, per second', () => {
  it.each([
    // closing 1250, opening 1000: 250 over the month, 50 / 30 a day more
    ['a step +50 from mid-period by 50 / 30 a day', on('wh.stock', 'absolute', 50, { from: nov(16) }), 50 / 30],
    // both ends 50 higher
    ['a step +50 all period not at all', on('wh.stock', 'absolute', 50), 0],
    // closing 1320, opening 1000: 120 more over the month
    ['+10 % from mid-period by 120 / 30 a day', on('wh.stock', 'relative', 0.1, { from: nov(16) }), 120 / 30],
    // both ends 10 % up: 20 more over the month
    ['+10 % all period by 20 / 30 a day', on('wh.stock', 'relative', 0.1), 20 / 30],
  ])('moves by %s', (_case, driver, expected) => {
    expect(effect(driver, 'stock_trend')).toBeCloseTo(expected, 9);
  });

  it.each([
    // 10 % more consumption for 15 of 30 days: 10 kWh a day * 0.1 * 0.5
    ['+10 % from mid-period by the share covered: 0.5 a day', on('meter', 'relative', 0.1, { from: nov(16) }), 0.5],
    // the reading shifted adds no consumption
    ['an absolute step not at all', on('meter', 'absolute', 50, { from: nov(16) }), 0],
  ])("keeps a counter's rate its increase per second: %s", (_case, driver, expected) => {
    expect(effect(driver, 'power')).toBeCloseTo(expected, 9);
  });
});
