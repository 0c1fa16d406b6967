import type { AnomalyEvent } from '@bsc/events';
import type { AlertRuleDef } from '@bsc/scorecard';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel } from './testing/alert-test-model';
import { toldAtNoon } from './testing/stored-alert-history';
import { aStoredForecast } from './testing/stored-forecast';
import { WonElection } from './testing/won-election';

const H = 3_600_000;
const MIN = 60_000;
const DAY = 24 * H;
const RULES: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }];
const today = Date.UTC(2026, 10, 22);
const noon = today + 12 * H;

/*
 * Yesterday's forecast (made at 18:00) holds the band at [94, 97] all of today: middle 95.5, half-width 1.5 =
 * 1.96σ, so σ = 0.7653. Surprise S = −log10 p of the two-sided normal p, score S / (S + 5):
 * - 100 (4.5 above the middle): z = 5.880, p = 4.11e-9, S = 8.387, score 0.6265: the excursion's start;
 * - 99 (3.5 above): z = 4.573, p = 4.80e-6, S = 5.319 ≤ 8.387 + 1: no news (not ten times less likely);
 * - 102 (6.5 above): z = 8.493, p = 2.01e-17, S = 16.697 > 9.387: news, score 16.697 / 21.697 = 0.7695.
 */
describe('AlertRuntimeService: an excursion outside the band across a restart', () => {
  const rigs = alertRuntimeRigs();

  const intervalAnomalies = (r: AlertRuntimeRig): AnomalyEvent[] =>
    r.announced.flatMap((e) => e.anomalies).filter((a) => a.kind === 'kpi_interval');

  /** The KPI feed stores `v` at the clock's time and publishes it. */
  async function feed(rig: AlertRuntimeRig, v: number, at: number): Promise<void> {
    rig.clock.current = at;
    const value = aKpiValue(v, at);
    await rig.kpiValues.appendRevisions([value], 1, at);
    rig.bus.publish('kpi.updated', { value, modelVersion: 1 });
    await rig.sut.whenIdle();
  }

  const bandAllDay = () =>
    aStoredForecast(today - 6 * H, [
      [today, 94, 97],
      [today + DAY, 94, 97],
    ]);

  it('a restarted runtime tells the excursion the runtime before it told only when it goes further', async () => {
    const rig = await rigs.start(alertTestModel(), RULES, today + 10 * H);
    await rig.forecasts.saveForecasts([bandAllDay()]);
    await rig.restart(); // reads the band
    await feed(rig, 100, noon); // told and stored: the excursion's start
    rig.clock.current = noon + MIN;
    await rig.restart();

    await feed(rig, 99, noon + 5 * MIN);
    await feed(rig, 102, noon + 10 * MIN);

    expect(intervalAnomalies(rig).map((a) => [a.ts, a.value, a.score.toFixed(4)])).toEqual([
      [noon, 100, '0.6265'],
      [noon + 10 * MIN, 102, '0.7695'],
    ]);
  });

  it('a replica taking over tells the excursion the one that died told only when it goes further', async () => {
    const election = new WonElection();
    const rig = await rigs.start(alertTestModel(), RULES, today + 10 * H, { singletons: election });
    await rig.forecasts.saveForecasts([bandAllDay()]);
    // noon: the KPI feed stores 100, the replica holding the evaluation tells and stores its anomaly, then dies; this
    // one came up after noon, so it holds no value to judge first
    await rig.kpiValues.appendRevisions([aKpiValue(100, noon)], 1, noon);
    await rig.anomalies.record([toldAtNoon(noon)]);
    rig.clock.current = noon + MIN;
    rig.sut.onApplicationBootstrap();
    await election.started;
    await rig.sut.whenIdle();

    await feed(rig, 99, noon + 5 * MIN);
    await feed(rig, 102, noon + 10 * MIN);

    expect(intervalAnomalies(rig).map((a) => [a.ts, a.value, a.score.toFixed(4)])).toEqual([
      [noon + 10 * MIN, 102, '0.7695'],
    ]);
  });
});
