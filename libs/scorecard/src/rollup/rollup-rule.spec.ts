import type { KpiDirection, RollupRule } from '@bsc/twin';
import { combineByRule, type RuleInput } from './rollup-rule';

const inputs: RuleInput[] = [
  { value: 10, weight: 2 },
  { value: 40, weight: 1 },
  { value: 25, weight: 1 },
];

describe(combineByRule.name, () => {
  it.each<[RollupRule, KpiDirection, number]>([
    ['sum', 'higher_is_better', 75],
    ['weighted_average', 'higher_is_better', (20 + 40 + 25) / 4],
    ['worst', 'higher_is_better', 10],
    ['best', 'higher_is_better', 40],
    ['worst', 'lower_is_better', 40],
    ['best', 'lower_is_better', 10],
  ])('%s for %s', (rule, direction, expected) => {
    expect(combineByRule(rule, direction, inputs)).toBeCloseTo(expected, 9);
  });

  it.each<[RollupRule, number]>([
    ['worst', 10],
    ['best', 25],
  ])('%s for a band [20, 32] judges distance from the band', (rule, expected) => {
    expect(combineByRule(rule, 'band', inputs, { lower: 20, upper: 32 })).toBe(expected);
  });

  it('is null without inputs', () => expect(combineByRule('sum', 'higher_is_better', [])).toBeNull());

  it('falls back to a plain mean when all weights are zero', () => {
    expect(
      combineByRule('weighted_average', 'higher_is_better', [
        { value: 2, weight: 0 },
        { value: 4, weight: 0 },
      ]),
    ).toBe(3);
  });
});
