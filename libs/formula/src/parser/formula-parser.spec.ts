import fc from 'fast-check';
import { FormulaAst } from '../ast/formula-ast.types';
import { FormulaSyntaxError } from '../errors/formula-syntax-error';
import { printFormula } from '../printer/formula-printer';
import { astArb } from '../testing/formula-arbitraries';
import { MAX_FORMULA_DEPTH, parseFormula } from './formula-parser';

const num = (value: number): FormulaAst => ({ kind: 'number', value });
const id = (name: string): FormulaAst => ({ kind: 'identifier', name });
const bin = (op: string, left: FormulaAst, right: FormulaAst): FormulaAst =>
  ({ kind: 'binary', op, left, right }) as FormulaAst;

function syntaxErrorOf(text: string): FormulaSyntaxError {
  try {
    parseFormula(text);
  } catch (error) {
    if (error instanceof FormulaSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected '${text}' to be refused`);
}

describe(parseFormula.name, () => {
  describe('accepts the language', () => {
    const cases: Array<[string, FormulaAst]> = [
      ['12', num(12)],
      ['0.5', num(0.5)],
      ['1e3', num(1000)],
      ['2.5E-1', num(0.25)],
      ['true', { kind: 'boolean', value: true }],
      ['line1.speed', id('line1.speed')],
      ['last(oee)', id('oee')],
      ['revenue - cogs', bin('-', id('revenue'), id('cogs'))],
      ['1 - 2 - 3', bin('-', bin('-', num(1), num(2)), num(3))],
      ['1 + 2 * 3', bin('+', num(1), bin('*', num(2), num(3)))],
      ['2 ^ 3 ^ 2', bin('^', num(2), bin('^', num(3), num(2)))],
      ['-2 ^ 2', { kind: 'unary', op: '-', operand: bin('^', num(2), num(2)) }],
      ['2 ^ -1', bin('^', num(2), { kind: 'unary', op: '-', operand: num(1) })],
      ['a && b || c', bin('or', bin('and', id('a'), id('b')), id('c'))],
      ['!a < b', { kind: 'unary', op: 'not', operand: bin('<', id('a'), id('b')) }],
      ['not a and b', bin('and', { kind: 'unary', op: 'not', operand: id('a') }, id('b'))],
      [
        'a ? 1 : b ? 2 : 3',
        {
          kind: 'conditional',
          test: id('a'),
          consequent: num(1),
          alternate: { kind: 'conditional', test: id('b'), consequent: num(2), alternate: num(3) },
        },
      ],
      [
        'if(a >= 1, 2, 3)',
        { kind: 'conditional', test: bin('>=', id('a'), num(1)), consequent: num(2), alternate: num(3) },
      ],
      ['avg(line1.speed, 1h)', { kind: 'window', fn: 'avg', id: 'line1.speed', window: 3_600_000 }],
      ['avg_samples(line1.speed, period)', { kind: 'window', fn: 'avg_samples', id: 'line1.speed', window: 'period' }],
      ['sum(erp.order_value, period)', { kind: 'window', fn: 'sum', id: 'erp.order_value', window: 'period' }],
      ['count(x, 500ms)', { kind: 'window', fn: 'count', id: 'x', window: 500 }],
      ['rate(x, 1.5m)', { kind: 'window', fn: 'rate', id: 'x', window: 90_000 }],
      ['min(x, 15m)', { kind: 'window', fn: 'min', id: 'x', window: 900_000 }],
      ['min(x, y)', { kind: 'call', fn: 'min', args: [id('x'), id('y')] }],
      ['max(1, 2, 3)', { kind: 'call', fn: 'max', args: [num(1), num(2), num(3)] }],
      ['safediv(a, b, 0)', { kind: 'call', fn: 'safediv', args: [id('a'), id('b'), num(0)] }],
      ['round(x, 2)', { kind: 'call', fn: 'round', args: [id('x'), num(2)] }],
      [' (\n a ) ', id('a')],
    ];
    it.each(cases)('%s', (text, expected) => {
      expect(parseFormula(text)).toEqual(expected);
    });
  });

  describe('refuses with a positioned message', () => {
    const cases: Array<[string, number, RegExp]> = [
      ['', 0, /empty formula/],
      ['(a + b', 6, /expected '\)'/],
      ['a +', 3, /expected a value/],
      ['a b', 2, /unexpected 'b'/],
      ['foo(1)', 0, /unknown function 'foo'/],
      ['abs(1, 2)', 0, /abs\(\) expects 1 argument, got 2/],
      ['clamp(1)', 0, /expects 3 arguments/],
      ['sum(x)', 0, /sum\(\) expects \(id, window\)/],
      ['avg(x, 3)', 7, /duration .* or 'period'/],
      ['avg(1 + x, 1h)', 4, /signal or KPI id/],
      ['avg(x, 0s)', 7, /longer than 0/],
      ['abs(period)', 4, /window is not a value/],
      ['15m + 1', 0, /only allowed as the window/],
      ['period', 0, /only allowed as the window/],
      ['2x', 0, /invalid number or duration '2x'/],
      ['1 < 2 < 3', 6, /cannot be chained/],
      ['a = b', 2, /use '=='/],
      ['+a', 0, /unary '\+'/],
      ['x.', 2, /expected an id segment/],
      ['1e999', 0, /out of range/],
      ['a\n  + )', 6, /expected a value/],
    ];
    it.each(cases)('%j at %i', (text, position, message) => {
      const error = syntaxErrorOf(text);
      expect(error.position).toBe(position);
      expect(error.reason).toMatch(message);
    });

    it('reports line and column in the message', () => {
      const error = syntaxErrorOf('a +\n  (b');
      expect(error.message).toBe("line 2, col 5: expected ')' but found the end of the formula");
      expect([error.line, error.column]).toEqual([2, 5]);
    });
  });

  describe('refuses injection attempts', () => {
    const attempts: Array<[string, RegExp]> = [
      ['constructor', /reserved name/],
      ['x.constructor', /reserved name/],
      ['__proto__', /reserved name/],
      ['a.__proto__.b', /reserved name/],
      ['line1.prototype', /reserved name/],
      ['this', /reserved name/],
      ['x["constructor"]', /index\/member access/],
      ['(x).y', /member access/],
      ['abs(x).y', /member access/],
      ['1.toString', /digits after '\.'/],
      ["'a'", /string literals/],
      ['"constructor"', /string literals/],
      ['`${x}`', /string literals/],
      ['process.exit(1)', /unknown function 'process.exit'/],
      ['eval(1)', /unknown function 'eval'/],
      ['x; y', /unexpected character ';'/],
      ['a => b', /use '=='/],
      ['(1)(2)', /unexpected '\('/],
    ];
    it.each(attempts)('%s', (text, message) => {
      expect(syntaxErrorOf(text).reason).toMatch(message);
    });

    it.each([
      ['parentheses', '('.repeat(10_000) + '1' + ')'.repeat(10_000)],
      ['deep parentheses under the length limit', '('.repeat(2_000) + '1' + ')'.repeat(2_000)],
      ['unary minus', '-'.repeat(3_000) + '1'],
      ['not', 'not '.repeat(1_000) + '1'],
      ['calls', 'abs('.repeat(1_000) + '1' + ')'.repeat(1_000)],
      ['power', '2^'.repeat(2_000) + '2'],
      ['conditionals', 'a?'.repeat(1_000) + '1' + ':1'.repeat(1_000)],
    ])('deep nesting (%s) without stack overflow', (_name, text) => {
      expect(syntaxErrorOf(text).reason).toMatch(/too long|nested too deeply/);
    });

    it('accepts nesting up to the limit', () => {
      const depth = MAX_FORMULA_DEPTH - 2;
      expect(parseFormula('('.repeat(depth) + 'x' + ')'.repeat(depth))).toEqual(id('x'));
    });
  });

  describe('properties', () => {
    it('random text either parses or throws FormulaSyntaxError', () => {
      const alphabet = fc.constantFrom(
        ...'abcxyz_.019eEmsh()[],+-*/%^<>=!&|?:\'" \n\t'.split(''),
        'period',
        'avg',
        'min',
        'not',
        'and',
        '1h',
        '__proto__',
        'if',
      );
      fc.assert(
        fc.property(
          fc.oneof(
            fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')),
            fc.string({ unit: 'binary', maxLength: 60 }),
          ),
          (text) => {
            try {
              parseFormula(text);
            } catch (error) {
              if (!(error instanceof FormulaSyntaxError)) throw error;
              expect(error.position).toBeGreaterThanOrEqual(0);
              expect(error.position).toBeLessThanOrEqual(text.length);
            }
          },
        ),
        { numRuns: 2_000 },
      );
    });

    it('injection fragments are refused wherever they appear', () => {
      // Anywhere in a valid formula: quotes, brackets, statement separators, assignment.
      const anywhere = fc.constantFrom("'x'", '"constructor"', '`${x}`', '[0]', '["__proto__"]', ';', ' = ', '\\');
      fc.assert(
        fc.property(astArb, anywhere, fc.nat(), (ast, fragment, at) => {
          const text = printFormula(ast);
          const i = at % (text.length + 1);
          expect(() => parseFormula(text.slice(0, i) + fragment + text.slice(i))).toThrow(FormulaSyntaxError);
        }),
        { numRuns: 500 },
      );
    });

    it('reserved names are refused in any id position', () => {
      const poisoned = fc.constantFrom(
        'constructor',
        '__proto__',
        'prototype',
        'this',
        'x.constructor',
        'a.__proto__.b',
        'prototype.x',
        '__defineGetter__',
      );
      fc.assert(
        fc.property(astArb, poisoned, (ast, name) => {
          const text = printFormula({ kind: 'binary', op: '+', left: ast, right: { kind: 'identifier', name } });
          expect(() => parseFormula(text)).toThrow(/reserved name/);
        }),
        { numRuns: 300 },
      );
    });

    it('printed ASTs re-parse to the same AST', () => {
      fc.assert(
        fc.property(astArb, (ast) => {
          expect(parseFormula(printFormula(ast))).toEqual(ast);
        }),
        { numRuns: 1_000 },
      );
    });
  });
});
