import { seededRandom } from '@bsc/common';
import { FormulaAst } from '../ast/formula-ast.types';
import { compileFormula } from '../evaluator/formula-evaluator';
import { formulaTerms, termContext } from './formula-terms';

/** Up to this many changed terms the Shapley values are exact (2^n formula evaluations). */
export const MAX_EXACT_SHAPLEY_TERMS = 12;
/** Orderings sampled beyond that; each ordering's parts add up to the change, so their mean does too. */
export const SHAPLEY_SAMPLED_ORDERINGS = 2_000;

export interface TermContribution {
  key: string;
  id: string;
  before: number | null;
  after: number | null;
  contribution: number;
}

export type FormulaAttribution =
  | { ok: true; before: number; after: number; change: number; exact: boolean; terms: TermContribution[] }
  | { ok: false; reason: 'no-value' | 'undefined-mix' };

/**
 * Splits f(after) - f(before) into one part per term: the Shapley value of the term in the game whose players are
 * the terms and whose coalition S is worth f(terms in S at `after`, the others at `before`). The parts add up to
 * the change exactly whatever the formula; for sums each part is the term's own change (times its coefficient),
 * for products and ratios the cross effects are shared evenly over the orderings in which terms change.
 */
export function attributeFormula(
  ast: FormulaAst,
  before: ReadonlyMap<string, number | null>,
  after: ReadonlyMap<string, number | null>,
  seed = 1,
): FormulaAttribution {
  const formula = compileFormula(ast);
  const terms = formulaTerms(ast);
  const valueBefore = formula(termContext(before));
  const valueAfter = formula(termContext(after));
  if (valueBefore === null || valueAfter === null) return { ok: false, reason: 'no-value' };
  // terms that did not move take no part: their Shapley value is 0 (null player) and they only cost evaluations
  const moving = terms.filter((t) => (before.get(t.key) ?? null) !== (after.get(t.key) ?? null));
  const mix = new Map(before);
  const worth = (mask: (i: number) => boolean): number | null => {
    moving.forEach((t, i) => mix.set(t.key, mask(i) ? (after.get(t.key) ?? null) : (before.get(t.key) ?? null)));
    return formula(termContext(mix));
  };
  const exact = moving.length <= MAX_EXACT_SHAPLEY_TERMS;
  const parts = exact ? exactShapley(moving.length, worth) : sampledShapley(moving.length, worth, seed);
  if (!parts) return { ok: false, reason: 'undefined-mix' };
  const byKey = new Map(moving.map((t, i) => [t.key, parts[i]]));
  return {
    ok: true,
    before: valueBefore,
    after: valueAfter,
    change: valueAfter - valueBefore,
    exact,
    terms: terms.map((t) => ({
      key: t.key,
      id: t.id,
      before: before.get(t.key) ?? null,
      after: after.get(t.key) ?? null,
      contribution: byKey.get(t.key) ?? 0,
    })),
  };
}

type Worth = (inCoalition: (i: number) => boolean) => number | null;

function exactShapley(n: number, worth: Worth): number[] | null {
  const size = 1 << n;
  const v = new Float64Array(size);
  for (let mask = 0; mask < size; mask++) {
    const w = worth((i) => (mask & (1 << i)) !== 0);
    if (w === null) return null;
    v[mask] = w;
  }
  // weight of a coalition of s players joined by one more: s! (n - s - 1)! / n!
  const factorial = [1];
  for (let k = 1; k <= n; k++) factorial.push(factorial[k - 1] * k);
  const weight = (s: number) => (factorial[s] * factorial[n - s - 1]) / factorial[n];
  const parts = new Array<number>(n).fill(0);
  for (let mask = 0; mask < size; mask++) {
    const s = popcount(mask);
    for (let i = 0; i < n; i++) {
      if (mask & (1 << i)) continue;
      parts[i] += weight(s) * (v[mask | (1 << i)] - v[mask]);
    }
  }
  return parts;
}

function sampledShapley(n: number, worth: Worth, seed: number): number[] | null {
  const random = seededRandom(seed);
  const parts = new Array<number>(n).fill(0);
  const order = Array.from({ length: n }, (_, i) => i);
  const joined = new Array<boolean>(n);
  for (let k = 0; k < SHAPLEY_SAMPLED_ORDERINGS; k++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    joined.fill(false);
    let previous = worth(() => false);
    if (previous === null) return null;
    for (const player of order) {
      joined[player] = true;
      const next = worth((i) => joined[i]);
      if (next === null) return null;
      parts[player] += (next - previous) / SHAPLEY_SAMPLED_ORDERINGS;
      previous = next;
    }
  }
  return parts;
}

function popcount(x: number): number {
  let c = 0;
  for (let y = x; y !== 0; y &= y - 1) c++;
  return c;
}
