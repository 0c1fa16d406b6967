import type { FormulaTerm } from '@bsc/formula';
import { FiscalCalendar } from '@bsc/kpi';
import { TwinModelBuilder, type TwinModel } from '@bsc/twin';
import { scoredKpi } from '../test-support/scorecard-items.builder';
import { attributeKpiChange } from './kpi-attribution';
import type { AttributionData } from './kpi-attribution.types';

// oee = a * p / 100 from (80, 50) to (90, 60): 40 -> 54; plant = 2 * oee + sum(x): 90 -> 115
const TERMS: Record<string, Record<string, Record<string, number>>> = {
  oee: {
    '2026-10': { 'avg(l.a, period)': 80, 'avg(l.p, period)': 50 },
    '2026-11': { 'avg(l.a, period)': 90, 'avg(l.p, period)': 60 },
  },
  plant: {
    '2026-10': { oee: 40, 'sum(x, period)': 10 },
    '2026-11': { oee: 54, 'sum(x, period)': 7 },
  },
};
const VALUES: Record<string, Record<string, number>> = {
  oee: { '2026-10': 40, '2026-11': 54 },
  plant: { '2026-10': 90, '2026-11': 115 },
};

const data: AttributionData = {
  terms: (kpiId: string, periodKey: string, terms: readonly FormulaTerm[]) => {
    const known = TERMS[kpiId]?.[periodKey];
    return known ? new Map(terms.map((t) => [t.key, known[t.key] ?? null])) : null;
  },
  value: (kpiId: string, periodKey: string) => VALUES[kpiId]?.[periodKey] ?? null,
  // plant and oee are monthly: the same month
  inputPeriod: (_kpiId: string, periodKey: string) => periodKey,
};

function model(): TwinModel {
  const m = TwinModelBuilder.model('test-model')
    .unit('acme')
    .unit('north', 'acme')
    .unit('south', 'acme')
    .addKpi(scoredKpi('oee', 'north', { formula: 'avg(l.a, period) * avg(l.p, period) / 100' }))
    .addKpi(
      scoredKpi('plant', 'acme', {
        formula: '2 * oee + sum(x, period)',
        targets: [
          { period: '2026-10', value: 60 },
          { period: '2026-11', value: 65 },
        ],
      }),
    )
    .build();
  m.processes.push({ id: 'line', name: 'line', unit: 'north' }, { id: 'shipping', name: 'shipping', unit: 'south' });
  m.assets.push({ id: 'l.machine', name: 'machine', process: 'line' });
  m.signals.push(
    { id: 'l.a', name: 'a', unit: '%', dataType: 'double', measures: 'l.machine', source: { kind: 'http' } },
    { id: 'l.p', name: 'p', unit: '%', dataType: 'double', measures: 'l.machine', source: { kind: 'http' } },
    { id: 'x', name: 'x', unit: '', dataType: 'double', measures: 'shipping', source: { kind: 'http' } },
  );
  return m;
}

describe(attributeKpiChange.name, () => {
  const m = model();
  const calendar = new FiscalCalendar(m.calendar);
  const sut = () =>
    attributeKpiChange(m, calendar, data, { kpiId: 'plant', fromKey: '2026-10', toKey: '2026-11', reportedFrom: 88 });

  it('splits a KPI over its terms and an input KPI over its own, scaled to its share', () => {
    const result = sut();
    expect(result.change).toBe(25);
    // 2 * oee: 2 * 14 = 28; sum(x): -3. Inside oee (Shapley of a product): a 10 * (50 + 60) / 2 / 100 = 5.5,
    // p 10 * (80 + 90) / 2 / 100 = 8.5; scaled by 28 / 14 = 2 -> 11 and 17.
    const [oee, x] = result.parts;
    expect(oee).toMatchObject({
      term: 'oee',
      source: 'kpi',
      before: 40,
      after: 54,
      periods: { from: '2026-10', to: '2026-11' },
    });
    expect(oee.contribution).toBeCloseTo(28, 9);
    expect(x).toMatchObject({ term: 'sum(x, period)', source: 'signal', contribution: -3, parts: [] });
    expect(oee.parts.map((p) => [p.id, round(p.contribution)])).toEqual([
      ['l.a', 11],
      ['l.p', 17],
    ]);
  });

  it('sums the leaves per signal, asset and unit, adding up to the change', () => {
    const result = sut();
    expect(result.bySignal.map((g) => [g.id, round(g.contribution)])).toEqual([
      ['l.p', 17],
      ['l.a', 11],
      ['x', -3],
    ]);
    expect(result.byAsset.map((g) => [g.id, round(g.contribution)])).toEqual([
      ['l.machine', 28],
      ['shipping', -3],
    ]);
    expect(result.byUnit.map((g) => [g.id, round(g.contribution)])).toEqual([
      ['north', 28],
      ['south', -3],
    ]);
  });

  it('reports corrections against the value known then and the move of the target', () => {
    const result = sut();
    // from now 90, reported 88: corrections +2, change seen against the report 25 + 2
    expect(result).toMatchObject({ corrections: 2, reportedChange: 27, targetChange: 5, gapChange: 20 });
    expect(result.from).toMatchObject({ value: 90, target: 60, reportedValue: 88 });
    expect(result.to).toMatchObject({ value: 115, target: 65 });
    // one model throughout: nothing is the model's
    expect(result.modelChange).toBe(0);
  });

  it('rejects a period without a value', () => {
    expect(() =>
      attributeKpiChange(m, calendar, data, { kpiId: 'plant', fromKey: '2026-09', toKey: '2026-11' }),
    ).toThrow(/no value for 2026-09/);
  });
});

const round = (x: number) => Math.round(x * 1e9) / 1e9;

describe(`${attributeKpiChange.name} across a model change`, () => {
  const PRICE_QTY = 'avg(price, period) * sum(qty, period)';
  const revenue = (formula: string, target: { period: string; value: number }) =>
    TwinModelBuilder.model('shop')
      .unit('acme')
      .addKpi(scoredKpi('revenue', 'acme', { formula, targets: [target] }))
      .build();
  // revenue = price x qty at from (October), price x qty + services at to (November)
  const atFrom = revenue(PRICE_QTY, { period: '2026-10', value: 60 });
  const atTo = revenue(`${PRICE_QTY} + sum(services, period)`, { period: '2026-11', value: 100 });
  const terms: Record<string, Record<string, number>> = {
    '2026-10': { 'avg(price, period)': 10, 'sum(qty, period)': 5, 'sum(services, period)': 0 },
    '2026-11': { 'avg(price, period)': 12, 'sum(qty, period)': 6, 'sum(services, period)': 20 },
  };
  // each model's own evaluation of the periods: October 10 * 5 = 50; November 12 * 6 = 72, or 72 + 20 = 92
  const evaluated = (values: Record<string, number>): AttributionData => ({
    terms: (_kpiId, periodKey, wanted) =>
      terms[periodKey] ? new Map(wanted.map((t) => [t.key, terms[periodKey][t.key] ?? null])) : null,
    value: (_kpiId, periodKey) => values[periodKey] ?? null,
    inputPeriod: () => null,
  });
  const calendar = new FiscalCalendar(atFrom.calendar);

  it('splits the data change with the formula of `from` and reports the new term as the model change', () => {
    const result = attributeKpiChange(atFrom, calendar, evaluated({ '2026-10': 50, '2026-11': 72 }), {
      kpiId: 'revenue',
      fromKey: '2026-10',
      toKey: '2026-11',
      modelTo: { model: atTo, data: evaluated({ '2026-11': 92 }) },
    });

    // 50 -> 92: 42 in all. Under price x qty 50 -> 72 = 22, Shapley of a product: price (12 - 10) * (5 + 6) / 2 = 11,
    // qty (6 - 5) * (10 + 12) / 2 = 11; the services term the new formula adds: 92 - 72 = 20
    expect(result.change).toBe(42);
    expect(result.parts.map((p) => [p.id, round(p.contribution)])).toEqual([
      ['price', 11],
      ['qty', 11],
    ]);
    expect(result.modelChange).toBe(20);
    expect(round(result.parts.reduce((sum, p) => sum + p.contribution, 0) + result.modelChange)).toBe(42);
    // each end's target from the model in force then: 100 - 60
    expect(result).toMatchObject({ from: { value: 50, target: 60 }, to: { value: 92, target: 100 }, targetChange: 40 });
  });
});

describe(`${attributeKpiChange.name} between two instants`, () => {
  // revenue = sum(orders, period), a cumulative KPI: its to-date target is phased linearly (calendar) by default;
  // yield = avg(y, period), a level: judged against its full target at any time
  const m = TwinModelBuilder.model('test-model')
    .unit('acme')
    .addKpi(
      scoredKpi('revenue', 'acme', {
        formula: 'sum(orders, period)',
        aggregation: 'sum',
        targets: [{ period: '2026-11', value: 300 }],
      }),
    )
    .addKpi(scoredKpi('yield', 'acme', { formula: 'avg(y, period)', targets: [{ period: '2026-11', value: 90 }] }))
    .build();
  const calendar = new FiscalCalendar(m.calendar);
  const nov = calendar.parsePeriodKey('2026-11');
  // a third and two thirds of November: after 10 and 20 of its 30 days
  const T1 = nov.start + (nov.end - nov.start) / 3;
  const T2 = nov.start + (2 * (nov.end - nov.start)) / 3;
  const asOf = (value: number): AttributionData => ({
    terms: (_kpiId, _periodKey, terms) => new Map(terms.map((t) => [t.key, value])),
    value: () => value,
    inputPeriod: () => null,
  });
  const sut = (kpiId: string, from: number, to: number) =>
    attributeKpiChange(
      m,
      calendar,
      { from: asOf(from), to: asOf(to) },
      { kpiId, fromKey: '2026-11', toKey: '2026-11', fromAt: T1, toAt: T2 },
    );

  it('compares to-date values with the target due by each instant, as the scorecard judges them', () => {
    // exactly on plan: 100 orders by a third of the month, 200 by two thirds; due 300 x 1/3 = 100, 300 x 2/3 = 200
    const result = sut('revenue', 100, 200);

    expect(result.change).toBeCloseTo(100, 9);
    expect(result.from.target).toBeCloseTo(100, 6);
    expect(result.to.target).toBeCloseTo(200, 6);
    expect(result.targetChange).toBeCloseTo(100, 6);
    expect(result.gapChange).toBeCloseTo(0, 6);
  });

  it('keeps the full target of a level KPI, which is not phased', () => {
    const result = sut('yield', 85, 88);

    expect(result).toMatchObject({ from: { target: 90 }, to: { target: 90 }, targetChange: 0, gapChange: 3 });
  });
});
