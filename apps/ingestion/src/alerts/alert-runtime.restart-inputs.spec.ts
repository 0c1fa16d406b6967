import type { BscEventMap } from '@bsc/events';
import type { AlertRuleDef } from '@bsc/scorecard';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel, anInputSpike } from './testing/alert-test-model';
import { WonElection } from './testing/won-election';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
const RULES: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }];

/** The spike's anomaly at `ts` as a KPI worker announces it (score 0.9, above the rule's minScore 0.5). */
const workerAnomaly = (ts: number): BscEventMap['anomalies.detected'] => ({
  anomalies: [
    {
      kind: 'signal',
      kpiId: 'quality',
      signalId: 'line1.good',
      ts,
      score: 0.9,
      value: 50,
      expected: null,
      lower: null,
      upper: null,
      periodKey: null,
    },
  ],
  at: ts,
});

// an anomaly rule on a KPI hears its inputs' anomalies with the KPI's latest state; after a restart (or a takeover)
// that state is the KPI's newest stored value until the next one arrives
describe("AlertRuntimeService inputs' anomalies after a restart", () => {
  const rigs = alertRuntimeRigs();
  let rig: AlertRuntimeRig | undefined;

  it("raises an input's anomaly that arrives after a restart and before the KPI's next value", async () => {
    rig = await rigs.start(alertTestModel(), RULES, T0);
    // T0: the KPI feed publishes and stores 96 (on target); nothing is anomalous yet
    const value = aKpiValue(96, T0);
    await rig.kpiValues.appendRevisions([value], 1, T0);
    rig.bus.publish('kpi.updated', { value, modelVersion: 1 });
    await rig.sut.whenIdle();
    // T0 + 5 min: restart; T0 + 6 min: the input spikes, the KPI's next value is still to come
    rig.clock.current = T0 + 5 * MIN;
    await rig.restart();
    rig.clock.current = T0 + 6 * MIN;
    rig.bus.publish('samples.ingested', { samples: anInputSpike(T0 + 6 * MIN) });
    await rig.sut.whenIdle();

    // as without the restart: raised at T0 + 6 min, held 15 min from it, so resolved at T0 + 21 min
    expect(rig.raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd', at: T0 + 6 * MIN })]);
    await rig.sut.tick(T0 + 21 * MIN - 1);
    expect(rig.resolved).toEqual([]);
    await rig.sut.tick(T0 + 21 * MIN);
    expect(rig.resolved).toEqual([expect.objectContaining({ alertId: rig.raised[0].alertId, at: T0 + 21 * MIN })]);
  });

  it("raises a worker's anomaly that arrives after a takeover and before the KPI's next value", async () => {
    const election = new WonElection();
    rig = await rigs.start(alertTestModel(), RULES, T0, { scaleOut: 'intake', singletons: election });
    // T0: 96 stored by the KPI worker while another replica held the evaluation
    await rig.kpiValues.appendRevisions([aKpiValue(96, T0)], 1, T0);
    // T0 + 5 min: that replica died, this one wins; T0 + 6 min: a worker announces an input's anomaly
    rig.clock.current = T0 + 5 * MIN;
    rig.sut.onApplicationBootstrap();
    await election.started;
    rig.clock.current = T0 + 6 * MIN;
    rig.bus.deliver('anomalies.detected', workerAnomaly(T0 + 6 * MIN), 'remote');
    await rig.sut.whenIdle();

    expect(rig.raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd', at: T0 + 6 * MIN })]);
  });
});
