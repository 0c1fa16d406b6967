import type { AnomalyEvent } from '@bsc/events';
import type { AlertRuleDef } from '@bsc/scorecard';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel } from './testing/alert-test-model';
import { toldAtNoon } from './testing/stored-alert-history';
import { aStoredForecast } from './testing/stored-forecast';
import { WonElection } from './testing/won-election';

const H = 3_600_000;
const DAY = 24 * H;
const RULES: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }];

describe('AlertRuntimeService forecast bands after a restart', () => {
  const rigs = alertRuntimeRigs();
  let rig: AlertRuntimeRig | undefined;

  const intervalAnomalies = (r: AlertRuntimeRig): AnomalyEvent[] =>
    r.announced.flatMap((e) => e.anomalies).filter((a) => a.kind === 'kpi_interval');

  // the day is the model calendar's: in Auckland (UTC+13 in November) Nov 22 starts at Nov 21 11:00 UTC, so the
  // forecast made at 18:00 there the day before (05:00 UTC on Nov 21, a UTC "today") is yesterday's
  it.each([
    { timezone: 'UTC', today: Date.UTC(2026, 10, 22), start: 'restart' },
    { timezone: 'Pacific/Auckland', today: Date.UTC(2026, 10, 22) - 13 * H, start: 'restart' },
    { timezone: 'UTC', today: Date.UTC(2026, 10, 22), start: 'takeover' },
  ] as const)(
    "judges today's values by the newest forecast made before today, read back from storage ($timezone, $start)",
    async ({ timezone, today, start }) => {
      const model = alertTestModel();
      const election = start === 'takeover' ? new WonElection() : undefined;
      rig = await rigs.start({ ...model, calendar: { ...model.calendar, timezone } }, RULES, today + 10 * H, {
        singletons: election,
      });
      await rig.forecasts.saveForecasts([
        // two days ago: a band wide enough to take anything; superseded by yesterday's
        aStoredForecast(today - 2 * DAY + 10 * H, [
          [today - DAY, 0, 100],
          [today, 0, 100],
          [today + DAY, 0, 100],
        ]),
        // yesterday at 18:00: [93, 95] at the end of yesterday, [95, 99] at the end of today, so [94, 97] at noon
        aStoredForecast(today - 6 * H, [
          [today, 93, 95],
          [today + DAY, 95, 99],
          [today + 2 * DAY, 97, 103],
        ]),
        // today, before the restart: its path starts tonight, so it judges nothing of today
        aStoredForecast(today + 6 * H, [
          [today + DAY, 50, 51],
          [today + 2 * DAY, 50, 51],
        ]),
      ]);
      rig.clock.current = today + 11 * H;
      if (election) {
        rig.sut.onApplicationBootstrap(); // the replica that held the evaluation died: this one wins it
        await election.started;
      } else await rig.restart();

      const noon = today + 12 * H;
      rig.clock.current = noon;
      rig.bus.publish('kpi.updated', { value: aKpiValue(96.5, noon), modelVersion: 1 }); // inside [94, 97]
      await rig.sut.whenIdle();
      const inside = intervalAnomalies(rig);
      rig.bus.publish('kpi.updated', { value: aKpiValue(98.5, noon), modelVersion: 1 });
      await rig.sut.whenIdle();

      expect(inside).toEqual([]);
      const [outside] = intervalAnomalies(rig);
      expect(intervalAnomalies(rig)).toHaveLength(1);
      expect(outside).toMatchObject({ kpiId: 'quality', ts: noon, value: 98.5, expected: 95.5, lower: 94, upper: 97 });
      // middle 95.5, σ = 1.5 / 1.96; 98.5 is 3 = 2 × 1.5 above it, z = 3.92: two-sided p = 2 × 4.43e-5 = 8.86e-5,
      // surprise −log10(8.86e-5) = 4.053 decades, score 4.053 / (4.053 + 5) = 0.4477
      expect(outside.score).toBeCloseTo(0.4477, 3);
    },
  );

  // yesterday's forecast at 18:00 as in the cases above: [94, 97] at noon today, where 100 scores 0.6265
  const today = Date.UTC(2026, 10, 22);
  const noon = today + 12 * H;
  const yesterdays = () =>
    aStoredForecast(today - 6 * H, [
      [today, 93, 95],
      [today + DAY, 95, 99],
    ]);

  it.each([
    { stored: true, told: 0 },
    { stored: false, told: 1 },
  ])(
    'a replica taking over tells the anomaly of a held value only if the one that died did not store it (stored: $stored)',
    async ({ stored, told }) => {
      const election = new WonElection();
      rig = await rigs.start(alertTestModel(), RULES, today + 10 * H, { singletons: election });
      await rig.forecasts.saveForecasts([yesterdays()]);
      // noon: the replica holding the evaluation judges 100 (held here), tells and stores its anomaly, then dies
      rig.clock.current = noon;
      rig.bus.publish('kpi.updated', { value: aKpiValue(100, noon), modelVersion: 1 });
      if (stored) await rig.anomalies.record([toldAtNoon(noon)]);
      // 13:00: this replica takes over and judges the held 100 by the stored band
      rig.clock.current = today + 13 * H;
      rig.sut.onApplicationBootstrap();
      await election.started;
      await rig.sut.whenIdle();

      expect(intervalAnomalies(rig)).toHaveLength(told);
      expect(rig.raised).toHaveLength(told);
      for (const { score, ...rest } of intervalAnomalies(rig)) {
        const { score: _, unitId: _unit, detectedAt: _detected, ...expected } = toldAtNoon(noon);
        expect([rest, score.toFixed(4)]).toEqual([expected, '0.6265']);
      }
    },
  );

  it('a restart does not tell again the anomaly of a value the KPI feed publishes again at its start', async () => {
    rig = await rigs.start(alertTestModel(), RULES, today + 10 * H);
    await rig.forecasts.saveForecasts([yesterdays()]);
    await rig.restart(); // reads the band
    rig.clock.current = noon;
    rig.bus.publish('kpi.updated', { value: aKpiValue(100, noon), modelVersion: 1 });
    await rig.sut.whenIdle();
    expect(rig.raised).toHaveLength(1); // at noon, held 15 min: until 12:15
    // 13:00: a restart; the feed's start publishes 100 of noon again (its revision was lost at the stop)
    rig.clock.current = today + 13 * H;
    await rig.restart();
    rig.bus.publish('kpi.updated', { value: aKpiValue(100, noon), modelVersion: 1 });
    await rig.sut.whenIdle();
    await rig.sut.tick(today + 13 * H);

    // told once; the alert, restored with its hold from noon, is resolved by the first tick after 12:15
    expect(intervalAnomalies(rig)).toHaveLength(1);
    expect(rig.resolved).toEqual([expect.objectContaining({ alertId: rig.raised[0].alertId, at: today + 13 * H })]);
  });

  it('judges the values of a KPI a new model version adds by its stored forecast made before today', async () => {
    // version 1 without `quality`: the forecast the API made of it yesterday at 18:00 (its import reached the API
    // first) found no KPI to judge here; version 2 adds it at 11:00 today
    const model = alertTestModel();
    rig = await rigs.start({ ...model, kpis: model.kpis.filter((k) => k.id !== 'quality') }, RULES, today + 10 * H);
    await rig.forecasts.saveForecasts([yesterdays()]);
    rig.clock.current = today + 11 * H;
    await rig.activeModel.import(model);
    await rig.sut.whenIdle();
    rig.clock.current = noon;
    rig.bus.publish('kpi.updated', { value: aKpiValue(100, noon), modelVersion: 2 });
    await rig.sut.whenIdle();

    // as after a restart: 100 against [94, 97] at noon, score 0.6265 (above); raised by the anomaly rule
    expect(intervalAnomalies(rig).map((a) => [a.ts, a.lower, a.upper, a.score.toFixed(4)])).toEqual([
      [noon, 94, 97, '0.6265'],
    ]);
    expect(rig.raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd', at: noon })]);
  });

  it('starts without the stored bands when they cannot be read, and alerts as before', async () => {
    const status: AlertRuleDef[] = [{ id: 'status-change', kind: 'status_change' }];
    rig = await rigs.start(alertTestModel(), status, today + 10 * H);
    jest.spyOn(rig.forecasts, 'latestBefore').mockRejectedValue(new Error('database away'));
    await rig.restart();

    rig.bus.publish('kpi.updated', { value: aKpiValue(85, today + 10 * H), modelVersion: 1 }); // off target (90 and below)
    await rig.sut.whenIdle();

    expect(rig.raised).toEqual([expect.objectContaining({ rule: 'status-change', severity: 'critical' })]);
  });
});
