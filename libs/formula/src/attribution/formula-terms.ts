import { FormulaAst } from '../ast/formula-ast.types';
import { FormulaContext } from '../evaluator/formula-evaluator';
import { forEachLeaf, type FormulaLeaf } from '../analysis/formula-leaves';
import { printFormula } from '../printer/formula-printer';

/** A leaf input of a formula: a bare id (its latest value) or one window aggregate over an id. */
export interface FormulaTerm {
  /** Canonical text, e.g. `sum(erp.order_value, period)` or `oee_line1`: the term's identity. */
  key: string;
  /** The signal or KPI id the term reads. */
  id: string;
  node: FormulaLeaf;
}

/** Distinct leaf inputs in order of first appearance (the same aggregate used twice is one term). */
export function formulaTerms(ast: FormulaAst): FormulaTerm[] {
  const terms = new Map<string, FormulaTerm>();
  forEachLeaf(ast, (node) => {
    const key = printFormula(node);
    if (!terms.has(key)) terms.set(key, { key, id: node.kind === 'window' ? node.id : node.name, node });
  });
  return [...terms.values()];
}

/** A context answering each term from a map by its key (what-if and attribution evaluate formulas this way). */
export function termContext(values: ReadonlyMap<string, number | null>): FormulaContext {
  return {
    resolveLatest: (id) => values.get(id) ?? null,
    resolveWindow: (fn, id, window) => values.get(printFormula({ kind: 'window', fn, id, window })) ?? null,
  };
}
