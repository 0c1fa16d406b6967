import type { KpiValue } from '@bsc/common';
import type { AnomalyEvent } from '@bsc/events';
import type { AlertRuleDef } from '@bsc/scorecard';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel, NOV_START } from './testing/alert-test-model';
import { WonElection } from './testing/won-election';

const H = 3_600_000;
const DAY = 24 * H;
const RULES: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }];
/** Daily values: a level of 181 on days 0–7, 190.67 from day 8 on (days 11–15 stay there). */
const DAYS = [180, 182, 180, 182, 180, 182, 180, 182, 190, 192, 190, 191, 191, 190, 192, 191];

/** `quality` as a daily KPI: its value for November day `d` (0-based) at `hour`. */
function daily(d: number, v: number | null, hour = 23): KpiValue {
  const periodStart = NOV_START + d * DAY;
  return aKpiValue(v, periodStart + hour * H, {
    periodKey: `2026-11-${String(d + 1).padStart(2, '0')}`,
    periodStart,
    periodEnd: periodStart + DAY,
  });
}

describe('AlertRuntimeService change points after a restart', () => {
  const rigs = alertRuntimeRigs();
  let rig: AlertRuntimeRig | undefined;

  /**
   * Runs the days through the runtime, the KPI feed storing each value as it publishes it, with a restart (or a
   * takeover by a replica that ran nothing before) just before day `stopAt`; on that day, `early` is stored and
   * published before the stop (a running value the day does not end with). Returns the change points announced from
   * the stop on (all without one), each with the day whose value announced it: a replica taking over ran nothing
   * before, the one that died announced what came before. On day `endsNull` the value comes at 20:00 and a null
   * (no input left) at 23:00: the day ends with the value, the newest stored revision is the null.
   */
  async function run(stopAt: number | null, start: 'restart' | 'takeover', early = false, endsNull?: number) {
    const election = start === 'takeover' ? new WonElection() : undefined;
    const r = (rig = await rigs.start(alertTestModel(), RULES, NOV_START, { singletons: election }));
    const found: Array<AnomalyEvent & { day: number }> = [];
    const publish = async (value: KpiValue) => {
      r.clock.current = value.asOf;
      await r.kpiValues.appendRevisions([value], 1, value.asOf);
      r.bus.publish('kpi.updated', { value, modelVersion: 1 });
      await r.sut.whenIdle();
    };
    for (const [d, v] of DAYS.entries()) {
      // from before the stop: what a start announces counts too
      const before = r.announced.length;
      if (d === stopAt) {
        if (early) await publish(daily(d, 100, 1));
        r.clock.current = NOV_START + d * DAY + 2 * H;
        if (election) {
          r.sut.onApplicationBootstrap(); // the replica that held the evaluation died: this one wins it
          await election.started;
        } else await r.restart();
      }
      if (d === endsNull) {
        await publish(daily(d, v, 20));
        await publish(daily(d, null, 23));
      } else await publish(daily(d, v));
      for (const a of r.announced.slice(before).flatMap((e) => e.anomalies))
        if (a.kind === 'kpi_change_point' && d >= (stopAt ?? 0)) found.push({ day: d, ...a });
    }
    return found;
  }

  it('reports the change at day 8 when day 10 closes, once, without a stop', async () => {
    const found = await run(null, 'restart');

    // days 0–10 when day 11 arrives: split after day 7, 180/182 (mean 181) against 190, 192, 190 (mean 572/3);
    // within SS 8 × 1² + (4 + 16 + 4)/9 = 10.667 over 9 df, se √(10.667/9 × (1/8 + 1/3)) = 0.7370,
    // t = 9.667/0.7370 = 13.12: two-sided p 3.60e-7 × 6 candidate splits = 2.16e-6, surprise 5.666 decades,
    // score 5.666/10.666 = 0.5312. Days 11–15 stay at the new level: no further change.
    expect(found).toEqual([
      expect.objectContaining({ day: 11, ts: NOV_START + 8 * DAY, periodKey: '2026-11-09', expected: 181 }),
    ]);
    expect(found[0].value).toBeCloseTo(572 / 3, 10);
    expect(found[0].score).toBeCloseTo(0.5312, 3);
  });

  it.each([
    { stopAt: 8, start: 'restart', early: false },
    { stopAt: 8, start: 'restart', early: true },
    { stopAt: 8, start: 'takeover', early: false },
    { stopAt: 10, start: 'restart', early: true },
    // told with day 11 before the stop: not again
    { stopAt: 12, start: 'restart', early: false },
    { stopAt: 12, start: 'takeover', early: true },
  ] as const)(
    'from stored values, tells from the stop on what it would have told without one (stop at day $stopAt: $start, early $early)',
    async ({ stopAt, start, early }) => {
      const uninterrupted = await run(null, 'restart');
      await rig?.stop();

      const found = await run(stopAt, start, early);

      expect(found).toEqual(uninterrupted.filter((f) => f.day >= stopAt));
      expect(found).toHaveLength(stopAt <= 11 ? 1 : 0);
    },
  );

  it('takes a day whose newest stored revision is null with the value it ended with, as the live path did', async () => {
    // day 9 ends with 192 at 20:00 (then null at 23:00): the series is that of the run without a stop, and day 11
    // tells the change at day 8 as there: 180/182 (mean 181) against 190, 192, 190 (mean 572/3), score 0.5312
    const found = await run(10, 'restart', false, 9);

    expect(found).toEqual([
      expect.objectContaining({ day: 11, ts: NOV_START + 8 * DAY, periodKey: '2026-11-09', expected: 181 }),
    ]);
    expect(found[0].value).toBeCloseTo(572 / 3, 10);
    expect(found[0].score).toBeCloseTo(0.5312, 3);
  });

  it('closes a day revised after the next one began with the number it was closed with, as the live path did', async () => {
    // day 9 (192) is revised to 181 at 23:00 on day 10, after day 10's first value: the live path had closed day 9
    // on 192 and skips the late revision; a restart before day 11 reads day 9 as it was closed, 192, not its newest
    // revision. Day 11 then tells the change at day 8 as without the stop: 180/182 (mean 181) against 190, 192,
    // 190 (mean 572/3), score 0.5312. Read with 181, days 0–10 would be 180/182 ×4, 190, 181, 190 instead.
    const r = (rig = await rigs.start(alertTestModel(), RULES, NOV_START));
    const publish = async (value: KpiValue, at = value.asOf) => {
      r.clock.current = at;
      await r.kpiValues.appendRevisions([value], 1, at);
      r.bus.publish('kpi.updated', { value, modelVersion: 1 });
      await r.sut.whenIdle();
    };
    const found: AnomalyEvent[] = [];
    for (const [d, v] of DAYS.entries()) {
      if (d === 11) {
        r.clock.current = NOV_START + d * DAY + 2 * H;
        await r.restart();
      }
      const before = r.announced.length;
      await publish(daily(d, v));
      if (d === 10) await publish(daily(9, 181), NOV_START + 10 * DAY + 23 * H + 1);
      found.push(...r.announced.slice(before).flatMap((e) => e.anomalies));
    }

    const changes = found.filter((a) => a.kind === 'kpi_change_point');
    expect(changes).toEqual([
      expect.objectContaining({ ts: NOV_START + 8 * DAY, periodKey: '2026-11-09', expected: 181 }),
    ]);
    expect(changes[0].value).toBeCloseTo(572 / 3, 10);
    expect(changes[0].score).toBeCloseTo(0.5312, 3);
  });

  it('starts without the stored values when they cannot be read, and finds changes from the next values on', async () => {
    const r = (rig = await rigs.start(alertTestModel(), RULES, NOV_START + 8 * DAY));
    jest.spyOn(r.kpiValues, 'latestPeriods').mockRejectedValue(new Error('database away'));
    await r.restart();

    // days 8–15 only: 190, 192, 190, 191, 191, 190, 192 closed by day 15, one level, no change
    for (const [d, v] of DAYS.entries())
      if (d >= 8) r.bus.publish('kpi.updated', { value: daily(d, v), modelVersion: 1 });
    await r.sut.whenIdle();

    expect(r.announced.flatMap((e) => e.anomalies).filter((a) => a.kind === 'kpi_change_point')).toEqual([]);
    expect(r.raised).toEqual([]);
  });
});
