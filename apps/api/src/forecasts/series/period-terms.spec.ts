import type { KpiDef } from '@bsc/twin';
import { periodTermPlan } from './period-terms';

const kpi = (id: string, formula: string, over: Partial<KpiDef> = {}): KpiDef =>
  ({ id, formula, aggregation: 'last', period: 'quarter', ...over }) as KpiDef;
const kpis = new Map(
  [
    kpi('revenue', 'sum(erp.order_value, period)', { aggregation: 'sum' }),
    kpi('cogs', 'sum(erp.cogs, period)', { aggregation: 'sum' }),
    kpi('csat', 'avg(crm.csat_score, period)', { aggregation: 'avg' }),
    kpi('monthly_revenue', 'sum(erp.order_value, period)', { aggregation: 'sum', period: 'month' }),
  ].map((k) => [k.id, k]),
);
const model = { kpis, counters: new Set(['meter.energy']) };

describe(periodTermPlan.name, () => {
  it.each([
    [
      'a ratio of period sums',
      'safediv(sum(erp.orders_on_time, period), sum(erp.orders_shipped, period))',
      ['sum(erp.orders_on_time, period):sum', 'sum(erp.orders_shipped, period):sum'],
    ],
    ['a margin of two KPIs of the quarter', 'safediv(revenue - cogs, revenue) * 100', ['revenue:sum*', 'cogs:sum*']],
    ['one KPI read, scaled', 'revenue / 1000', ['revenue:sum*']],
    [
      'a KPI read beside a period aggregate',
      'csat * sum(crm.tickets, period)',
      ['csat:avg*', 'sum(crm.tickets, period):sum'],
    ],
    ['one period aggregate: its own series says it', 'sum(erp.order_value, period) / 1000', null],
    [
      "a gauge's change: its days' own deltas miss the steps between them",
      'delta(erp.backlog, period)',
      ['delta(erp.backlog, period):sum~'],
    ],
    ["a counter's delta: its days' deltas add up, its own series says it", 'delta(meter.energy, period)', null],
    ["a signal's latest value", 'safediv(sum(erp.cogs, period), erp.inventory_value)', null],
    ['a KPI of another period (its value to date is not its period end)', 'revenue - monthly_revenue', null],
  ])('%s', (_, formula, terms) => {
    const sut = periodTermPlan(kpi('k', formula), model);

    const described =
      sut?.terms.map((t) => `${t.key}:${t.aggregation}${t.kpi ? '*' : ''}${t.change ? '~' : ''}`) ?? null;
    expect(described).toEqual(terms);
  });

  it('evaluates the formula on the projected KPIs: a margin of totals, not of days', () => {
    const sut = periodTermPlan(kpi('gross_margin', 'safediv(revenue - cogs, revenue) * 100'), model)!;

    // 9200 revenue and 6360 cost: (9200 - 6360) / 9200 = 30.87 %
    const value = sut.evaluate(
      new Map([
        ['revenue', 9200],
        ['cogs', 6360],
      ]),
    );

    expect(value).toBeCloseTo((2840 / 9200) * 100, 12);
  });

  it('without the model it reads no KPIs', () => {
    expect(periodTermPlan(kpi('gross_margin', 'safediv(revenue - cogs, revenue) * 100'))).toBeNull();
  });
});
