import type { AlertRuleDef } from '@bsc/scorecard';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel, anInputSpike } from './testing/alert-test-model';
import { aWorkerAnomaly, raisedAndResolvedByHand } from './testing/stored-alert-history';
import { WonElection } from './testing/won-election';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
/** hold 15 min (the rule's default), minScore 0.5. */
const ANOMALY: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }];

/*
 * Stored before the start: anomalies of quality's input at T0, T0+10 and T0+20 min; the alert raised at T0 was
 * resolved by hand at T0+2. The runtime that resolved it waited for the condition to clear: held until T0+15 (the
 * T0 anomaly), T0+10 came within it (10 − 0 < 15: held until T0+25), T0+20 too (20 − 10 < 15: held until T0+35). A
 * start at T0+28 waits until T0+35 as it would have: an anomaly at T0+34 raises nothing (a tick at T0+33.5 finds
 * 13.5 < 15 min since T0+20), one at T0+36 raises (the tick at T0+35.5 found 15.5 ≥ 15: the condition cleared).
 * Read back only from the resolution (T0+2 + 15), the wait ended at T0+17: T0+34 raised; scaled out, the T0+20
 * anomaly itself, read at the start as one no evaluation heard, raised at T0+28.
 */
describe('alert runtime: the wait after a manual resolution, prolonged by anomalies, across a start', () => {
  const rigs = alertRuntimeRigs();

  async function startAt(mode: 'restart' | 'takeover', at: number): Promise<AlertRuntimeRig> {
    const election = mode === 'takeover' ? new WonElection() : undefined;
    const rig = await rigs.start(alertTestModel(), ANOMALY, T0 - MIN, {
      ...(election && { scaleOut: 'intake' as const, singletons: election }),
    });
    await rig.kpiValues.appendRevisions([aKpiValue(96, T0 - MIN)], 1, T0 - MIN);
    await rig.anomalies.record([aWorkerAnomaly(T0), aWorkerAnomaly(T0 + 10 * MIN), aWorkerAnomaly(T0 + 20 * MIN)]);
    await raisedAndResolvedByHand(rig, T0, T0 + 2 * MIN);
    rig.clock.current = at;
    if (election) {
      rig.sut.onApplicationBootstrap();
      await election.started;
    } else await rig.restart();
    await rig.sut.whenIdle();
    return rig;
  }

  /** An anomaly of quality's input at `at`: a spike in its samples, or a KPI worker's announcement when scaled out. */
  async function anomalyAt(rig: AlertRuntimeRig, mode: 'restart' | 'takeover', at: number): Promise<void> {
    rig.clock.current = at;
    if (mode === 'restart') rig.bus.publish('samples.ingested', { samples: anInputSpike(at) });
    else {
      const { detectedAt: _detected, unitId: _unit, ...announced } = aWorkerAnomaly(at);
      rig.bus.publish('anomalies.detected', { anomalies: [announced], at });
    }
    await rig.sut.whenIdle();
  }

  it.each([
    { mode: 'restart', probe: 34, raised: [] },
    { mode: 'restart', probe: 36, raised: [T0 + 36 * MIN] },
    { mode: 'takeover', probe: 34, raised: [] },
    { mode: 'takeover', probe: 36, raised: [T0 + 36 * MIN] },
  ] as const)(
    'waits as the runtime that resolved it would have ($mode, an anomaly at T0+$probe min)',
    async ({ mode, probe, raised }) => {
      const rig = await startAt(mode, T0 + 28 * MIN);
      await rig.sut.tick(T0 + 28 * MIN);
      await rig.sut.tick(T0 + probe * MIN - 30_000);
      await anomalyAt(rig, mode, T0 + probe * MIN);

      expect(rig.raised.map((r) => r.at)).toEqual(raised);
    },
  );
});
