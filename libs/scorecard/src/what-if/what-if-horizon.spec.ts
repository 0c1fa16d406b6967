import { ordersAndDeliveryModel, sellToDeliverLink } from '../test-support/scorecard-items.builder';
import { simulateWhatIf } from './what-if-simulation';
import type { KpiBaseline, Scenario } from './what-if.types';

// the current period is October 2026 (31 days), the next one November (30 days)
const OCT = { key: '2026-10', start: Date.UTC(2026, 9, 1), end: Date.UTC(2026, 10, 1) };
const NOV = { key: '2026-11', start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) };

const model = ordersAndDeliveryModel;

const baseline = (kpiId: string, period: typeof OCT, expected: number): KpiBaseline => ({
  kpiId,
  period,
  expected,
  sd: 0,
});
// flat 10 orders a day: October 310, November 300; on-time delivery 94 % in both
const CURRENT = new Map([
  ['orders', baseline('orders', OCT, 310)],
  ['otd', baseline('otd', OCT, 94)],
]);
const NEXT = new Map([
  ['orders', baseline('orders', NOV, 300)],
  ['otd', baseline('otd', NOV, 94)],
]);
// selling moves delivery 14 days later, with no slope uncertainty
const LINK = sellToDeliverLink();

const run = (scenario: Scenario, horizon: boolean) =>
  simulateWhatIf(
    { model: model(), baselines: CURRENT, laterBaselines: horizon ? [NEXT] : undefined, links: [LINK] },
    { draws: 200, ...scenario },
  );
const at = (result: ReturnType<typeof run>, id: string, ahead: number) =>
  result.kpis.find((k) => k.kpiId === id && k.periodsAhead === ahead);

describe('simulateWhatIf over a horizon of periods', () => {
  const fromNovember: Scenario = {
    drivers: [{ kind: 'kpi', id: 'orders', change: 'relative', value: 0.1, from: NOV.start }],
  };

  it('shows a change from the 1st of next month in next month only: 300 * 1.1 = 330, October unchanged', () => {
    const result = run(fromNovember, true);
    expect(at(result, 'orders', 0)).toBeUndefined();
    const nov = at(result, 'orders', 1)!;
    expect(nov.periodKey).toBe('2026-11');
    expect(nov.exactEffect).toBeCloseTo(30, 9);
    expect(nov.scenario.expected).toBeCloseTo(330, 9);
    expect(nov.baseline.expected).toBe(300);
    // target 320: missed without the scenario, met with it (no forecast spread)
    expect([nov.baseline.probabilityOfMeetingTarget, nov.scenario.probabilityOfMeetingTarget]).toEqual([0, 1]);
  });

  it('shows nothing without the horizon, as before', () => {
    expect(run(fromNovember, false).kpis.filter((k) => k.kpiId === 'orders')).toEqual([]);
  });

  it('carries a lagged link effect into the next period when the lag pushes it past the current one', () => {
    // +10 orders a day's level from 25 Oct: October sees 7 of 31 days; steady +10 = 1 sd (scale 10) of sell ->
    // 0.5 sd of deliver = +2 points of otd (scale 4), arriving 14 days later on 8 Nov: nothing in October,
    // November's 8th to 30th, 23 of its 30 days -> 2 * 23 / 30 = 1.5333
    const result = run(
      { drivers: [{ kind: 'kpi', id: 'orders', change: 'absolute', value: 10, from: Date.UTC(2026, 9, 25) }] },
      true,
    );
    expect(at(result, 'orders', 0)!.exactEffect).toBeCloseTo((10 * 7) / 31, 9);
    expect(at(result, 'orders', 1)!.exactEffect).toBeCloseTo(10, 9);
    expect(at(result, 'otd', 0)!.statisticalEffect.mean).toBe(0);
    expect(at(result, 'otd', 1)!.statisticalEffect.mean).toBeCloseTo((2 * 23) / 30, 9);
    expect(at(result, 'otd', 1)!.scenario.expected).toBeCloseTo(94 + (2 * 23) / 30, 9);
  });

  it('says which KPIs it reaches have no forecast in a later period, rather than leaving them out silently', () => {
    // orders move exactly and on-time delivery through the link; November has a forecast of orders only
    const onlyOrders = new Map([['orders', NEXT.get('orders')!]]);
    const result = simulateWhatIf(
      { model: model(), baselines: CURRENT, laterBaselines: [onlyOrders], links: [LINK] },
      { draws: 200, ...fromNovember },
    );
    expect(result.unavailable).toEqual([{ kpiId: 'otd', periodsAhead: 1 }]);
    expect(at(result, 'otd', 1)).toBeUndefined();
    expect(run(fromNovember, true).unavailable).toEqual([]);
  });

  it('rolls up each period on its own', () => {
    const result = run(fromNovember, true);
    // October: on-time delivery is on the link's way (an effect of 0 there), orders do not move
    expect(result.objectives.map((o) => [o.id, o.periodsAhead])).toEqual([
      ['deliver', 0],
      ['sell', 1],
      ['deliver', 1],
    ]);
    const sell = result.objectives.find((o) => o.id === 'sell' && o.periodsAhead === 1)!;
    expect([sell.baseline, sell.scenario]).toEqual([0, 1]);
  });

  describe('a change with an end', () => {
    // +10 % orders from 1 Nov until 16 Nov: 15 of November's 30 days
    const untilMid: Scenario = {
      drivers: [
        { kind: 'kpi', id: 'orders', change: 'relative', value: 0.1, from: NOV.start, until: Date.UTC(2026, 10, 16) },
      ],
    };

    it('counts for the share of the period between its start and its end: 300 + 30 * 15 / 30 = 315', () => {
      const nov = at(run(untilMid, true), 'orders', 1)!;
      expect(nov.exactEffect).toBeCloseTo(15, 9);
      expect(nov.scenario.expected).toBeCloseTo(315, 9);
      // at full size while it lasts: 10 % of 300
      expect(nov.steadyStateEffect.mean).toBeCloseTo(30, 9);
    });

    it('moves its whole window by the link lag: 15 Nov to 30 Nov for the on-time delivery', () => {
      // November's steady +30 orders = 3 sd (scale 10) of sell -> 1.5 sd of deliver = +6 points (scale 4), from
      // 1 + 14 = 15 Nov until 16 + 14 = 30 Nov: 15 of 30 days -> +3 (open-ended it would be 16 of 30 -> +3.2)
      const result = run(untilMid, true);
      expect(at(result, 'otd', 0)!.statisticalEffect.mean).toBe(0);
      expect(at(result, 'otd', 1)!.statisticalEffect.mean).toBeCloseTo(3, 9);
      expect(at(result, 'otd', 1)!.scenario.expected).toBeCloseTo(97, 9);
      const open = run({ drivers: [{ ...untilMid.drivers[0], until: undefined }] }, true);
      expect(at(open, 'otd', 1)!.statisticalEffect.mean).toBeCloseTo((6 * 16) / 30, 9);
    });

    it('shows nothing in a period after it stopped', () => {
      // +10 a day from 20 Oct until 1 Nov: October sees 12 of 31 days, November none
      const result = run(
        {
          drivers: [
            {
              kind: 'kpi',
              id: 'orders',
              change: 'absolute',
              value: 10,
              from: Date.UTC(2026, 9, 20),
              until: NOV.start,
            },
          ],
        },
        true,
      );
      expect(at(result, 'orders', 0)!.exactEffect).toBeCloseTo((10 * 12) / 31, 9);
      expect(at(result, 'orders', 1)).toBeUndefined();
    });
  });
});
