import { analyzeFormula, compileFormula, parseFormula, type FormulaAst, type WindowFunction } from '@bsc/formula';
import type { PeriodAggregation } from '@bsc/forecasting';
import type { KpiDef } from '@bsc/twin';

/** How each period aggregate of a formula adds up from its daily values. */
const TERM_AGGREGATION: Partial<Record<WindowFunction, PeriodAggregation>> = {
  sum: 'sum',
  count: 'sum',
  delta: 'sum',
  avg: 'avg',
  min: 'min',
  max: 'max',
};

/** One period aggregate of a KPI formula, e.g. `sum(hr.leavers, period)`. */
export interface PeriodTerm {
  /** Key of the term's daily series, the aggregate as written: "sum(hr.leavers, period)". */
  key: string;
  /** The term as a formula of its own (the daily series evaluates it per day). */
  formula: string;
  aggregation: PeriodAggregation;
}

export interface PeriodTermPlan {
  terms: PeriodTerm[];
  /** The KPI's formula evaluated with each term replaced by the given period value (by term key). */
  evaluate(values: ReadonlyMap<string, number>): number | null;
}

export const periodTermKey = (fn: WindowFunction, id: string): string => `${fn}(${id}, period)`;

/**
 * A KPI whose formula combines two or more period aggregates and nothing else (a ratio of period sums, leavers
 * over average headcount, a product of period averages) is projected term by term: each aggregate is projected to
 * period end in its own terms and the formula is evaluated on the projections, so a ratio is the projected
 * numerator over the projected denominator, never an average of daily ratios. Null for any other formula.
 */
export function periodTermPlan(kpi: KpiDef): PeriodTermPlan | null {
  const ast = parsed(kpi.formula);
  if (!ast) return null;
  const analysis = analyzeFormula(ast);
  if (analysis.latest.length > 0 || analysis.windows.length < 2) return null;
  const terms: PeriodTerm[] = [];
  for (const use of analysis.windows) {
    const aggregation = TERM_AGGREGATION[use.fn];
    if (use.window !== 'period' || !aggregation) return null;
    const key = periodTermKey(use.fn, use.id);
    terms.push({ key, formula: key, aggregation });
  }
  const formula = compileFormula(ast);
  return {
    terms,
    evaluate: (values) =>
      formula({ resolveLatest: () => null, resolveWindow: (fn, id) => values.get(periodTermKey(fn, id)) ?? null }),
  };
}

function parsed(formula: string | undefined): FormulaAst | null {
  if (!formula) return null;
  try {
    return parseFormula(formula);
  } catch {
    return null; // the model was validated; an unparsable formula cannot reach here
  }
}
