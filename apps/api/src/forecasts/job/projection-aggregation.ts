import { analyzeFormula, parseFormula } from '@bsc/formula';
import type { PeriodAggregation } from '@bsc/forecasting';
import { kpiAccumulation, type KpiDef } from '@bsc/twin';

/**
 * How a KPI's daily values make its period value, for the period-end projection from its own daily series (used
 * when the formula is not projected term by term, see periodTermPlan). The declared aggregation says it for sum and
 * average KPIs; a KPI declared `last` (the period-to-date value at period end) is read from its formula:
 * - a cumulative one (one period total, possibly over a level: `sum(hours, period) / last(headcount)`) adds up
 *   day by day: sum;
 * - another one with period windows is close to the average of its daily values: avg;
 * - anything else (snapshots such as inventory, sliding windows) is the value on the last day.
 */
export function projectionAggregation(kpi: KpiDef): PeriodAggregation {
  if (kpi.aggregation !== 'last' || !kpi.formula) return kpi.aggregation;
  if (kpiAccumulation(kpi) === 'cumulative') return 'sum';
  try {
    return analyzeFormula(parseFormula(kpi.formula)).usesPeriod ? 'avg' : 'last';
  } catch {
    return 'last'; // the model was validated; an unparsable formula cannot reach here
  }
}
