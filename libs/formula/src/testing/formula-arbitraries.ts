import fc from 'fast-check';
import { FormulaAst, WindowFunction, WindowSpec } from '../ast/formula-ast.types';

// Test-only generators of valid ASTs (kept out of the barrel).
export const idArb = fc.constantFrom('x', 'oee', 'line1.speed', 'erp.order_value', 'a_b.c2.d', 'revenue');
const windowArb: fc.Arbitrary<WindowSpec> = fc.constantFrom<WindowSpec>(
  500,
  1_000,
  1_500,
  60_000,
  900_000,
  3_600_000,
  86_400_000,
  604_800_000,
  'period',
);
const windowFnArb = fc.constantFrom<WindowFunction>(
  'avg',
  'avg_samples',
  'sum',
  'min',
  'max',
  'count',
  'first',
  'last',
  'delta',
  'rate',
  'stddev',
);
const numberArb = fc.oneof(
  fc.nat({ max: 1_000_000 }),
  fc.double({ min: 0, max: 1e30, noNaN: true, noDefaultInfinity: true }),
);

export const astArb: fc.Arbitrary<FormulaAst> = fc.letrec<{ node: FormulaAst }>((tie) => {
  const node = tie('node');
  return {
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      numberArb.map((value): FormulaAst => ({ kind: 'number', value })),
      fc.boolean().map((value): FormulaAst => ({ kind: 'boolean', value })),
      idArb.map((name): FormulaAst => ({ kind: 'identifier', name })),
      fc.record({ fn: windowFnArb, id: idArb, window: windowArb }).map((w): FormulaAst => ({ kind: 'window', ...w })),
      fc
        .record({ op: fc.constantFrom<'-' | 'not'>('-', 'not'), operand: node })
        .map((u): FormulaAst => ({ kind: 'unary', ...u })),
      fc
        .record({
          op: fc.constantFrom('+', '-', '*', '/', '%', '^', '<', '<=', '>', '>=', '==', '!=', 'and', 'or' as const),
          left: node,
          right: node,
        })
        .map((b): FormulaAst => ({ kind: 'binary', ...b })),
      fc
        .record({ test: node, consequent: node, alternate: node })
        .map((c): FormulaAst => ({ kind: 'conditional', ...c })),
      fc.oneof(
        fc
          .tuple(fc.constantFrom('abs', 'floor', 'ceil', 'sqrt', 'ln', 'exp', 'round' as const), node)
          .map(([fn, a]): FormulaAst => ({ kind: 'call', fn, args: [a] })),
        fc
          .tuple(fc.constantFrom('round', 'safediv' as const), node, node)
          .map(([fn, a, b]): FormulaAst => ({ kind: 'call', fn, args: [a, b] })),
        fc
          .tuple(fc.constantFrom('clamp', 'safediv' as const), node, node, node)
          .map(([fn, a, b, c]): FormulaAst => ({ kind: 'call', fn, args: [a, b, c] })),
        fc
          .tuple(fc.constantFrom('min', 'max', 'coalesce' as const), fc.array(node, { minLength: 1, maxLength: 4 }))
          .map(([fn, args]): FormulaAst => ({ kind: 'call', fn, args })),
      ),
    ),
  };
}).node;

/** Arithmetic-only ASTs over small integers, for comparing the evaluator with a reference. */
export const arithmeticArb: fc.Arbitrary<FormulaAst> = fc.letrec<{ node: FormulaAst }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: 0, max: 20 }).map((value): FormulaAst => ({ kind: 'number', value })),
    fc.record({ op: fc.constant<'-'>('-'), operand: tie('node') }).map((u): FormulaAst => ({ kind: 'unary', ...u })),
    fc
      .record({ op: fc.constantFrom('+', '-', '*', '/', '%' as const), left: tie('node'), right: tie('node') })
      .map((b): FormulaAst => ({ kind: 'binary', ...b })),
  ),
})).node;
