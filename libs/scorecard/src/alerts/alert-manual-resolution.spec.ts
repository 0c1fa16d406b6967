import type { KpiDef, OrgUnitDef } from '@bsc/twin';
import { scoreKpi } from '../scoring/kpi-scorer';
import { aKpi } from '../test-support/scorecard-items.builder';
import { AlertEvaluator } from './alert-evaluator';
import type { AlertEvent, AlertRuleDef, KpiObservation, StoredAlert } from './alert.types';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
const units: OrgUnitDef[] = [{ id: 'line1', name: 'Line 1', owner: 'line-lead' }];
// target 100, off target below 90
const oee = aKpi({ id: 'oee', name: 'OEE', orgUnit: 'line1', updateFrequency: '1h' });
const status: AlertRuleDef[] = [{ id: 'status', kind: 'status_change' }];
const anomaly: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }]; // hold 15 min

function evaluator(rules: AlertRuleDef[]): AlertEvaluator {
  return new AlertEvaluator({ kpis: [oee], units, rules });
}

function value(kpi: KpiDef, minute: number, v: number): KpiObservation {
  const scoring = scoreKpi(kpi, v, { periodKey: '2026-11', now: T0 + minute * MIN });
  return { kpiId: kpi.id, at: T0 + minute * MIN, value: v, status: scoring.status, target: scoring.target };
}

function types(events: AlertEvent[]): string[] {
  return events.map((e) => e.type);
}

/** The stored row of an alert raised at T0 and resolved at `minute` by `by` (null: the condition cleared). */
function resolvedRow(dedupKey: string, minute: number, by: string | null): StoredAlert {
  return {
    id: 'a-1',
    dedupKey,
    status: 'resolved',
    severity: 'critical',
    message: 'OEE is off target',
    raisedAt: T0,
    escalationLevel: 0,
    resolvedAt: T0 + minute * MIN,
    resolvedBy: by,
  };
}

describe('a manual resolution across a restart', () => {
  // OEE off target (85 < 90) since T0: alert raised at T0, resolved by hand at T0+5 while still off target, restart at
  // T0+6. Still 85 at T0+7: the user's "resolved" stands (the same ongoing condition). 100 at T0+8 clears it; 85 at
  // T0+9 is a new episode: a new alert.
  it('keeps waiting for the condition to clear before raising again', () => {
    const sut = evaluator(status);

    sut.restore([resolvedRow('status|oee|line1', 5, 'line-lead')], T0 + 6 * MIN);

    expect(types(sut.observe(value(oee, 7, 85)))).toEqual([]);
    expect(types(sut.observe(value(oee, 8, 100)))).toEqual([]);
    expect(types(sut.observe(value(oee, 9, 85)))).toEqual(['raise']);
  });

  it('waits the same when the condition is first seen clear after the restart', () => {
    const sut = evaluator(status);

    sut.restore([resolvedRow('status|oee|line1', 5, 'line-lead')], T0 + 6 * MIN);

    // 100 at T0+7 clears the wait; 85 at T0+8 raises
    expect(types(sut.observe(value(oee, 7, 100)))).toEqual([]);
    expect(types(sut.observe(value(oee, 8, 85)))).toEqual(['raise']);
  });

  it('does not wait after an automatic resolution (the condition had cleared then)', () => {
    const sut = evaluator(status);

    sut.restore([resolvedRow('status|oee|line1', 5, null)], T0 + 6 * MIN);

    expect(types(sut.observe(value(oee, 7, 85)))).toEqual(['raise']);
  });

  it('re-attaches a newer live alert of the same condition rather than waiting', () => {
    const sut = evaluator(status);
    const live: StoredAlert = { ...resolvedRow('status|oee|line1', 0, null), id: 'a-2', status: 'open' };
    live.resolvedAt = null;

    sut.restore([resolvedRow('status|oee|line1', 5, 'line-lead'), live], T0 + 6 * MIN);

    expect(sut.liveAlerts().map((a) => a.id)).toEqual(['a-2']);
    // 100 at T0+7 clears it: the live alert resolves
    expect(types(sut.observe(value(oee, 7, 100)))).toEqual(['resolve']);
  });

  // anomaly at T0 raised it; resolved by hand at T0+5, restart at T0+6: its last anomaly came no later than the
  // resolution, so the condition holds at most until T0+5+15 = T0+20; an anomaly before then raises nothing, the
  // wait ends when the hold runs out without another, and one after that raises.
  it('holds an anomaly condition from its resolution, at most its hold', () => {
    const sut = evaluator(anomaly);
    const odd = (minute: number): KpiObservation => ({
      kpiId: 'oee',
      at: T0 + minute * MIN,
      value: 97,
      status: 'on_target',
      anomaly: { kind: 'signal', signalId: 'line1.speed', score: 0.9 },
    });

    sut.restore([resolvedRow('odd|oee|line1', 5, 'line-lead')], T0 + 6 * MIN);

    expect(types(sut.observe(odd(7)))).toEqual([]); // held until 7 + 15 = 22
    expect(types(sut.tick(T0 + 22 * MIN - 1))).toEqual([]);
    expect(types(sut.tick(T0 + 22 * MIN))).toEqual([]); // cleared: the wait is over
    expect(types(sut.observe(odd(23)))).toEqual(['raise']);
  });

  // resolved by hand at T0+5: held until T0+5+15 = T0+20 at the latest. Judged at a start at T0+25 from storage: an
  // anomaly detected at T0+18 came within that hold (held on, nothing raised); one detected at T0+22 came after the
  // condition had cleared at T0+20, so it is a new episode and raises.
  it.each([
    { detected: 18, raised: [] },
    { detected: 22, raised: ['raise'] },
  ])('judges a stored anomaly detected at T0+$detected by whether the wait had ended then', ({ detected, raised }) => {
    const sut = evaluator(anomaly);

    sut.restore([resolvedRow('odd|oee|line1', 5, 'line-lead')], T0 + 25 * MIN);

    const found = { kind: 'signal' as const, signalId: null, score: 0.9, detectedAt: T0 + detected * MIN };
    expect(types(sut.observe({ ...value(oee, 25, 97), anomaly: found }))).toEqual(raised);
  });

  // resolved by hand at T0+5, restart at T0+30; anomalies counted after the resolution, detected at:
  // - T0+12 (7 < 15 min after it: held until 27) and T0+24 (12 < 15 after T0+12: held until 24 + 15 = 39);
  // - T0+12 and T0+28 (16 ≥ 15 after T0+12: the wait had ended at 27, the condition was seen clear before it).
  it.each([
    { counted: [12, 24], probe: 38, raised: [] }, // the tick at 38 finds 14 < 15 min since T0+24
    { counted: [12, 24], probe: 40, raised: ['raise'] }, // the tick at 40 finds 16: cleared
    { counted: [12, 28], probe: 30, raised: ['raise'] }, // cleared at 27, before the start
  ])(
    'prolongs the wait by the anomalies counted after the resolution ($counted, one at T0+$probe)',
    ({ counted, probe, raised }) => {
      const sut = evaluator(anomaly);
      const since = new Map([['odd|oee|line1', counted.map((m) => T0 + m * MIN)]]);

      sut.restore([resolvedRow('odd|oee|line1', 5, 'line-lead')], T0 + 30 * MIN, new Map(), since);

      expect(types(sut.tick(T0 + probe * MIN))).toEqual([]);
      const odd = { kind: 'signal' as const, signalId: null, score: 0.9 };
      expect(types(sut.observe({ ...value(oee, probe, 97), anomaly: odd }))).toEqual(raised);
    },
  );

  it('ends the wait of an anomaly condition with no further anomaly at resolution + hold', () => {
    const sut = evaluator(anomaly);

    sut.restore([resolvedRow('odd|oee|line1', 5, 'line-lead')], T0 + 6 * MIN);

    expect(types(sut.tick(T0 + 20 * MIN))).toEqual([]); // 5 + 15: cleared
    expect(
      types(sut.observe({ ...value(oee, 21, 97), anomaly: { kind: 'signal', signalId: null, score: 0.9 } })),
    ).toEqual(['raise']);
  });
});
