import type { OrgUnitDef } from '@bsc/twin';
import { aKpi } from '../test-support/scorecard-items.builder';
import { AlertEvaluator } from './alert-evaluator';
import type { AlertEvent, AlertRuleDef, KpiObservation } from './alert.types';

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

describe('AlertEvaluator rate-of-change windows across a model change', () => {
  const version = (...rules: AlertRuleDef[]) => new AlertEvaluator({ kpis: [oee], units, rules });
  const jump: AlertRuleDef = { id: 'jump', kind: 'rate_of_change', window: '15m', maxDelta: 3 };

  // 96 at T0, version 2 at T0+5 with the same rule: at T0+10 the 96 is 10 min old, inside 15 min, |91 − 96| = 5 > 3,
  // raised; at T0+20 it is 20 min old, out of the window, which holds 91 alone (a change of 0)
  it.each([
    { at: 10, raised: ['raise'] },
    { at: 20, raised: [] },
  ])('carries an unchanged rule’s window over (91 at T0+$at min)', ({ at, raised }) => {
    const before = version(jump);
    before.observe(value(0, 96));
    const sut = version(jump);
    sut.carryOver(before, T0 + 5 * MIN);

    expect(types(sut.observe(value(at, 91)))).toEqual(raised);
  });

  // the window grows to 30 min: seeded as at a start with what the 15 min one held (96 at T0), 91 at T0+20 is 5 below
  // a value 20 min old, inside 30 min: raised
  it('seeds a rule whose window changed with what the previous version held', () => {
    const before = version(jump);
    before.observe(value(0, 96));
    const sut = version({ ...jump, window: '30m' });
    sut.carryOver(before, T0 + 5 * MIN);

    expect(types(sut.observe(value(20, 91)))).toEqual(['raise']);
  });

  // two rules on OEE, 5 min and 60 min; version 2 adds a 30 min one. The 60 min window holds 96 (T0) and 94 (T0+10),
  // the 5 min one 94 alone: the new window starts from 96 and 94, so 91 at T0+25 is 5 below 96 (25 min old): raised
  it('seeds a new rule with every value the previous version’s windows held for its KPI', () => {
    const fast: AlertRuleDef = { id: 'fast', kind: 'rate_of_change', window: '5m', maxDelta: 50 };
    const slow: AlertRuleDef = { id: 'slow', kind: 'rate_of_change', window: '60m', maxDelta: 50 };
    const before = version(fast, slow);
    before.observe(value(0, 96));
    before.observe(value(10, 94));
    const sut = version(fast, slow, { ...jump, window: '30m' });
    sut.carryOver(before, T0 + 12 * MIN);

    expect(sut.observe(value(25, 91)).map((e) => [e.type, e.alert.rule])).toEqual([['raise', 'jump']]);
  });
});
