import { TwinModelBuilder } from '@bsc/twin';
import { scoredKpi } from '../test-support/scorecard-items.builder';
import { exactEffects, nov, novemberBaseline } from '../test-support/what-if-november.builder';
import { simulateWhatIf } from './what-if-simulation';
import type { KpiBaseline, ScenarioDriver } from './what-if.types';

// daily KPIs reading monthly ones: the engine gives a day the monthly KPI's month-to-date value at the day's end
const model = TwinModelBuilder.model('test-model')
  .unit('acme')
  .addKpi(scoredKpi('month_orders', 'acme', { formula: 'sum(erp.orders, period)', aggregation: 'sum', target: 3000 }))
  .addKpi(scoredKpi('orders_seen', 'acme', { formula: 'month_orders', period: 'day', aggregation: 'last', target: 1 }))
  .addKpi(scoredKpi('closing_stock', 'acme', { formula: 'wh.stock', aggregation: 'last', target: 1000 }))
  .addKpi(scoredKpi('stock_seen', 'acme', { formula: 'closing_stock', period: 'day', aggregation: 'last', target: 1 }))
  .build();

// 100 orders a day: 1000 to date at the end of the 10th, 2000 at the end of the 20th, 3000 in November.
// The stock stands at 1000 at the end of the 10th, 1100 at the end of the 20th, 1290 at the month's end.
const monthOrders: KpiBaseline = {
  ...novemberBaseline('month_orders', 3000, { 'sum(erp.orders, period)': 3000 }),
  path: [
    { time: nov(11), expected: 1000 },
    { time: nov(21), expected: 2000 },
  ],
};
const closingStock: KpiBaseline = {
  ...novemberBaseline('closing_stock', 1290, { 'wh.stock': 1290 }),
  path: [
    { time: nov(11), expected: 1000 },
    { time: nov(21), expected: 1100 },
  ],
};
const dayBaseline = (kpiId: string, day: number, expected: number, input: string): KpiBaseline => ({
  kpiId,
  period: { key: `2026-11-${day}`, start: nov(day), end: nov(day + 1) },
  expected,
  sd: 0,
  terms: new Map([[input, expected]]),
});
const on = (day: number, stock: KpiBaseline = closingStock) =>
  exactEffects(
    model,
    new Map([
      ['month_orders', monthOrders],
      ['closing_stock', stock],
      ['orders_seen', dayBaseline('orders_seen', day, day * 100, 'month_orders')],
      ['stock_seen', dayBaseline('stock_seen', day, day === 10 ? 1000 : 1100, 'closing_stock')],
    ]),
  );
const up10 = (id: string, over: Partial<ScenarioDriver> = {}): ScenarioDriver => ({
  kind: 'signal',
  id,
  change: 'relative',
  value: 0.1,
  from: nov(16),
  ...over,
});

describe('simulateWhatIf: a KPI of a shorter period reads a longer one to date at its own end', () => {
  it.each([
    // no order to date at the end of the 10th falls on or after the 16th (the month gets 15 days * 100 * 10 % = 150)
    ['+10 % orders from the 16th, read on the 10th: 0', up10('erp.orders'), 10, 0],
    // orders of the 16th to the 20th to date at the end of the 20th: 5 days * 100 * 10 % = 50
    ['+10 % orders from the 16th, read on the 20th: +50', up10('erp.orders'), 20, 50],
    // the monthly KPI's own total to date moved: 2000 to date, the driver covers 5 of its 20 days: 2000 * 10 % / 4
    ['+10 % on the monthly total from the 16th, read on the 20th: +50', up10('month_orders', { kind: 'kpi' }), 20, 50],
  ])('a total: %s', (_case, driver, day, expected) => {
    const { effect, run } = on(day);
    expect(effect(driver, 'orders_seen')).toBeCloseTo(expected, 9);
    expect(run(driver, 'orders_seen')?.approximate ?? null).toBeNull();
    // the month itself still moves by its whole change: 15 days * 100 * 10 %
    expect(effect(driver, 'month_orders')).toBeCloseTo(150, 9);
  });

  it.each([
    // the stock at the end of the 10th is before the change
    ['+10 % stock from the 16th, read on the 10th: 0', 10, 0],
    // the stock at the end of the 20th, 1100, +10 %: 110 (not the month end's 1290 * 10 % = 129)
    ['+10 % stock from the 16th, read on the 20th: +110', 20, 110],
  ])('a latest value: %s', (_case, day, expected) => {
    const { effect, run } = on(day);
    expect(effect(up10('wh.stock'), 'stock_seen')).toBeCloseTo(expected, 9);
    expect(run(up10('wh.stock'), 'stock_seen')?.approximate ?? null).toBeNull();
    expect(effect(up10('wh.stock'), 'closing_stock')).toBeCloseTo(129, 9);
  });

  it('a latest value without the monthly path at the day end: the month end stands in, said approximate', () => {
    const { effect, run } = on(20, { ...closingStock, path: undefined });
    // the level at the end of the 20th is not known: the month end's 1290 * 10 % = 129 stands in
    expect(effect(up10('wh.stock'), 'stock_seen')).toBeCloseTo(129, 9);
    const approximate = run(up10('wh.stock'), 'stock_seen')?.approximate;
    expect(approximate?.kpiId).toBe('closing_stock');
    expect(approximate?.reason).toMatch(/to date/);
  });

  it('a total without the path: accrued evenly, exact as totals are read', () => {
    // 3000 over 30 days: 2000 to date at the end of the 20th, 5 of its 20 days moved: 50
    const { effect, run } = on(20);
    const plain = exactEffects(
      model,
      new Map([
        ['month_orders', { ...monthOrders, path: undefined }],
        ['orders_seen', dayBaseline('orders_seen', 20, 2000, 'month_orders')],
      ]),
    );
    expect(plain.effect(up10('erp.orders'), 'orders_seen')).toBeCloseTo(50, 9);
    expect(plain.run(up10('erp.orders'), 'orders_seen')?.approximate ?? null).toBeNull();
    expect(effect(up10('erp.orders'), 'orders_seen')).toBeCloseTo(50, 9);
    expect(run(up10('erp.orders'), 'orders_seen')?.approximate ?? null).toBeNull();
  });
});

describe('simulateWhatIf: a later day reads the month it falls in, not the month as many periods ahead', () => {
  it('the 11th, one period after the 10th, reads November to date, not December', () => {
    const december: KpiBaseline = {
      kpiId: 'month_orders',
      period: { key: '2026-12', start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) },
      expected: 3100,
      sd: 0,
      terms: new Map([['sum(erp.orders, period)', 3100]]),
    };
    const result = simulateWhatIf(
      {
        model,
        baselines: new Map([
          ['month_orders', { ...monthOrders, path: undefined }],
          ['orders_seen', dayBaseline('orders_seen', 10, 1000, 'month_orders')],
        ]),
        laterBaselines: [
          new Map([
            ['month_orders', december],
            ['orders_seen', dayBaseline('orders_seen', 11, 1100, 'month_orders')],
          ]),
        ],
        links: [],
      },
      { drivers: [up10('erp.orders', { from: nov(11) })], draws: 10 },
    );
    const seen = result.kpis.find((k) => k.kpiId === 'orders_seen' && k.periodsAhead === 1);
    // November to date at the end of the 11th: 11 days * 100 = 1100, the driver covers 1 of them: 1100 * 10 % / 11
    // (December's 3100 all covered would give 310)
    expect(seen?.exactEffect).toBeCloseTo(10, 9);
    expect(seen?.approximate).toBeNull();
  });
});

describe("simulateWhatIf: a level's change over the month read to date follows the level, not even accrual", () => {
  const rises = TwinModelBuilder.model('test-model')
    .unit('acme')
    .addKpi(scoredKpi('stock_rise', 'acme', { formula: 'delta(wh.stock, period)', aggregation: 'last', target: 0 }))
    .addKpi(scoredKpi('rise_seen', 'acme', { formula: 'stock_rise', period: 'day', aggregation: 'last', target: 0 }))
    .build();
  // the stock opens November at 1000, stands at 1100 at the end of the 20th, closes at 1290
  const rise: KpiBaseline = {
    ...novemberBaseline('stock_rise', 290, { 'delta(wh.stock, period)': 290 }),
    openings: new Map([['wh.stock', 1000]]),
    path: [{ time: nov(21), expected: 100 }],
  };
  const effects = (month: KpiBaseline) =>
    exactEffects(
      rises,
      new Map([
        ['stock_rise', month],
        ['rise_seen', dayBaseline('rise_seen', 20, 100, 'stock_rise')],
      ]),
    );

  it('+10 % stock from the 16th, read at the end of the 20th: 1100 * 10 % = +110 from the path', () => {
    const { effect, run } = effects(rise);
    expect(effect(up10('wh.stock'), 'rise_seen')).toBeCloseTo(110, 9);
    expect(run(up10('wh.stock'), 'rise_seen')?.approximate ?? null).toBeNull();
  });

  it('without the path the rise is not taken as accruing evenly (1193.3 * 10 %): the month end stands in, said', () => {
    const { effect, run } = effects({ ...rise, path: undefined });
    // closing at the month end's 1290: +129, marked approximate
    expect(effect(up10('wh.stock'), 'rise_seen')).toBeCloseTo(129, 9);
    expect(run(up10('wh.stock'), 'rise_seen')?.approximate?.kpiId).toBe('stock_rise');
  });
});
