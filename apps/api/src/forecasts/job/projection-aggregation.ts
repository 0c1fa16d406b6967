import { analyzeFormula, parseFormula } from '@bsc/formula';
import type { PeriodAggregation } from '@bsc/forecasting';
import type { KpiDef } from '@bsc/twin';

/**
 * How a KPI's daily values make its period value, for the period-end projection. The declared aggregation says it
 * for sum and average KPIs; a KPI declared `last` (the period-to-date value at period end) is read from its formula:
 * - one period sum over other, non-period terms (`sum(hours, period) / last(headcount)`) adds up day by day: sum;
 * - a ratio of period sums (`sum(scrap, period) / sum(made, period)`) is close to the average of the daily ratios;
 * - anything else (snapshots such as inventory, sliding windows) is the value on the last day.
 */
export function projectionAggregation(kpi: KpiDef): PeriodAggregation {
  if (kpi.aggregation !== 'last' || !kpi.formula) return kpi.aggregation;
  let periodSums = 0;
  let otherPeriodWindows = 0;
  try {
    for (const use of analyzeFormula(parseFormula(kpi.formula)).windows) {
      if (use.window !== 'period') continue;
      if (use.fn === 'sum' || use.fn === 'count') periodSums++;
      else otherPeriodWindows++;
    }
  } catch {
    return kpi.aggregation; // the model was validated; an unparsable formula cannot reach here
  }
  if (periodSums === 1 && otherPeriodWindows === 0) return 'sum';
  if (periodSums >= 2 || otherPeriodWindows > 0) return 'avg';
  return 'last';
}
