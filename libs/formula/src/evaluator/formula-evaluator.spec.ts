import fc from 'fast-check';
import { FormulaAst, WindowFunction, WindowSpec } from '../ast/formula-ast.types';
import { parseFormula } from '../parser/formula-parser';
import { arithmeticArb } from '../testing/formula-arbitraries';
import { compileFormula, FormulaContext } from './formula-evaluator';

class MapContext implements FormulaContext {
  readonly windowCalls: string[] = [];
  constructor(
    private readonly latest: ReadonlyMap<string, number>,
    private readonly windows: ReadonlyMap<string, number> = new Map(),
  ) {}
  resolveLatest(id: string): number | null {
    return this.latest.get(id) ?? null;
  }
  resolveWindow(fn: WindowFunction, id: string, window: WindowSpec): number | null {
    const key = `${fn}(${id},${window})`;
    this.windowCalls.push(key);
    return this.windows.get(key) ?? null;
  }
}

const ctx = new MapContext(
  new Map([
    ['a', 6],
    ['b', 3],
    ['zero', 0],
    ['neg', -2],
    ['line1.speed', 120],
  ]),
);
const evaluate = (text: string, context: FormulaContext = ctx): number | null =>
  compileFormula(parseFormula(text))(context);

// Reference semantics for arithmetic, written independently of the closure compiler.
function reference(node: FormulaAst): number | null {
  if (node.kind === 'number') return node.value;
  if (node.kind === 'unary') {
    const v = reference(node.operand);
    return v === null ? null : -v;
  }
  if (node.kind !== 'binary') throw new Error(`unexpected ${node.kind}`);
  const a = reference(node.left);
  const b = reference(node.right);
  if (a === null || b === null) return null;
  let r: number;
  if (node.op === '+') r = a + b;
  else if (node.op === '-') r = a - b;
  else if (node.op === '*') r = a * b;
  else if (b === 0) return null;
  else r = node.op === '/' ? a / b : a % b;
  return Number.isFinite(r) ? r : null;
}

describe(compileFormula.name, () => {
  const cases: Array<[string, number | null]> = [
    ['a + b * 2', 12],
    ['(a + b) * 2', 18],
    ['a / b', 2],
    ['a % 4', 2],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['line1.speed / 60', 2],
    ['a / zero', null],
    ['a % zero', null],
    ['missing + 1', null],
    ['-missing', null],
    ['neg ^ 0.5', null],
    ['sqrt(neg)', null],
    ['ln(zero)', null],
    ['10 ^ 400', null],
    ['a > b', 1],
    ['a <= b', 0],
    ['a == 6', 1],
    ['a != 6', 0],
    ['missing < 1', null],
    ['true + true', 2],
    ['a > b and b > 1', 1],
    ['a > b && zero', 0],
    ['false and missing', 0],
    ['missing and false', 0],
    ['missing and true', null],
    ['true or missing', 1],
    ['missing or false', null],
    ['not zero', 1],
    ['!a', 0],
    ['not missing', null],
    ['a > b ? 1 : 2', 1],
    ['if(zero, 1, 2)', 2],
    ['missing ? 1 : 2', null],
    ['zero ? missing : 5', 5],
    ['abs(neg)', 2],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(3.14159, 2)', 3.14],
    ['floor(2.7) + ceil(2.1)', 5],
    ['exp(0) + ln(1)', 1],
    ['clamp(a, 0, 5)', 5],
    ['clamp(neg, 0, 5)', 0],
    ['clamp(missing, 0, 5)', null],
    ['coalesce(missing, b, a)', 3],
    ['coalesce(missing)', null],
    ['min(a, b, neg)', -2],
    ['max(a, b)', 6],
    ['max(a, missing)', null],
    ['safediv(a, zero)', 0],
    ['safediv(a, zero, -1)', -1],
    ['safediv(a, b)', 2],
    ['safediv(missing, b)', null],
  ];
  it.each(cases)('%s = %p', (text, expected) => {
    expect(evaluate(text)).toBe(expected);
  });

  it('asks the context for window aggregates by function, id and window', () => {
    const sut = new MapContext(
      new Map(),
      new Map([
        ['avg(x,3600000)', 4],
        ['sum(y,period)', 10],
      ]),
    );
    expect(evaluate('avg(x, 1h) * sum(y, period)', sut)).toBe(40);
    expect(sut.windowCalls).toEqual(['avg(x,3600000)', 'sum(y,period)']);
  });

  it('short-circuits conditionals so the untaken branch reads no data', () => {
    const sut = new MapContext(new Map([['c', 1]]), new Map());
    evaluate('c ? 1 : avg(x, 1h)', sut);
    expect(sut.windowCalls).toEqual([]);
  });

  it('never reads object properties by user-chosen names', () => {
    // Ids that exist on Object.prototype resolve through the context only.
    const sut = new MapContext(
      new Map([
        ['toString', 7],
        ['hasOwnProperty', 1],
      ]),
    );
    expect(evaluate('toString + hasOwnProperty + valueOf', sut)).toBeNull();
    expect(evaluate('toString + hasOwnProperty', sut)).toBe(8);
  });

  it('matches the reference semantics for arithmetic', () => {
    fc.assert(
      fc.property(arithmeticArb, (ast) => {
        expect(compileFormula(ast)(ctx)).toBe(reference(ast));
      }),
      { numRuns: 1_000 },
    );
  });
});
