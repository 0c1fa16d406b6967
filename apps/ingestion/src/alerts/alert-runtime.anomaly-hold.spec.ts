import { Logger } from '@nestjs/common';
import type { AlertRuleDef } from '@bsc/scorecard';
import { startAlertRuntime, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel, anInputSpike } from './testing/alert-test-model';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
const RULES: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }];

// an anomaly alert is cleared once nothing has scored that high for `hold` (15 min by default), also when the
// evaluator that raised it was replaced in between
describe('AlertRuntimeService anomaly alert hold', () => {
  let rig: AlertRuntimeRig | undefined;
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterEach(async () => {
    await rig?.stop();
    rig = undefined;
  });

  async function raiseOne(): Promise<AlertRuntimeRig> {
    rig = await startAlertRuntime(alertTestModel(), RULES, T0);
    rig.bus.publish('kpi.updated', { value: aKpiValue(96, rig.clock.now()), modelVersion: 1 });
    rig.clock.advance(MIN);
    rig.bus.publish('samples.ingested', { samples: anInputSpike(T0) });
    await rig.sut.whenIdle();
    expect(rig.raised).toHaveLength(1);
    return rig;
  }

  it('still resolves after the hold when a new model version arrives in between', async () => {
    const r = await raiseOne();
    r.clock.advance(5 * MIN);
    await r.activeModel.import(alertTestModel()); // any new version, e.g. an unrelated KPI's edit
    await r.sut.whenIdle();
    r.clock.advance(20 * MIN); // 25 min after the only anomaly: past the 15 min hold
    await r.sut.tick();
    expect(r.resolved).toEqual([expect.objectContaining({ alertId: r.raised[0].alertId })]);
  });

  it('still resolves after the hold when the runtime restarts (failover) in between', async () => {
    const r = await raiseOne();
    r.clock.advance(5 * MIN);
    const sut = await r.restart();
    r.clock.advance(20 * MIN);
    await sut.tick();
    expect(r.resolved).toEqual([expect.objectContaining({ alertId: r.raised[0].alertId })]);
  });
});
