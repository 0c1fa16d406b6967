import type { AlertRuleDef } from '@bsc/scorecard';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel } from './testing/alert-test-model';
import { aWorkerAnomaly, raisedAndResolvedByHand } from './testing/stored-alert-history';
import { WonElection } from './testing/won-election';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
/** hold 15 min (the rule's default), minScore 0.5. */
const ANOMALY: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }];

/**
 * Scaled out (an intake: the KPI workers watch the signals), the elected evaluation starts at `startAt` on what is
 * stored: quality's value (96, judged before) and what `store` adds. No evaluation ran before it.
 */
describe('AlertRuntimeService scaled out, starting after worker anomalies it did not hear', () => {
  const rigs = alertRuntimeRigs();

  async function startAt(startAt: number, store: (rig: AlertRuntimeRig) => Promise<void>): Promise<AlertRuntimeRig> {
    const election = new WonElection();
    const rig = await rigs.start(alertTestModel(), ANOMALY, T0, { scaleOut: 'intake', singletons: election });
    await rig.kpiValues.appendRevisions([aKpiValue(96, T0 - MIN)], 1, T0 - MIN);
    await store(rig);
    rig.clock.current = startAt;
    rig.sut.onApplicationBootstrap();
    await election.started;
    await rig.sut.whenIdle();
    return rig;
  }

  it('raises the anomaly rule from a stored one within its hold, held from its detection', async () => {
    // detected at T0, start at T0 + 5 min: 5 min < the 15 min hold, so the alert is open now, as it would be had an
    // evaluation heard it; its hold ends at T0 + 15 min (from the detection), not T0 + 20 min (from the start)
    const rig = await startAt(T0 + 5 * MIN, (r) => r.anomalies.record([aWorkerAnomaly(T0)]).then(() => undefined));
    expect(rig.raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd' })]);

    await rig.sut.tick(T0 + 15 * MIN - 1);
    const held = [...rig.resolved];
    await rig.sut.tick(T0 + 15 * MIN);
    expect(held).toEqual([]);
    expect(rig.resolved).toEqual([expect.objectContaining({ alertId: rig.raised[0].alertId })]);
  });

  it('raises nothing from one whose hold ended before the start, nor from one below minScore', async () => {
    // T0 + 15 min - T0 = the hold: its alert would be resolved by now; 0.4 < minScore 0.5 counts for no rule
    const rig = await startAt(T0 + 15 * MIN, (r) =>
      r.anomalies.record([aWorkerAnomaly(T0), aWorkerAnomaly(T0 + 10 * MIN, 0.4)]).then(() => undefined),
    );
    expect(rig.raised).toEqual([]);
  });

  it('does not raise again what an earlier evaluation judged: only anomalies detected after its last alert ended', async () => {
    // T0: anomaly, alert raised (an earlier evaluation heard it); T0 + 2 min: resolved by hand. At the start
    // (T0 + 5 min) the T0 anomaly is within its hold but was judged: nothing.
    const rig = await startAt(T0 + 5 * MIN, async (r) => {
      await r.anomalies.record([aWorkerAnomaly(T0)]);
      await raisedAndResolvedByHand(r, T0, T0 + 2 * MIN);
    });
    expect(rig.raised).toEqual([]);
  });

  it('holds back one after a manual resolution while the resolved condition still held, as a running one would', async () => {
    // T0: anomaly, alert raised; T0 + 2 min: resolved by hand while held (until T0 + 15). The one at T0 + 3 min came
    // within that hold: an evaluation hearing it would have kept waiting (condition held until T0 + 3 + 15 = T0 + 18
    // min), so the start at T0 + 5 min raises nothing; the tick at T0 + 18 min clears the condition, and an anomaly
    // announced at T0 + 19 min raises.
    const rig = await startAt(T0 + 5 * MIN, async (r) => {
      await r.anomalies.record([aWorkerAnomaly(T0), aWorkerAnomaly(T0 + 3 * MIN)]);
      await raisedAndResolvedByHand(r, T0, T0 + 2 * MIN);
    });
    expect(rig.raised).toEqual([]);

    await rig.sut.tick(T0 + 18 * MIN);
    rig.clock.current = T0 + 19 * MIN;
    const { detectedAt: _detected, unitId: _unit, ...announced } = aWorkerAnomaly(T0 + 19 * MIN);
    rig.bus.publish('anomalies.detected', { anomalies: [announced], at: T0 + 19 * MIN });
    await rig.sut.whenIdle();
    expect(rig.raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd', at: T0 + 19 * MIN })]);
  });
});
