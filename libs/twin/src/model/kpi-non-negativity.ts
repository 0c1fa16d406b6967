import {
  parseFormula,
  type BinaryOperator,
  type FormulaAst,
  type ScalarFunction,
  type WindowFunction,
} from '@bsc/formula';
import type { KpiDef, SignalDef, TwinModel } from './twin-model.types';

/** Which KPIs (and formulas over the model's inputs) can never take a negative value, as the model declares them. */
export interface NonNegativity {
  readonly kpi: (id: string) => boolean;
  /** A formula over the model's signals and KPIs, e.g. a KPI formula's period term `sum(line1.good, period)`. */
  readonly formula: (formula: string) => boolean;
}

// Window functions whose value is never negative whatever the input: a number of samples, a spread.
const ALWAYS: ReadonlySet<WindowFunction> = new Set(['count', 'stddev']);
// Functions of a counter that give its increase: a running total restarts from 0 after a reset, so it never drops.
const INCREASE: ReadonlySet<WindowFunction> = new Set(['sum', 'delta', 'rate']);
// Differences of a signal's values: negative whenever it falls, whatever its range.
const DIFFERENCE: ReadonlySet<WindowFunction> = new Set(['delta', 'rate']);

/**
 * Sign analysis of the model: a KPI cannot be negative when it declares `range.min >= 0`, when it counts, or when
 * its formula only adds, multiplies, divides, averages, sums or takes extremes of inputs that cannot be negative
 * (signals with `range.min >= 0`, booleans, counters' increases, other such KPIs). A cascading KPI without a formula
 * follows its family's members (every rollup of non-negative values is non-negative). Conservative: a subtraction,
 * a unary minus, `ln`, or a difference of a gauge makes the formula "may be negative".
 */
export function nonNegativity(model: TwinModel): NonNegativity {
  const signals = new Map<string, SignalDef>(model.signals.map((s) => [s.id, s]));
  const kpis = new Map<string, KpiDef>(model.kpis.map((k) => [k.id, k]));
  const known = new Map<string, boolean>();
  const visiting = new Set<string>();

  const input = (id: string): boolean => {
    const signal = signals.get(id);
    if (signal) return declaredNonNegative(signal.range) || signal.dataType === 'bool' || signal.kind === 'counter';
    return kpi(id);
  };

  const windowed = (fn: WindowFunction, id: string): boolean => {
    if (ALWAYS.has(fn)) return true;
    if (signals.get(id)?.kind === 'counter' && INCREASE.has(fn)) return true;
    return !DIFFERENCE.has(fn) && input(id);
  };

  const node = (ast: FormulaAst): boolean => {
    switch (ast.kind) {
      case 'number': // a leading minus is a unary node
      case 'boolean':
        return true;
      case 'identifier':
        return input(ast.name);
      case 'window':
        return windowed(ast.fn, ast.id);
      case 'unary':
        return ast.op === 'not';
      case 'conditional':
        return node(ast.consequent) && node(ast.alternate);
      case 'binary':
        return binary(ast.op, node(ast.left), () => node(ast.right));
      case 'call':
        return call(ast.fn, ast.args.map(node));
    }
  };

  function kpi(id: string): boolean {
    const cached = known.get(id);
    if (cached !== undefined) return cached;
    const def = kpis.get(id);
    if (!def || visiting.has(id)) return false; // the model forbids cycles; a guard all the same
    visiting.add(id);
    const result = kpiOf(def);
    visiting.delete(id);
    known.set(id, result);
    return result;
  }

  function kpiOf(def: KpiDef): boolean {
    if (declaredNonNegative(def.range) || def.aggregation === 'count') return true;
    // sum, avg, last, min and max of non-negative values are non-negative
    if (def.formula) return formula(def.formula);
    if (def.manualEntry || !def.family) return false;
    const members = model.kpis.filter((k) => k.family === def.family && k.id !== def.id);
    return members.length > 0 && members.every((k) => kpi(k.id));
  }

  function formula(text: string): boolean {
    try {
      return node(parseFormula(text));
    } catch {
      return false; // the model was validated; an unparsable formula cannot reach here
    }
  }

  return { kpi, formula };
}

function declaredNonNegative(range: { min?: number } | undefined): boolean {
  return range?.min !== undefined && range.min >= 0;
}

/** Whether `left op right` cannot be negative, given whether its operands cannot. */
function binary(op: BinaryOperator, left: boolean, right: () => boolean): boolean {
  switch (op) {
    case '+':
    case '*':
    case '/':
    case '^': // a non-negative base to any power
      return left && right();
    case '%': // the remainder takes the dividend's sign
      return left;
    case '-':
      return false;
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '==':
    case '!=':
    case 'and':
    case 'or': // 0 or 1
      return true;
  }
}

/** Whether a scalar function's value cannot be negative, given whether each argument cannot. */
function call(fn: ScalarFunction, args: readonly boolean[]): boolean {
  switch (fn) {
    case 'abs':
    case 'sqrt':
    case 'exp':
      return true;
    case 'ln':
      return false;
    case 'max':
      return args.some(Boolean);
    case 'clamp': // min(max(v, lo), hi)
      return (args[0] || args[1]) && args[2];
    case 'round':
    case 'floor':
    case 'ceil':
    case 'min':
    case 'coalesce':
    case 'safediv': // its default fallback is 0
      return args.every(Boolean);
  }
}
