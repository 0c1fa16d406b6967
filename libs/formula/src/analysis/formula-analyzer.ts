import { FormulaAst, WindowFunction, WindowSpec } from '../ast/formula-ast.types';

export interface WindowUse {
  id: string;
  fn: WindowFunction;
  window: WindowSpec;
}

export interface FormulaAnalysis {
  /** Every signal/KPI id the formula reads, in order of first appearance. */
  identifiers: string[];
  /** Ids read as their latest value (bare id or `last(x)`). */
  latest: string[];
  /** Distinct window aggregates, in order of first appearance. */
  windows: WindowUse[];
  /** Longest duration window in ms (0 when none); `period` windows are not counted here. */
  maxWindowMs: number;
  usesPeriod: boolean;
}

/** Ids the formula reads, in order of first appearance, without duplicates. */
export function referencedIdentifiers(ast: FormulaAst): string[] {
  return analyzeFormula(ast).identifiers;
}

/** What history a formula needs, so the engine can index inputs and size its retention. */
export function analyzeFormula(ast: FormulaAst): FormulaAnalysis {
  const identifiers = new Set<string>();
  const latest = new Set<string>();
  const windows = new Map<string, WindowUse>();
  let maxWindowMs = 0;
  let usesPeriod = false;
  // Iterative walk: depth is bounded by the parser, but ASTs may also be built by code.
  const stack: FormulaAst[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop() as FormulaAst;
    switch (node.kind) {
      case 'identifier':
        identifiers.add(node.name);
        latest.add(node.name);
        break;
      case 'window': {
        identifiers.add(node.id);
        const key = `${node.fn}\u0000${node.id}\u0000${node.window}`;
        if (!windows.has(key)) windows.set(key, { id: node.id, fn: node.fn, window: node.window });
        if (node.window === 'period') usesPeriod = true;
        else maxWindowMs = Math.max(maxWindowMs, node.window);
        break;
      }
      case 'unary':
        stack.push(node.operand);
        break;
      case 'binary':
        stack.push(node.right, node.left);
        break;
      case 'conditional':
        stack.push(node.alternate, node.consequent, node.test);
        break;
      case 'call':
        for (let i = node.args.length - 1; i >= 0; i--) stack.push(node.args[i]);
        break;
      case 'number':
      case 'boolean':
        // Literals read no input.
        break;
    }
  }
  return {
    identifiers: [...identifiers],
    latest: [...latest],
    windows: [...windows.values()],
    maxWindowMs,
    usesPeriod,
  };
}
