import type { KpiDirection, RollupRule } from '@bsc/twin';

export interface RuleInput {
  value: number;
  weight: number;
}

/**
 * Combines child values of one KPI family into the parent's value. `worst` / `best` follow the parent's direction;
 * for band KPIs they pick the value farthest from / nearest to the band (its middle when no band is known).
 * Null when there is nothing to combine.
 */
export function combineByRule(
  rule: RollupRule,
  direction: KpiDirection,
  inputs: readonly RuleInput[],
  band?: { lower: number; upper: number },
): number | null {
  if (inputs.length === 0) return null;
  switch (rule) {
    case 'sum':
      return inputs.reduce((sum, x) => sum + x.value, 0);
    case 'weighted_average': {
      const weighted = inputs.filter((x) => x.weight > 0);
      const total = weighted.reduce((sum, x) => sum + x.weight, 0);
      if (total === 0) return inputs.reduce((sum, x) => sum + x.value, 0) / inputs.length;
      return weighted.reduce((sum, x) => sum + x.weight * x.value, 0) / total;
    }
    case 'worst':
      return pick(inputs, badness(direction, band), 1);
    case 'best':
      return pick(inputs, badness(direction, band), -1);
  }
}

/** Larger = worse for this direction. */
function badness(direction: KpiDirection, band?: { lower: number; upper: number }): (v: number) => number {
  switch (direction) {
    case 'higher_is_better':
      return (v) => -v;
    case 'lower_is_better':
      return (v) => v;
    case 'band': {
      if (!band) return (v) => v;
      const middle = (band.lower + band.upper) / 2;
      return (v) => Math.abs(v - middle);
    }
  }
}

function pick(inputs: readonly RuleInput[], bad: (v: number) => number, sign: 1 | -1): number {
  let chosen = inputs[0].value;
  for (const { value } of inputs) if (sign * (bad(value) - bad(chosen)) > 0) chosen = value;
  return chosen;
}
