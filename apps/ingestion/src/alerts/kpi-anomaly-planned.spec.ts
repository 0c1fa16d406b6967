import type { AlertRuleDef } from '@bsc/scorecard';
import { TwinModelBuilder, type TwinModel } from '@bsc/twin';
import { aKpiValue } from './testing/alert-test-model';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';

const MIN = 60_000;
/** Tuesday 17 November 2026: line 3's die cleaning runs 10:00-10:45 UTC. */
const DAY = Date.UTC(2026, 10, 17);
const at = (hh: number, mm: number) => DAY + (hh * 60 + mm) * MIN;
const RULES: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly', minScore: 0.3 }];

/**
 * Lines 1 and 3 with a good count each; `line3_output` reads line 3's, `south_output` reads it only through
 * `line3_output` (formula lineage through a KPI), `line1_output` reads line 1's. Daily KPIs.
 */
function plant(): TwinModel {
  return TwinModelBuilder.model()
    .calendar({
      plannedDowntime: [{ scope: ['line3'], weekdays: [2], start: '10:00', duration: '45m', reason: 'die cleaning' }],
    })
    .set('processes', [
      { id: 'line1', name: 'Line 1', unit: 'plant' },
      { id: 'line3', name: 'Line 3', unit: 'plant' },
    ])
    .signal({ id: 'line1.good_count', measures: 'line1' }, { id: 'line3.good_count', measures: 'line3' })
    .kpi('line1_output', 'sum(line1.good_count, period)', { target: 100 })
    .kpi('line3_output', 'sum(line3.good_count, period)', { target: 100 })
    .kpi('south_output', 'line3_output * 2', { target: 200 })
    .buildValid();
}

/*
 * Each case: a value inside the band a minute before, then one outside it. The band is [94, 98] all day (middle 96,
 * σ = 2/1.96); 91 is 5/(2/1.96) = 4.9σ away: two-sided p = 9.6e-7, surprise 6.02 decades, score 6.02/11.02 = 0.546,
 * over the rule's minScore 0.3. Only what the cleaning stops (line 3, and what is computed from it) is planned: in
 * the window, or the first value after a value in it (10:44 in, 10:45 the end, excluded).
 */
const CASES = [
  { name: 'line 3 in its die cleaning', kpiId: 'line3_output', before: at(10, 19), ts: at(10, 20), planned: true },
  { name: 'a KPI of line 3 through a KPI', kpiId: 'south_output', before: at(10, 19), ts: at(10, 20), planned: true },
  { name: 'line 3, first value after it', kpiId: 'line3_output', before: at(10, 44), ts: at(10, 45), planned: true },
  { name: 'line 3 outside the window', kpiId: 'line3_output', before: at(11, 59), ts: at(12, 0), planned: false },
  { name: 'line 1 during line 3 cleaning', kpiId: 'line1_output', before: at(10, 19), ts: at(10, 20), planned: false },
];

describe('KPI anomalies in planned downtime', () => {
  const rigs = alertRuntimeRigs();
  let rig: AlertRuntimeRig | undefined;

  it.each(CASES)('$name: planned $planned', async ({ kpiId, before, ts, planned }) => {
    rig = await rigs.start(plant(), RULES, before);
    const day = { kpiId, periodKey: '2026-11-17', periodStart: DAY, periodEnd: DAY + 1440 * MIN };
    const band = [
      { time: DAY, lower95: 94, upper95: 98 },
      { time: day.periodEnd, lower95: 94, upper95: 98 },
    ];
    rig.bus.publish('forecast.updated', {
      forecasts: [{ kpiId, periodKey: day.periodKey, expected: 96, probability: null, band }],
      at: before,
    });
    rig.bus.publish('kpi.updated', { value: aKpiValue(97, before, day), modelVersion: 1 });
    rig.clock.current = ts;
    rig.bus.publish('kpi.updated', { value: aKpiValue(91, ts, day), modelVersion: 1 });
    await rig.sut.whenIdle();

    const anomaly: unknown = expect.objectContaining({
      kind: 'kpi_interval',
      kpiId,
      ts,
      value: 91,
      lower: 94,
      upper: 98,
    });
    const [announced, ...more] = rig.announced.flatMap((e) => e.anomalies);
    expect([announced, ...more]).toEqual([anomaly]);
    expect(announced.score).toBeCloseTo(0.546, 3);
    expect(announced.planned).toBe(planned || undefined);
    const stored = await rig.anomalies.list({ from: 0, to: ts + 1 });
    expect(stored).toEqual([anomaly]);
    expect(stored[0].planned).toBe(planned || undefined);
    expect(rig.raised).toEqual(planned ? [] : [expect.objectContaining({ rule: 'odd', kpiId })]);
  });
});
