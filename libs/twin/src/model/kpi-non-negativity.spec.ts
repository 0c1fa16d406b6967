import { TwinModelBuilder } from '../testing/twin-model.builder';
import { nonNegativity } from './kpi-non-negativity';

describe(nonNegativity.name, () => {
  // good: a count declared >= 0; temp: a gauge that may go below zero; meter: a counter; running: a boolean
  const model = TwinModelBuilder.model()
    .signal(
      { id: 'good', range: { min: 0 } },
      { id: 'scrap', range: { min: 0, max: 1000 } },
      { id: 'temp', range: { min: -40, max: 80 } },
      { id: 'level' },
      { id: 'meter', kind: 'counter' },
      { id: 'running', dataType: 'bool' },
    )
    .kpi('output', 'sum(good, period)', { aggregation: 'sum' })
    .kpi('net', 'sum(good, period) - sum(scrap, period)', { aggregation: 'sum' })
    .kpi('net_declared', 'sum(good, period) - sum(scrap, period)', { range: { min: 0 } })
    .kpi('per_output', 'safediv(sum(scrap, period), output) * 100', { aggregation: 'last' })
    .kpi('manual', undefined)
    .kpi('manual_bounded', undefined, { range: { min: 0, max: 10 } })
    .kpi('samples', 'avg(temp, period)', { aggregation: 'count' })
    .build();
  const sut = nonNegativity(model);

  it.each([
    ['a period sum of a signal declared >= 0', 'output', true],
    ['a difference of two non-negative sums', 'net', false],
    ['the same difference with a declared range.min of 0', 'net_declared', true],
    ['a ratio of non-negative inputs, one of them a KPI', 'per_output', true],
    ['a manual KPI without a range', 'manual', false],
    ['a manual KPI with range.min 0', 'manual_bounded', true],
    ['a count of values, whatever they are', 'samples', true],
    ['an unknown id', 'nope', false],
  ])('KPI: %s (%s) → %s', (_name, id, expected) => {
    expect(sut.kpi(id)).toBe(expected);
  });

  it.each([
    ['a gauge with a negative range.min', 'avg(temp, period)', false],
    ['a gauge without a range', 'last(level)', false],
    ['the count of any signal', 'count(temp, period)', true],
    ['the spread of any signal', 'stddev(temp, 1h)', true],
    ["a counter's increase (a reset restarts from 0)", 'delta(meter, period)', true],
    ['the change of a gauge declared >= 0 (it can fall)', 'delta(good, period)', false],
    ['a boolean', 'avg(running, period) * 100', true],
    ['unary minus', '-sum(good, period)', false],
    ['abs of anything', 'abs(avg(temp, period))', true],
    ['ln of a non-negative input (ln 0.5 < 0)', 'ln(last(good))', false],
    ['max with one non-negative argument', 'max(avg(temp, period), 0)', true],
    ['min with one argument that may be negative', 'min(avg(temp, period), last(good))', false],
    ['clamp from 0', 'clamp(last(temp), 0, 100)', true],
    ['a remainder takes the dividend sign', 'last(good) % last(temp)', true],
    ['a conditional of non-negative branches', 'last(temp) > 0 ? last(good) : 0', true],
    ['a comparison gives 0 or 1', 'last(temp) < 10', true],
  ])('formula: %s (%s) → %s', (_name, formula, expected) => {
    expect(sut.formula(formula)).toBe(expected);
  });

  it('follows a cascading KPI to its family members', () => {
    const cascade = TwinModelBuilder.model()
      .unit('group')
      .unit('north', 'group')
      .unit('south', 'group')
      .signal({ id: 'n.good', range: { min: 0 } }, { id: 's.good', range: { min: 0 } }, { id: 's.temp' })
      .kpi('out_n', 'sum(n.good, period)', { family: 'out', orgUnit: 'north' })
      .kpi('out_s', 'sum(s.good, period)', { family: 'out', orgUnit: 'south' })
      .kpi('out_group', undefined, { family: 'out', orgUnit: 'group', manualEntry: false, rollup: 'sum' })
      .kpi('t_n', 'sum(n.good, period)', { family: 't', orgUnit: 'north' })
      .kpi('t_s', 'last(s.temp)', { family: 't', orgUnit: 'south' })
      .kpi('t_group', undefined, { family: 't', orgUnit: 'group', manualEntry: false })
      .build();

    const signs = nonNegativity(cascade);

    expect(signs.kpi('out_group')).toBe(true);
    expect(signs.kpi('t_group')).toBe(false); // one member may be negative
  });
});
