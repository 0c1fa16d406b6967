import type { AlertRepository } from '@bsc/persistence';
import type { AlertRuleDef } from '@bsc/scorecard';
import type { AlertRuntimeService } from './alert-runtime.service';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel } from './testing/alert-test-model';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
const STATUS_ONLY: AlertRuleDef[] = [{ id: 'status-change', kind: 'status_change' }];

describe('alert runtime: a manual resolution across a restart', () => {
  const rigs = alertRuntimeRigs();
  let rig: AlertRuntimeRig;

  /** One kpi.updated of quality at the clock's time (85: off target, 96: on target), then a minute passes. */
  async function value(sut: AlertRuntimeService, v: number): Promise<void> {
    rig.bus.publish('kpi.updated', { value: aKpiValue(v, rig.clock.now()), modelVersion: 1 });
    rig.clock.advance(MIN);
    await sut.whenIdle();
  }

  const open = (alerts: AlertRepository) => alerts.list({ statuses: ['open', 'acknowledged'] });

  // quality off target (85) from T0: raised at T0, still 85 up to T0+4, resolved by hand at T0+5, restart at T0+6.
  // 85 at T0+6: the same ongoing condition, no alert. 96 at T0+7 clears it; 85 at T0+8 raises a new alert.
  it('does not raise the same ongoing condition again, and raises once it has cleared', async () => {
    rig = await rigs.start(alertTestModel(), STATUS_ONLY, T0);
    for (let i = 0; i < 5; i++) await value(rig.sut, 85);
    const [first] = await rig.alerts.list();
    await rig.alerts.resolve(first.id, rig.clock.now(), 'line-lead');
    rig.bus.publish('alert.resolved', { alertId: first.id, unitId: 'plant', at: rig.clock.now() });
    await rig.sut.whenIdle();
    rig.clock.advance(MIN);

    const second = await rig.restart();
    await value(second, 85);
    const stillBelow = await open(rig.alerts);
    await value(second, 96);
    await value(second, 85);

    expect(stillBelow).toEqual([]);
    expect(rig.raised.map((r) => r.at)).toEqual([T0, T0 + 8 * MIN]);
  });
});
