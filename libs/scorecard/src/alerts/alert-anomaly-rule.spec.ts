import type { OrgUnitDef } from '@bsc/twin';
import { aKpi } from '../test-support/scorecard-items.builder';
import { AlertEvaluator } from './alert-evaluator';
import { alertRuleIssues } from './alert-rule.validation';
import type { AlertRuleDef, AnomalyKind, KpiObservation } from './alert.types';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
const units: OrgUnitDef[] = [{ id: 'line1', name: 'Line 1', owner: 'line-lead' }];
const oee = aKpi({ id: 'oee', name: 'OEE', orgUnit: 'line1', updateFrequency: '1h' });

function sut(rule: Partial<AlertRuleDef> = {}): AlertEvaluator {
  return new AlertEvaluator({ kpis: [oee], units, rules: [{ id: 'odd', kind: 'anomaly', ...rule } as AlertRuleDef] });
}

/** An observation carrying an input's anomaly score (null: a plain value update). */
function obs(minute: number, score: number | null, kind: AnomalyKind = 'signal'): KpiObservation {
  return {
    kpiId: 'oee',
    at: T0 + minute * MIN,
    value: 97,
    status: 'on_target',
    anomaly: score === null ? null : { kind, signalId: kind === 'signal' ? 'line1.speed' : null, score },
  };
}

describe('anomaly alert rule', () => {
  it('raises on an input scored at or above 0.5 and resolves after 15 min without another', () => {
    const evaluator = sut();
    expect(evaluator.observe(obs(0, 0.3))).toEqual([]); // below the default minScore
    const raised = evaluator.observe(obs(1, 0.5));
    expect(raised.map((e) => e.type)).toEqual(['raise']);
    expect(raised[0].alert.message).toBe('OEE: input line1.speed behaves abnormally (anomaly score 0.50)');
    // a second anomaly 10 min later is the same alert (dedupe) and restarts the hold
    expect(evaluator.observe(obs(11, 0.9))).toEqual([]);
    expect(evaluator.observe(obs(20, null))).toEqual([]); // value updates do not clear it
    expect(evaluator.tick(T0 + 25 * MIN)).toEqual([]); // 14 min after minute 11
    expect(evaluator.tick(T0 + 26 * MIN).map((e) => e.type)).toEqual(['resolve']); // 15 min after minute 11
  });

  it("raises on the KPI's own anomalies, named by kind", () => {
    const interval = sut();
    const [raised] = interval.observe(obs(0, 0.6, 'kpi_interval'));
    expect(raised.alert.message).toBe("OEE: value outside its forecast's 95 % interval (anomaly score 0.60)");
    const change = sut();
    expect(change.observe(obs(0, 0.4, 'kpi_change_point'))).toEqual([]);
    const [shift] = change.observe(obs(1, 0.7, 'kpi_change_point'));
    expect(shift.alert.message).toBe('OEE: level changed (change point) (anomaly score 0.70)');
  });

  it('takes its own minScore and hold', () => {
    const evaluator = sut({ minScore: 0.8, hold: '5m' });
    expect(evaluator.observe(obs(0, 0.7))).toEqual([]);
    expect(evaluator.observe(obs(1, 0.8)).map((e) => e.type)).toEqual(['raise']);
    expect(evaluator.tick(T0 + 6 * MIN).map((e) => e.type)).toEqual(['resolve']);
  });

  it('judged after it was found (read back from storage): raised then, held from its detection', () => {
    const evaluator = sut();
    const found = obs(10, 0.9);
    // found at minute 4, judged at minute 10: raised at 10, resolved at 4 + 15 = 19 (not 10 + 15 = 25)
    const raised = evaluator.observe({ ...found, anomaly: { ...found.anomaly!, detectedAt: T0 + 4 * MIN } });
    expect(raised.map((e) => [e.type, e.at])).toEqual([['raise', T0 + 10 * MIN]]);
    expect(evaluator.tick(T0 + 19 * MIN - 1)).toEqual([]);
    expect(evaluator.tick(T0 + 19 * MIN).map((e) => e.type)).toEqual(['resolve']);
    // one found 15 min or more before it is judged raises nothing
    const late = sut();
    expect(late.observe({ ...found, anomaly: { ...found.anomaly!, detectedAt: T0 - 5 * MIN } })).toEqual([]);
  });

  it('restored after a restart without the time of its last anomaly, holds 15 min from the restore', () => {
    const before = sut();
    before.observe(obs(0, 0.9));
    const evaluator = sut();
    evaluator.restore(before.liveAlerts(), T0 + 5 * MIN); // the anomaly's kind and score are not stored
    expect(evaluator.tick(T0 + 19 * MIN)).toEqual([]); // 14 min after the restore
    const [resolved] = evaluator.tick(T0 + 20 * MIN); // 15 min after it
    expect(resolved).toEqual(expect.objectContaining({ type: 'resolve', reason: 'condition_cleared' }));
    expect(resolved.alert.message).toBe('OEE: input line1.speed behaves abnormally (anomaly score 0.90)');
  });

  describe('restored with the time its rule last counted an anomaly (from the stored anomalies)', () => {
    // raised by the anomaly at minute 1, restored at minute 6: held until minute 1 + 15 = 16, not 6 + 15 = 21 (the
    // restore's hold when the time is not known, above)
    it.each([
      { case: 'the last anomaly', lastAnomaly: 1, heldUntil: 16 },
      { case: 'a later anomaly of the same alert', lastAnomaly: 4, heldUntil: 19 }, // 4 + 15
      // the anomaly that raised it (minute 1) is a lower bound when the store's newest is older (lost at a crash)
      { case: 'its raise, not an older stored anomaly', lastAnomaly: -30, heldUntil: 16 },
    ])('holds from $case', ({ lastAnomaly, heldUntil }) => {
      const before = sut();
      before.observe(obs(1, 0.9));
      const evaluator = sut();
      const [{ dedupKey }] = before.liveAlerts();
      const known = new Map([[dedupKey, T0 + lastAnomaly * MIN]]);

      expect(evaluator.restore(before.liveAlerts(), T0 + 6 * MIN, known)).toEqual([]);

      expect(evaluator.tick(T0 + heldUntil * MIN - 1)).toEqual([]);
      expect(evaluator.tick(T0 + heldUntil * MIN).map((e) => e.type)).toEqual(['resolve']);
    });

    it('names, per restored anomaly alert, the KPI, unit and minScore of what its rule counts', () => {
      const before = new AlertEvaluator({ kpis: [oee], units, rules: [{ id: 'st', kind: 'status_change' }] });
      before.observe({ ...obs(1, null), status: 'off_target' });
      const odd = sut({ minScore: 0.8 });
      odd.observe(obs(1, 0.9));
      const evaluator = new AlertEvaluator({
        kpis: [oee],
        units,
        rules: [
          { id: 'st', kind: 'status_change' },
          { id: 'odd', kind: 'anomaly', minScore: 0.8 },
        ],
      });

      // the status alert holds nothing: only the anomaly alert is looked up
      expect(evaluator.anomalyHoldsToRestore([...before.liveAlerts(), ...odd.liveAlerts()])).toEqual([
        { dedupKey: 'odd|oee|line1', kpiId: 'oee', unitId: 'line1', minScore: 0.8, holdMs: 15 * 60_000 },
      ]);
      // the default minScore when the rule sets none
      expect(sut().anomalyHoldsToRestore(odd.liveAlerts())).toEqual([expect.objectContaining({ minScore: 0.5 })]);
    });
  });

  describe('carried over to a new model version', () => {
    it('keeps the hold of its last anomaly: resolves 15 min after it, not 15 min after the change', () => {
      const before = sut();
      before.observe(obs(1, 0.9)); // held until minute 16
      const evaluator = sut(); // the same rule in the next model version

      expect(evaluator.carryOver(before, T0 + 6 * MIN)).toEqual([]);

      expect(evaluator.tick(T0 + 16 * MIN - 1)).toEqual([]); // 15 min - 1 ms after the anomaly
      // 15 min after minute 1; held from the change it would resolve only at minute 21
      expect(evaluator.tick(T0 + 16 * MIN).map((e) => e.type)).toEqual(['resolve']);
    });

    it('holds from the change when the rule changed with it', () => {
      const before = sut();
      before.observe(obs(1, 0.9));
      const evaluator = sut({ hold: '30m' });

      evaluator.carryOver(before, T0 + 6 * MIN);

      expect(evaluator.tick(T0 + 36 * MIN - 1)).toEqual([]); // 30 min - 1 ms after the change at minute 6
      expect(evaluator.tick(T0 + 36 * MIN).map((e) => e.type)).toEqual(['resolve']);
    });

    it('keeps a manual resolution: raises again only after the condition has cleared once', () => {
      const before = sut();
      const [raise] = before.observe(obs(1, 0.9));
      before.resolve(raise.alert.id, 'line-lead', T0 + 2 * MIN);
      const evaluator = sut();
      evaluator.carryOver(before, T0 + 3 * MIN);

      expect(evaluator.observe(obs(4, 0.9))).toEqual([]); // the condition still holds: no alert
      expect(evaluator.tick(T0 + 19 * MIN).map((e) => e.type)).toEqual([]); // cleared 15 min after minute 4
      expect(evaluator.observe(obs(20, 0.9)).map((e) => e.type)).toEqual(['raise']);
    });
  });

  it('is acknowledged like any other alert', () => {
    const evaluator = sut();
    const [raise] = evaluator.observe(obs(0, 0.95));
    evaluator.acknowledge(raise.alert.id, 'line-lead', T0 + MIN);
    expect(evaluator.liveAlerts()).toEqual([expect.objectContaining({ kind: 'anomaly', status: 'acknowledged' })]);
  });

  it('rejects a minScore outside (0, 1] and a hold that is not a duration', () => {
    const issues = alertRuleIssues([
      { id: 'a', kind: 'anomaly', minScore: 0 },
      { id: 'b', kind: 'anomaly', minScore: 1.5 },
      { id: 'c', kind: 'anomaly', hold: 'soon' },
    ]);
    expect(issues.map((i) => i.path)).toEqual(['rules[0].minScore', 'rules[1].minScore', 'rules[2].hold']);
  });
});
