import type { OrgUnitDef } from '@bsc/twin';
import { aKpi } from '../test-support/scorecard-items.builder';
import { AlertEvaluator } from './alert-evaluator';
import type { AlertEvent, KpiObservation } from './alert.types';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
const units: OrgUnitDef[] = [{ id: 'line1', name: 'Line 1', owner: 'line-lead' }];
const oee = aKpi({ id: 'oee', name: 'OEE', orgUnit: 'line1', updateFrequency: '1h' });

function value(minute: number, v: number): KpiObservation {
  return { kpiId: 'oee', at: T0 + minute * MIN, value: v, status: 'on_target' };
}

const types = (events: AlertEvent[]) => events.map((e) => e.type);

describe('AlertEvaluator rate-of-change windows seeded at a start', () => {
  const evaluator = () =>
    new AlertEvaluator({
      kpis: [oee],
      units,
      rules: [{ id: 'jump', kind: 'rate_of_change', window: '15m', maxDelta: 3 }],
    });

  // judged before the start: 100 at T0, 102 at T0+5; 104 at T0+12 is 4 above the oldest in its 15 min (100): raised
  it('counts the values judged before the start', () => {
    const sut = evaluator();
    sut.seedWindows('oee', [
      { at: T0, value: 100 },
      { at: T0 + 5 * MIN, value: 102 },
    ]);

    expect(types(sut.observe(value(12, 104)))).toEqual(['raise']);
  });

  // the window took 101 at T0+3 before the stored values came back: 97 of T0 goes in front of it, 102 of T0+5 (after
  // it) is left out; 101 at T0+12 is 4 above 97, the oldest in its 15 min: raised
  it('puts the stored values before what the window took since', () => {
    const sut = evaluator();
    sut.observe(value(3, 101));
    sut.seedWindows('oee', [
      { at: T0, value: 97 },
      { at: T0 + 5 * MIN, value: 102 },
    ]);

    expect(types(sut.observe(value(12, 101)))).toEqual(['raise']);
  });

  // 100 at T0 is 20 min before 104 at T0+20: out of the window, which holds 104 alone (a change of 0)
  it('drops a seeded value older than the window', () => {
    const sut = evaluator();
    sut.seedWindows('oee', [{ at: T0, value: 100 }]);

    expect(types(sut.observe(value(20, 104)))).toEqual([]);
  });
});
