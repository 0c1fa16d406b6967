import type { SignalSample } from '@bsc/common';
import type { AlertRuleDef } from '@bsc/scorecard';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel, anInputSpike } from './testing/alert-test-model';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
const RULES: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }];

/** An input reading far beyond the spike of anInputSpike (50 against about 96): news again for the detector. */
function farWorse(ts: number): SignalSample {
  return { signalId: 'line1.good', ts, value: -1_000, quality: 'good', source: 'test' };
}

// an anomaly alert is cleared once nothing has scored that high for `hold` (15 min by default), also when the
// evaluator that raised it was replaced in between (a new model version, or a restart)
describe('AlertRuntimeService anomaly alert hold', () => {
  const rigs = alertRuntimeRigs();
  let rig: AlertRuntimeRig | undefined;

  /** The spike's anomaly is judged at T0 + 1 min (the clock when its samples arrive): held until T0 + 16 min. */
  async function raiseOne(): Promise<AlertRuntimeRig> {
    rig = await rigs.start(alertTestModel(), RULES, T0);
    rig.bus.publish('kpi.updated', { value: aKpiValue(96, rig.clock.now()), modelVersion: 1 });
    rig.clock.advance(MIN);
    rig.bus.publish('samples.ingested', { samples: anInputSpike(T0) });
    await rig.sut.whenIdle();
    expect(rig.raised).toHaveLength(1);
    return rig;
  }

  it('resolves a hold after the anomaly, not after a new model version that arrived in between', async () => {
    const r = await raiseOne();
    r.clock.current = T0 + 6 * MIN;
    await r.activeModel.import(alertTestModel()); // any new version, e.g. an unrelated KPI's edit
    await r.sut.whenIdle();
    await r.sut.tick(T0 + 16 * MIN - 1); // 15 min - 1 ms after the anomaly: still held
    const held = [...r.resolved];
    // 15 min after the anomaly at T0 + 1 min; a hold restarted by the change would last until T0 + 21 min
    await r.sut.tick(T0 + 16 * MIN);
    expect(held).toEqual([]);
    expect(r.resolved).toEqual([expect.objectContaining({ alertId: r.raised[0].alertId })]);
  });

  it('keeps a manual resolution across a new model version: the next anomaly within the hold raises nothing', async () => {
    const r = await raiseOne();
    const [alert] = await r.alerts.list();
    await r.alerts.resolve(alert.id, r.clock.advance(MIN), 'line-lead'); // T0 + 2 min
    r.bus.publish('alert.resolved', { alertId: alert.id, unitId: 'plant', at: r.clock.now() });
    await r.sut.whenIdle();
    r.clock.current = T0 + 3 * MIN;
    await r.activeModel.import(alertTestModel());
    await r.sut.whenIdle();
    // T0 + 4 min: still inside the hold of T0 + 1 min, the condition has not cleared since the resolution
    r.clock.current = T0 + 4 * MIN;
    r.bus.publish('kpi.updated', { value: aKpiValue(96, r.clock.now()), modelVersion: 2 });
    r.bus.publish('samples.ingested', { samples: [farWorse(T0 + 3 * MIN)] });
    await r.sut.whenIdle();
    const [again] = r.announced[r.announced.length - 1].anomalies;
    expect(again).toMatchObject({ kind: 'signal', ts: T0 + 3 * MIN });
    expect(again.score).toBeGreaterThanOrEqual(0.5); // the rule's minScore: it would raise but for the resolution
    expect(r.raised).toHaveLength(1);
  });

  it('resolves a hold after the anomaly, not after a restart in between: its time is read from the store', async () => {
    const r = await raiseOne();
    r.clock.current = T0 + 6 * MIN;
    const sut = await r.restart();
    await sut.tick(T0 + 16 * MIN - 1); // 15 min - 1 ms after the anomaly found at T0 + 1 min: still held
    const held = [...r.resolved];
    // 15 min after the anomaly; held from the restart it would last until T0 + 6 + 15 = T0 + 21 min
    await sut.tick(T0 + 16 * MIN);
    expect(held).toEqual([]);
    expect(r.resolved).toEqual([expect.objectContaining({ alertId: r.raised[0].alertId })]);
  });

  it('holds from the restart when no anomaly of the alert is stored (lost at a crash, or removed)', async () => {
    const r = await raiseOne();
    expect(await r.anomalies.deleteBefore(T0 + 1)).toBeGreaterThan(0); // the spike's sample time is T0
    r.clock.current = T0 + 6 * MIN;
    const sut = await r.restart();
    await sut.tick(T0 + 21 * MIN - 1); // 15 min - 1 ms after the restart at T0 + 6 min
    const held = [...r.resolved];
    await sut.tick(T0 + 21 * MIN);
    expect(held).toEqual([]);
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
