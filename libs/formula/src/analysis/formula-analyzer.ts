import { FormulaAst, WindowFunction, WindowSpec } from '../ast/formula-ast.types';
import { forEachLeaf } from './formula-leaves';

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
  forEachLeaf(ast, (node) => {
    if (node.kind === 'identifier') {
      identifiers.add(node.name);
      latest.add(node.name);
      return;
    }
    identifiers.add(node.id);
    const key = `${node.fn}\u0000${node.id}\u0000${node.window}`;
    if (!windows.has(key)) windows.set(key, { id: node.id, fn: node.fn, window: node.window });
    if (node.window === 'period') usesPeriod = true;
    else maxWindowMs = Math.max(maxWindowMs, node.window);
  });
  return {
    identifiers: [...identifiers],
    latest: [...latest],
    windows: [...windows.values()],
    maxWindowMs,
    usesPeriod,
  };
}
