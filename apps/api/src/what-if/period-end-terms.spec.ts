import { simulateWhatIf, type KpiBaseline, type ScenarioDriver } from '@bsc/scorecard';
import { TwinModelBuilder, type KpiDef } from '@bsc/twin';
import type { PeriodEndView } from '../forecasts/forecast-provider.port';
import { periodEndTerms } from './period-end-terms';

const NOV = { key: '2026-11', start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) };
const ORDERS = 'sum(erp.orders, period)';
const kpi = (formula: string): KpiDef => ({ id: 'k', aggregation: 'last', formula }) as KpiDef;
const expecting = (expected: number): PeriodEndView => ({
  periodKey: NOV.key,
  target: null,
  expected,
  lower80: expected,
  upper80: expected,
  probabilityOfMeetingTarget: null,
});
const terms = (values: Record<string, number | null>) => new Map(Object.entries(values));

describe(periodEndTerms.name, () => {
  it.each([
    // nothing read yet (no sample: the sum is null), 7500 expected at 25 an order: 7500 / 25 = 300 orders
    ['nothing accrued, no sample yet', `${ORDERS} * 25`, { [ORDERS]: null }, 7500, ORDERS, 300],
    // samples of 0 so far: the same 300
    ['nothing accrued, samples of 0', `${ORDERS} * 25`, { [ORDERS]: 0 }, 7500, ORDERS, 300],
    // 100 orders and a backlog of 100 so far (200), 400 expected: 400 - 100 = 300 orders (scaling by 400 / 200
    // would make them 200, and the formula 300, not the 400 the forecast expects)
    ['a total plus a level', `${ORDERS} + erp.backlog`, { [ORDERS]: 100, 'erp.backlog': 100 }, 400, ORDERS, 300],
    // 2 million so far beside a billion, a billion and 6 expected: (1e9 + 6 - 1e9) * 1e6 = 6 million
    [
      'a total beside a large constant',
      `${ORDERS} / 1000000 + 1000000000`,
      { [ORDERS]: 2_000_000 },
      1_000_000_006,
      ORDERS,
      6_000_000,
    ],
    // 2 leavers over 100 heads so far, 0.06 expected: 0.06 * 100 = 6 leavers; the headcount stands
    [
      'a total over a level',
      'sum(hr.leavers, period) / avg(hr.headcount, period)',
      { 'sum(hr.leavers, period)': 2, 'avg(hr.headcount, period)': 100 },
      0.06,
      'sum(hr.leavers, period)',
      6,
    ],
  ])('carries %s to the forecast: the running total makes the expected value', (_, f, toDate, exp, key, total) => {
    const sut = periodEndTerms(kpi(f), terms(toDate), expecting(exp));

    expect(sut.get(key)).toBeCloseTo(total, 9);
  });

  it('leaves a level as it stands to date', () => {
    const toDate = terms({ 'avg(line1.oee, period)': 80 });

    expect(periodEndTerms(kpi('avg(line1.oee, period)'), toDate, expecting(85))).toBe(toDate);
  });

  it('lets a relative driver on the orders move a KPI with nothing accrued yet by its share of the projection', () => {
    // 1 Nov, no order yet, 7500 expected: 300 orders; +10 % orders all month is +30 orders, +750
    const def: KpiDef = { ...kpi(`${ORDERS} * 25`), id: 'order_value', orgUnit: 'acme' };
    const model = TwinModelBuilder.model('test-model').unit('acme').addKpi(def).build();
    const baseline: KpiBaseline = {
      kpiId: def.id,
      period: NOV,
      expected: 7500,
      sd: 0,
      terms: periodEndTerms(def, terms({ [ORDERS]: null }), expecting(7500)),
    };
    const driver: ScenarioDriver = { kind: 'signal', id: 'erp.orders', change: 'relative', value: 0.1 };

    const sut = simulateWhatIf({ model, baselines: new Map([[def.id, baseline]]), links: [] }, { drivers: [driver] });

    expect(sut.kpis.find((k) => k.kpiId === def.id)?.exactEffect).toBeCloseTo(750, 9);
  });
});
