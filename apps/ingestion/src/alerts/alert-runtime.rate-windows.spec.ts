import type { AlertRuleDef } from '@bsc/scorecard';
import { WonElection } from './testing/won-election';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel } from './testing/alert-test-model';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
/** Raised when quality moves by more than 3 points within 15 minutes. */
const JUMP: AlertRuleDef[] = [{ id: 'jump', kind: 'rate_of_change', window: '15m', maxDelta: 3 }];

/*
 * The KPI feed stores and publishes 96 at T0; the runtime restarts (or another replica takes over) at T0+5; 91
 * arrives at T0+10 or T0+20. At T0+10 the 96 of T0 is 10 min old, inside the 15 min window: |91 − 96| = 5 > 3, raised
 * at T0+10, as without the start. At T0+20 it is 20 min old, out of the window: 91 alone, a change of 0, nothing.
 */
describe('alert runtime: rate-of-change windows across a start', () => {
  const rigs = alertRuntimeRigs();

  async function feed(rig: AlertRuntimeRig, v: number, at: number, publish = true, modelVersion = 1): Promise<void> {
    rig.clock.current = at;
    const value = aKpiValue(v, at);
    await rig.kpiValues.appendRevisions([value], modelVersion, at);
    if (publish) rig.bus.publish('kpi.updated', { value, modelVersion });
    await rig.sut.whenIdle();
  }

  it.each([
    { start: 'restart', at: 10, raised: [T0 + 10 * MIN] },
    { start: 'restart', at: 20, raised: [] },
    { start: 'takeover', at: 10, raised: [T0 + 10 * MIN] },
    { start: 'takeover', at: 20, raised: [] },
  ] as const)('counts the values stored before the start ($start, 91 at T0+$at min)', async ({ start, at, raised }) => {
    const election = start === 'takeover' ? new WonElection() : undefined;
    const rig = await rigs.start(alertTestModel(), JUMP, T0, { singletons: election });
    // taking over, this replica came up after T0: it holds no value, the one that died judged 96
    await feed(rig, 96, T0, start === 'restart');
    rig.clock.current = T0 + 5 * MIN;
    if (election) {
      rig.sut.onApplicationBootstrap();
      await election.started;
    } else await rig.restart();
    await rig.sut.whenIdle();

    await feed(rig, 91, T0 + at * MIN);

    expect(rig.raised.map((r) => [r.rule, r.at])).toEqual(raised.map((t) => ['jump', t]));
  });

  // 96 at T0, model version 2 at T0+5 with the same rule: the window it held carries over, so as without the change
  // 91 at T0+10 raises (|91 − 96| = 5 > 3, the 96 10 min old) and 91 at T0+20 does not (the 96 20 min old, out)
  it.each([
    { at: 10, raised: [T0 + 10 * MIN] },
    { at: 20, raised: [] },
  ])('carries the window over a model change (91 at T0+$at min)', async ({ at, raised }) => {
    const rig = await rigs.start(alertTestModel(), JUMP, T0);
    await feed(rig, 96, T0);
    rig.clock.current = T0 + 5 * MIN;
    await rig.activeModel.import(alertTestModel());
    await rig.sut.whenIdle();

    await feed(rig, 91, T0 + at * MIN, true, 2);

    expect(rig.raised.map((r) => [r.rule, r.at])).toEqual(raised.map((t) => ['jump', t]));
  });
});
