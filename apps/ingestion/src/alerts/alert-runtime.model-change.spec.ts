import type { AlertRuleDef } from '@bsc/scorecard';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel, anInputSpike } from './testing/alert-test-model';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;

// a new model version replaces the runtime's per-KPI state; what it knew of each KPI still in the model carries over
describe('AlertRuntimeService across a model change', () => {
  const rigs = alertRuntimeRigs();
  let rig: AlertRuntimeRig | undefined;

  it("raises an input's anomaly that arrives after a new version and before the KPI's next value", async () => {
    const rules: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }];
    rig = await rigs.start(alertTestModel(), rules, T0);
    rig.bus.publish('kpi.updated', { value: aKpiValue(96, T0), modelVersion: 1 });
    rig.clock.current = T0 + MIN;
    await rig.activeModel.import(alertTestModel());
    await rig.sut.whenIdle();

    rig.clock.current = T0 + 2 * MIN;
    rig.bus.publish('samples.ingested', { samples: anInputSpike(T0 + 2 * MIN) });
    await rig.sut.whenIdle();

    expect(rig.raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd', at: T0 + 2 * MIN })]);
  });

  it("judges the KPI's carried value by the new version's target", async () => {
    // 92 against target 95 (at risk below 93, off target from 90) is at risk; against 92 it is on target
    const rules: AlertRuleDef[] = [
      { id: 'status', kind: 'status_change' },
      { id: 'odd', kind: 'anomaly' }, // without an anomaly rule no input is watched
    ];
    rig = await rigs.start(alertTestModel(), rules, T0);
    rig.bus.publish('kpi.updated', { value: aKpiValue(92, T0), modelVersion: 1 });
    await rig.sut.whenIdle();
    expect(rig.raised).toHaveLength(1);
    const model = alertTestModel();
    rig.clock.current = T0 + MIN;
    await rig.activeModel.import({
      ...model,
      kpis: model.kpis.map((k) => (k.id === 'quality' ? { ...k, target: 92 } : k)),
    });
    await rig.sut.whenIdle();

    // an input's anomaly carries the KPI's state to every rule: the carried value is on target now
    rig.clock.current = T0 + 2 * MIN;
    rig.bus.publish('samples.ingested', { samples: anInputSpike(T0 + 2 * MIN) });
    await rig.sut.whenIdle();

    expect(rig.resolved).toEqual([expect.objectContaining({ alertId: rig.raised[0].alertId, at: T0 + 2 * MIN })]);
  });
});
