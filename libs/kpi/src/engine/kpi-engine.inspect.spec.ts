import { evaluateFormula, parseFormula } from '@bsc/formula';
import { TwinModelBuilder } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';
import { testSample as sample } from '@bsc/common';

const T0 = Date.UTC(2026, 10, 22); // 2026-11-22T00:00Z
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe(`${KpiEngine.name}.inspect`, () => {
  const model = () =>
    TwinModelBuilder.model()
      .signal('units', 'price')
      .declare({ kind: 'amount' }, 'units')
      .kpi('revenue', 'sum(units, period) * avg_samples(price, period)');

  it('reads each term of a closed period as its evaluation saw it', () => {
    const sut = new KpiEngine(model().build(), { clock: () => 0 });
    sut.replay([
      sample('units', T0 + HOUR, 40),
      sample('units', T0 + 2 * HOUR, 60),
      sample('price', T0 + HOUR, 9),
      sample('price', T0 + 2 * HOUR, 11),
      sample('units', T0 + DAY + HOUR, 5),
    ]);
    const terms = sut.inspect('revenue', '2026-11-22', (ctx) => [
      evaluateFormula(parseFormula('sum(units, period)'), ctx),
      evaluateFormula(parseFormula('avg_samples(price, period)'), ctx),
    ]);
    // units 40 + 60; price (9 + 11) / 2; the KPI is their product
    expect(terms).toEqual([100, 10]);
    expect(sut.valueOf('revenue', '2026-11-22')?.value).toBe(1000);
  });

  it('answers null for an unknown KPI or a period of another kind', () => {
    const sut = new KpiEngine(model().build(), { clock: () => 0 });
    expect(sut.inspect('nope', '2026-11-22', () => 1)).toBeNull();
    expect(sut.inspect('revenue', '2026-11', () => 1)).toBeNull();
  });
});

describe(`${KpiEngine.name}.inputPeriodKey`, () => {
  const model = TwinModelBuilder.model()
    .signal('units')
    .declare({ kind: 'amount' }, 'units')
    .kpi('daily', 'sum(units, period)', { period: 'day', aggregation: 'sum' })
    .kpi('monthly', 'daily * 2', { period: 'month' })
    .build();

  it('names the input period a bare KPI id read: of the newest sample inside an open period, else the last', () => {
    const sut = new KpiEngine(model, { clock: () => 0 });
    // newest sample 22 November 10:00: November is open, its evaluation ends there
    sut.replay([sample('units', Date.UTC(2026, 9, 31, 10), 3), sample('units', T0 + 10 * HOUR, 4)]);

    expect(sut.inputPeriodKey('monthly', '2026-11', 'daily')).toBe('2026-11-22');
    expect(sut.valueOf('monthly', '2026-11')?.value).toBe(8); // 4 * 2: the day read is the 22nd
    expect(sut.inputPeriodKey('monthly', '2026-10', 'daily')).toBe('2026-10-31');
    expect(sut.inputPeriodKey('monthly', '2026-11-22', 'daily')).toBeNull();
  });
});
