import { TwinModelBuilder } from '@bsc/twin';
import { aKpiValue, scoredKpi } from '../test-support/scorecard-items.builder';
import { cascadedKpiValues, cascadedValuesAbove, cascadeInputs } from './cascaded-values';

describe(cascadedKpiValues.name, () => {
  // plant (no formula) <- area (no formula, no own value) <- lines 1 and 2; line 3 sits under a unit with no KPI of
  // the family (looked through); the hall's KPI has a formula, so its stored value is its own
  const derived = { family: 'output', formula: undefined, rollup: 'sum' as const };
  const model = TwinModelBuilder.model('m')
    .unit('plant')
    .unit('area', 'plant')
    .unit('line1', 'area')
    .unit('line2', 'area')
    .unit('hall', 'plant')
    .unit('bay', 'hall')
    .unit('line3', 'bay')
    .addKpi(scoredKpi('plant-out', 'plant', derived))
    .addKpi(scoredKpi('area-out', 'area', derived))
    .addKpi(scoredKpi('line1-out', 'line1', { family: 'output' }))
    .addKpi(scoredKpi('line2-out', 'line2', { family: 'output' }))
    .addKpi(scoredKpi('line3-out', 'line3', { family: 'output' }))
    .build();
  const stored = new Map([
    ['line1-out', aKpiValue('line1-out', 10)],
    ['line2-out', aKpiValue('line2-out', 20)],
    ['line3-out', aKpiValue('line3-out', 5)],
  ]);
  const kpi = (id: string) => model.kpis.find((k) => k.id === id)!;

  it('reads the KPIs and every KPI their cascades read, and values them as the scorecard does', () => {
    const asked = cascadeInputs(model, [kpi('plant-out'), kpi('line1-out')]);

    const sut = cascadedKpiValues(model, [kpi('plant-out'), kpi('line1-out')], stored, {
      periodKeyFor: () => '2026-11',
    });

    // area = 10 + 20 = 30; plant = area 30 + line3 5 (bay looked through) = 35
    expect(asked.map((k) => k.id).sort()).toEqual(['area-out', 'line1-out', 'line2-out', 'line3-out', 'plant-out']);
    expect(sut.get('plant-out')?.value).toBe(35);
    expect(sut.get('line1-out')?.value).toBe(10);
  });

  it("gives no value for another period's stored values", () => {
    const sut = cascadedKpiValues(model, [kpi('area-out')], stored, { periodKeyFor: () => '2026-12' });

    expect(sut.get('area-out')).toBeNull();
  });

  it.each([
    // [changed KPIs, the cascaded KPIs above them, valued]
    [
      ['line1-out'],
      [
        ['area-out', 30],
        ['plant-out', 35],
      ],
    ],
    [['line3-out'], [['plant-out', 35]]],
    [['area-out'], [['plant-out', 35]]],
    [['plant-out'], []],
  ])('values the cascaded KPIs above %j, and only those', (changed, expected) => {
    const sut = cascadedValuesAbove(model, changed, stored, { periodKeyFor: () => '2026-11' });

    expect(sut.map((v) => [v.kpiId, v.value]).sort()).toEqual(expected);
  });
});
