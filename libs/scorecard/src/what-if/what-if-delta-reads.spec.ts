import { TwinModelBuilder } from '@bsc/twin';
import { scoredKpi } from '../test-support/scorecard-items.builder';
import { nov, novemberBaseline, exactEffects } from '../test-support/what-if-november.builder';
import type { ScenarioDriver } from './what-if.types';

const DAY = 86_400_000;
// November 2026: 30 days

// the stock (a gauge) rises by 200 over November, 1000 to 1200; the meter (a counter) by 300 kWh
const model = TwinModelBuilder.model('test-model')
  .unit('acme')
  .signal('wh.stock', { id: 'meter', kind: 'counter' })
  .addKpi(scoredKpi('stock_change', 'acme', { formula: 'delta(wh.stock, period)', aggregation: 'last', target: 0 }))
  .addKpi(scoredKpi('week_change', 'acme', { formula: 'delta(wh.stock, 1w)', aggregation: 'last', target: 0 }))
  .addKpi(scoredKpi('energy', 'acme', { formula: 'delta(meter, period)', aggregation: 'last', target: 0 }))
  .build();
const base = (kpiId: string, read: string, expected: number) => novemberBaseline(kpiId, expected, { [read]: expected });
const baselines = new Map([
  ['stock_change', base('stock_change', 'delta(wh.stock, period)', 200)],
  ['week_change', base('week_change', 'delta(wh.stock, 1w)', 70)],
  ['energy', base('energy', 'delta(meter, period)', 300)],
]);
const { run, effect } = exactEffects(model, baselines);
const stock = (change: ScenarioDriver['change'], value: number, window: Partial<ScenarioDriver> = {}) =>
  ({ kind: 'signal', id: 'wh.stock', change, value, ...window }) as const;

describe('simulateWhatIf: a level change over a window (delta of a gauge) moves by the driver at its end less at its start', () => {
  it.each([
    // closing level 1200 + 50, opening 1000: +50
    ['by a step +50 from mid-period: 50', 'stock_change', stock('absolute', 50, { from: nov(16) }), 50],
    // both ends 50 higher
    ['not at all by a step in force all period', 'stock_change', stock('absolute', 50), 0],
    ['not at all by a step from the period start', 'stock_change', stock('absolute', 50, { from: nov(1) }), 0],
    // 15 of its 20 days reached at the end, nothing at the start
    [
      'by the reached share of a ramp at the end: 50 * 15 / 20',
      'stock_change',
      stock('absolute', 50, { from: nov(16), rampMs: 20 * DAY }),
      37.5,
    ],
    // opening 1050, closing 1200
    [
      'down by a step in force at the start, ended mid-period: -50',
      'stock_change',
      stock('absolute', 50, { from: nov(1), until: nov(16) }),
      -50,
    ],
    // over 24 to 30 Nov: a step from the 16th is in force at both ends, one from the 27th at the end only
    [
      'over a sliding week not at all by a step in force at both its ends',
      'week_change',
      stock('absolute', 50, { from: nov(16) }),
      0,
    ],
    ['over a sliding week by a step inside it: 50', 'week_change', stock('absolute', 50, { from: nov(27) }), 50],
    // 1000 * 1.1 to 1200 * 1.1: (1 + 10 %) * 200
    ['by 10 % of the change for +10 % all period: 20', 'stock_change', stock('relative', 0.1), 20],
    // the level set flat at 900 at both ends: no change left
    ['to nothing by a level set all period: -200', 'stock_change', stock('set', 900), -200],
  ])('moves %s', (_case, kpiId, driver, expected) => {
    expect(effect(driver, kpiId)).toBeCloseTo(expected, 9);
  });

  it('leaves out the jump in the level of a relative driver from mid-period where the opening is not at hand', () => {
    // truly 1200 * 1.1 - 1000 = +120; without the opening reading the terms carry the change (200), not the level
    // at the end (1200): only the part in force at both ends scales the change, here none of it
    expect(effect(stock('relative', 0.1, { from: nov(16) }), 'stock_change')).toBeCloseTo(0, 9);
  });

  it('scales a steady change in full: at full size the +50 step moves neither end apart', () => {
    expect(run(stock('absolute', 50, { from: nov(16) }), 'stock_change')!.steadyStateEffect.mean).toBeCloseTo(0, 9);
  });

  it("keeps a counter's increase a total: +10 % for half the month scales it by the share covered", () => {
    // 300 kWh, 10 % more for 15 of 30 days: +15; an absolute change of the reading adds no consumption
    expect(
      effect({ kind: 'signal', id: 'meter', change: 'relative', value: 0.1, from: nov(16) }, 'energy'),
    ).toBeCloseTo(15, 9);
    expect(effect({ kind: 'signal', id: 'meter', change: 'absolute', value: 50, from: nov(16) }, 'energy')).toBe(0);
  });
});

describe('simulateWhatIf: with the opening reading at hand, a level change over the period moves each end by its level', () => {
  // the stock opened November at 1000 and closes at 1000 + 200 = 1200
  const opened = new Map([...baselines].map(([id, b]) => [id, { ...b, openings: new Map([['wh.stock', 1000]]) }]));
  const sut = exactEffects(model, opened);

  it.each([
    // closing 1200 * 1.1 = 1320, opening 1000: change 320, +120
    ['+10 % from mid-period by 10 % of the closing level: 120', stock('relative', 0.1, { from: nov(16) }), 120],
    // 15 of 20 ramp days reached at the close: 1200 * 0.1 * 0.75
    ['+10 % ramped over 20 days from the 16th: 90', stock('relative', 0.1, { from: nov(16), rampMs: 20 * DAY }), 90],
    // both ends 10 % up: 0.1 * (1200 - 1000), as without the opening
    ['+10 % all period by 10 % of the change: 20', stock('relative', 0.1), 20],
    // opening 1100, closing 1200: change 100, -100
    ['+10 % ended mid-period: -100', stock('relative', 0.1, { from: nov(1), until: nov(16) }), -100],
    // closing set to 900, opening 1000: change -100, -300
    ['a level set to 900 from mid-period: -300', stock('set', 900, { from: nov(16) }), -300],
    // the sliding week's opening is not the period's: as without it
    ['+10 % all period over a sliding week by 10 % of its change: 7', stock('relative', 0.1), 7, 'week_change'],
  ])('moves %s', (_case, driver, expected, kpiId = 'stock_change') => {
    expect(sut.effect(driver, kpiId)).toBeCloseTo(expected, 9);
  });
});
