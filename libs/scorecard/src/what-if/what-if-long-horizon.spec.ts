import { ordersAndDeliveryModel, sellToDeliverLink } from '../test-support/scorecard-items.builder';
import { simulateWhatIf } from './what-if-simulation';
import type { KpiBaseline } from './what-if.types';

const month = (m: number) => ({
  key: `${2026 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`,
  start: Date.UTC(2026, m, 1),
  end: Date.UTC(2026, m + 1, 1),
});
// the current period is October 2026; the horizon of 6 periods runs to March 2027
const PERIODS = [9, 10, 11, 12, 13, 14].map(month);
const ORDERS_TERM = 'sum(erp.orders, period)';

// every month's baseline: 300 orders (the formula's one term), on-time delivery 94 %
const baselines = PERIODS.map(
  (period) =>
    new Map<string, KpiBaseline>([
      ['orders', { kpiId: 'orders', period, expected: 300, sd: 0, terms: new Map([[ORDERS_TERM, 300]]) }],
      ['otd', { kpiId: 'otd', period, expected: 94, sd: 0 }],
    ]),
);
// selling moves delivery 14 days later, with no slope uncertainty
const LINK = sellToDeliverLink();

describe('simulateWhatIf over a six-period horizon', () => {
  // the orders signal 10 % up from 1 November: a level driver from next month
  const result = simulateWhatIf(
    { model: ordersAndDeliveryModel(), baselines: baselines[0], laterBaselines: baselines.slice(1), links: [LINK] },
    {
      drivers: [{ kind: 'signal', id: 'erp.orders', change: 'relative', value: 0.1, from: PERIODS[1].start }],
      draws: 200,
    },
  );
  const at = (id: string, ahead: number) => result.kpis.find((k) => k.kpiId === id && k.periodsAhead === ahead);

  it('moves orders exactly through the formula in each of periods 2 to 6: 10 % of the 300 term = +30', () => {
    expect(at('orders', 0)).toBeUndefined();
    for (let ahead = 1; ahead <= 5; ahead++) {
      const orders = at('orders', ahead)!;
      expect(orders.periodKey).toBe(PERIODS[ahead].key);
      expect(orders.exactEffect).toBeCloseTo(30, 9);
      expect(orders.scenario.expected).toBeCloseTo(330, 9);
    }
  });

  it('carries the lagged link effect on to on-time delivery from 15 November through March', () => {
    // steady +30 orders = 3 sd (scale 10) of sell -> 0.5 * 3 = 1.5 sd of deliver = +6 points (scale 4), arriving
    // 14 days after 1 Nov: November's 15th to 30th, 16 of 30 days -> 6 * 16 / 30 = 3.2; December to March whole: +6
    const expected = [0, 3.2, 6, 6, 6, 6];
    expected.forEach((effect, ahead) => {
      const otd = at('otd', ahead)!;
      expect(otd.statisticalEffect.mean).toBeCloseTo(effect, 9);
      expect(otd.scenario.expected).toBeCloseTo(94 + effect, 9);
    });
    expect(result.unavailable).toEqual([]);
  });
});
