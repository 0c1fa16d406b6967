import { analyzeFormula, parseFormula } from '@bsc/formula';
import type { KpiDef, TargetPhasingDef } from './twin-model.types';

/**
 * Whether a KPI's period value is a running total that grows through the period (`cumulative`: revenue, units,
 * incidents, leavers over average headcount) or a level that can sit anywhere at any time (`level`: averages,
 * ratios of period totals, snapshots).
 */
export type KpiAccumulation = 'cumulative' | 'level';

const ADDITIVE = new Set(['sum', 'count', 'delta']);

/** Whether a window function's period value adds up over the period (a running total: sum, count, delta). */
export function isPeriodTotal(fn: string): boolean {
  return ADDITIVE.has(fn);
}

/**
 * Declared `sum` and `count` KPIs are cumulative. A KPI declared `last` takes its period value from its formula,
 * read here: exactly one period total (sum, count, delta) and no sliding windows is cumulative, also when divided
 * by a level (`sum(leavers, period) / avg(headcount, period)`); two period totals make a ratio (a level).
 */
export function kpiAccumulation(def: KpiDef): KpiAccumulation {
  if (def.aggregation === 'sum' || def.aggregation === 'count') return 'cumulative';
  if (def.aggregation !== 'last' || !def.formula) return 'level';
  // scoring asks for every KPI on every scorecard: parse each formula once
  let known = FROM_FORMULA.get(def.formula);
  if (!known) FROM_FORMULA.set(def.formula, (known = fromFormula(def.formula)));
  return known;
}

const FROM_FORMULA = new Map<string, KpiAccumulation>();
const FROM_FORMULA_MAX = 10_000;

function fromFormula(formula: string): KpiAccumulation {
  if (FROM_FORMULA.size >= FROM_FORMULA_MAX) FROM_FORMULA.clear();
  let totals = 0;
  let sliding = 0;
  try {
    for (const use of analyzeFormula(parseFormula(formula)).windows) {
      if (use.window !== 'period') sliding++;
      else if (isPeriodTotal(use.fn)) totals++;
    }
  } catch {
    return 'level'; // the model was validated; an unparsable formula cannot reach here
  }
  return totals === 1 && sliding === 0 ? 'cumulative' : 'level';
}

/**
 * The phasing that applies to a KPI's targets: the declared one, else a to-date target (linear in calendar time)
 * for cumulative KPIs, as scorecard users expect of a budget, and the full target for levels and bands.
 */
export function targetPhasingOf(def: KpiDef): TargetPhasingDef {
  if (def.phasing) return def.phasing;
  if (def.direction === 'band') return { mode: 'none' };
  return kpiAccumulation(def) === 'cumulative' ? { mode: 'calendar' } : { mode: 'none' };
}
