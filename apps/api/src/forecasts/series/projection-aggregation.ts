import { analyzeFormula, parseFormula, type FormulaAst } from '@bsc/formula';
import type { PeriodAggregation } from '@bsc/forecasting';
import { kpiAccumulation, type KpiDef } from '@bsc/twin';

/**
 * How a KPI's daily values make its period value, for the period-end projection from its own daily series (used
 * when the formula is not projected term by term, see periodTermPlan). The declared aggregation says it for sum and
 * average KPIs; a KPI declared `last` (the period-to-date value at period end) is read from its formula:
 * - a cumulative one (one period total, possibly over a level: `sum(hours, period) / last(headcount)`) adds up
 *   day by day: sum;
 * - one period max or min, shifted or scaled by constants (`max(temp, period) / 10`), is the max or min of its daily
 *   values (a negative scale swaps them);
 * - another one with period windows is close to the average of its daily values: avg;
 * - anything else (snapshots such as inventory, sliding windows) is the value on the last day.
 */
export function projectionAggregation(kpi: KpiDef): PeriodAggregation {
  if (kpi.aggregation !== 'last' || !kpi.formula) return kpi.aggregation;
  if (kpiAccumulation(kpi) === 'cumulative') return 'sum';
  try {
    const ast = parseFormula(kpi.formula);
    return periodExtreme(ast) ?? (analyzeFormula(ast).usesPeriod ? 'avg' : 'last');
  } catch {
    return 'last'; // the model was validated; an unparsable formula cannot reach here
  }
}

/**
 * The extreme of its daily values a formula's period value is, when the formula is one period min or max moved by
 * constants only: each day's value and the period's are then the same increasing (or, negated, decreasing) function
 * of the window's extreme. Null for any other formula.
 */
function periodExtreme(ast: FormulaAst): 'min' | 'max' | null {
  if (ast.kind === 'window') return ast.window === 'period' && (ast.fn === 'min' || ast.fn === 'max') ? ast.fn : null;
  if (ast.kind === 'unary') return ast.op === '-' ? swapped(periodExtreme(ast.operand)) : null;
  if (ast.kind !== 'binary') return null;
  const left = constant(ast.left);
  const right = constant(ast.right);
  if (ast.op === '+') return right !== null ? periodExtreme(ast.left) : left !== null ? periodExtreme(ast.right) : null;
  if (ast.op === '-')
    return right !== null ? periodExtreme(ast.left) : left !== null ? swapped(periodExtreme(ast.right)) : null;
  if (ast.op === '*') return right !== null ? scaled(ast.left, right) : left !== null ? scaled(ast.right, left) : null;
  return ast.op === '/' && right !== null ? scaled(ast.left, right) : null;
}

function scaled(ast: FormulaAst, factor: number): 'min' | 'max' | null {
  if (factor === 0) return null;
  return factor > 0 ? periodExtreme(ast) : swapped(periodExtreme(ast));
}

/** A number written out, possibly negated: `2`, `-0.5`. */
function constant(ast: FormulaAst): number | null {
  if (ast.kind === 'number') return ast.value;
  if (ast.kind === 'unary' && ast.op === '-') {
    const inner = constant(ast.operand);
    return inner === null ? null : -inner;
  }
  return null;
}

function swapped(extreme: 'min' | 'max' | null): 'min' | 'max' | null {
  return extreme === 'max' ? 'min' : extreme === 'min' ? 'max' : null;
}
