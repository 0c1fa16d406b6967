import type { AlertRuleDef } from '@bsc/scorecard';
import { RUNTIME_DEFAULT_ALERT_RULES } from './alert-rules';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel, anInputSpike } from './testing/alert-test-model';
import { WonElection } from './testing/won-election';

const T0 = Date.UTC(2026, 10, 22, 8);
const ANOMALY: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }];
/** LEASE_TTL_S's default. */
const LEASE_TTL_MS = 10_000;
const FORECAST = RUNTIME_DEFAULT_ALERT_RULES.filter((r) => r.kind === 'forecast');

/**
 * A replica wins the alert evaluation (no scale-out role: it watches the signals itself) and starts it: it reads the
 * stored forecasts, KPI values, targets, open alerts and anomalies first. What the bus brings meanwhile is judged as
 * the single-process runtime, which evaluates from its onModuleInit on, judges it.
 */
describe('AlertRuntimeService elected, while its evaluation starts', () => {
  const rigs = alertRuntimeRigs();

  /**
   * The evaluation won and starting (its stored state being read); `during` publishes meanwhile. With `waitMs`, the
   * lease is won that long after the election began (the clock moved by as much): `during` publishes before.
   */
  async function startElected(
    rules: AlertRuleDef[],
    during: (rig: AlertRuntimeRig) => void,
    waitMs?: number,
  ): Promise<AlertRuntimeRig> {
    let win = (): void => undefined;
    const won = waitMs === undefined ? undefined : new Promise<void>((resolve) => (win = resolve));
    const election = new WonElection(won);
    const rig = await rigs.start(alertTestModel(), rules, T0, { singletons: election, leaseTtlMs: LEASE_TTL_MS });
    // a value to judge against, held until the evaluation starts
    rig.bus.publish('kpi.updated', { value: aKpiValue(96, T0), modelVersion: 1 });
    rig.sut.onApplicationBootstrap(); // the election begins: won at once, or after waitMs
    during(rig);
    if (waitMs !== undefined) {
      rig.clock.advance(waitMs);
      win();
    }
    await election.started;
    await rig.sut.whenIdle();
    return rig;
  }

  it('judges the samples stored meanwhile: the spike raises the anomaly rule', async () => {
    // 400 minutes of line1.good at 96 ± 1, then 50: some 46 σ below, the spike the single-process runtime alerts on
    const rig = await startElected(ANOMALY, (r) => r.bus.publish('samples.ingested', { samples: anInputSpike(T0) }));

    expect(rig.raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd' })]);
  });

  it('judges the samples stored while it waited for the lease (a holder that died keeps it up to its lifetime)', async () => {
    // a restart after a crash: the lease of the process that died is won 9.999 s on, within its 10 s lifetime
    const spike = (r: AlertRuntimeRig) => r.bus.publish('samples.ingested', { samples: anInputSpike(T0) });
    const rig = await startElected(ANOMALY, spike, LEASE_TTL_MS - 1);

    expect(rig.raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd' })]);
  });

  it('holds what came while it waited for one lease lifetime at most (a stand-by holds no more)', async () => {
    // won 10.001 s after the spike: one lease lifetime (10 s) and 1 ms, older than any takeover after a holder died
    const spike = (r: AlertRuntimeRig) => r.bus.publish('samples.ingested', { samples: anInputSpike(T0) });
    const rig = await startElected(ANOMALY, spike, LEASE_TTL_MS + 1);

    expect(rig.raised).toEqual([]);
  });

  it('judges the samples stored while it reads its state, however long the reads take', async () => {
    // won at once; the spike comes as the reads begin, and they end 10.001 s later (beyond one lease lifetime)
    const rig = await startElected(ANOMALY, (r) => {
      r.bus.publish('samples.ingested', { samples: anInputSpike(T0) });
      r.clock.advance(LEASE_TTL_MS + 1);
    });

    expect(rig.raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd' })]);
  });

  it("takes the forecast announced meanwhile: a 20 % probability of meeting quality's target raises forecast-miss", async () => {
    // 0.2 below the rule's 0.3: the KPI is likely to miss its target
    const rig = await startElected(FORECAST, (r) =>
      r.bus.publish('forecast.updated', {
        forecasts: [{ kpiId: 'quality', periodKey: '2026-11', expected: 91.2, probability: 0.2 }],
        at: T0,
      }),
    );

    expect(rig.raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'forecast-miss' })]);
  });
});
