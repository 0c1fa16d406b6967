import { ComparisonOperator, FormulaAst, WindowFunction, WindowSpec } from '../ast/formula-ast.types';
import type { Token } from '../lexer/formula-lexer';
import { isScalarFunction, isWindowFunction, RESERVED_WORDS, SCALAR_ARITY } from './function-catalog';
import { describe, TokenCursor } from './token-cursor';

/** Deepest nesting accepted; refused with a message long before the JS stack could overflow. */
export const MAX_FORMULA_DEPTH = 64;

const COMPARISONS: ReadonlyMap<string, ComparisonOperator> = new Map<string, ComparisonOperator>([
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
  ['==', '=='],
  ['!=', '!='],
]);

/** Parses formula text into an AST; throws FormulaSyntaxError (with position) for anything else. */
export function parseFormula(text: string): FormulaAst {
  return new FormulaParser(text).parse();
}

// Recursive descent, lowest precedence first:
//   conditional := or ('?' conditional ':' conditional)?
//   or := and (('or' | '||') and)*          and := not (('and' | '&&') not)*
//   not := ('not' | '!') not | comparison    comparison := additive (cmp additive)?   (no chaining)
//   additive := multiplicative (('+' | '-') multiplicative)*
//   multiplicative := unary (('*' | '/' | '%') unary)*
//   unary := '-' unary | power               power := primary ('^' unary)?            (right-assoc)
class FormulaParser extends TokenCursor {
  private depth = 0;

  parse(): FormulaAst {
    if (this.peek().kind === 'eof') throw this.error('empty formula', this.peek());
    const ast = this.conditional();
    const next = this.peek();
    if (next.kind !== 'eof') throw this.error(`unexpected ${describe(next)} after the end of the expression`, next);
    return ast;
  }

  private conditional(): FormulaAst {
    return this.nested(() => {
      const test = this.or();
      if (!this.acceptOperator('?')) return test;
      const consequent = this.conditional();
      this.expectOperator(':');
      const alternate = this.conditional();
      return { kind: 'conditional', test, consequent, alternate };
    });
  }

  private or(): FormulaAst {
    let left = this.and();
    while (this.acceptWord('or') || this.acceptOperator('||')) {
      left = { kind: 'binary', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FormulaAst {
    let left = this.not();
    while (this.acceptWord('and') || this.acceptOperator('&&')) {
      left = { kind: 'binary', op: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): FormulaAst {
    if (this.acceptWord('not') || this.acceptOperator('!')) {
      return this.nested(() => ({ kind: 'unary', op: 'not', operand: this.not() }));
    }
    return this.comparison();
  }

  private comparison(): FormulaAst {
    const left = this.additive();
    const token = this.peek();
    const op = token.kind === 'operator' ? COMPARISONS.get(token.text) : undefined;
    if (op === undefined) return left;
    this.index++;
    const node: FormulaAst = { kind: 'binary', op, left, right: this.additive() };
    const after = this.peek();
    if (after.kind === 'operator' && COMPARISONS.has(after.text)) {
      throw this.error("comparisons cannot be chained; combine them with 'and'", after);
    }
    return node;
  }

  private additive(): FormulaAst {
    let left = this.multiplicative();
    for (let op = this.binaryOperator('+', '-'); op; op = this.binaryOperator('+', '-')) {
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): FormulaAst {
    let left = this.unary();
    for (let op = this.binaryOperator('*', '/', '%'); op; op = this.binaryOperator('*', '/', '%')) {
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): FormulaAst {
    if (this.acceptOperator('-')) {
      return this.nested(() => ({ kind: 'unary', op: '-', operand: this.unary() }));
    }
    if (this.peek().kind === 'operator' && this.peek().text === '+') {
      throw this.error("unary '+' is not supported", this.peek());
    }
    return this.power();
  }

  private power(): FormulaAst {
    const base = this.primary();
    if (!this.acceptOperator('^')) return base;
    return this.nested(() => ({ kind: 'binary', op: '^', left: base, right: this.unary() }));
  }

  private primary(): FormulaAst {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { kind: 'number', value: token.value };
      case 'duration':
        throw this.error(
          `duration '${token.text}' is only allowed as the window of an aggregate, e.g. avg(x, ${token.text})`,
          token,
        );
      case 'identifier':
        return this.identifierOrCall(token);
      case 'operator':
        if (token.text === '(') {
          const inner = this.conditional();
          this.expectOperator(')');
          return inner;
        }
        throw this.error(`expected a value but found ${describe(token)}`, token);
      case 'eof':
        throw this.error('unexpected end of formula, expected a value', token);
    }
  }

  private identifierOrCall(token: Token): FormulaAst {
    const name = token.text;
    const isCall = this.peek().kind === 'operator' && this.peek().text === '(';
    if (!isCall) {
      if (name === 'true' || name === 'false') return { kind: 'boolean', value: name === 'true' };
      if (name === 'period')
        throw this.error("'period' is only allowed as the window of an aggregate, e.g. sum(x, period)", token);
      if (RESERVED_WORDS.has(name)) throw this.error(`unexpected keyword '${name}'`, token);
      return { kind: 'identifier', name };
    }
    this.index++;
    return this.nested(() => this.call(token));
  }

  private call(nameToken: Token): FormulaAst {
    const name = nameToken.text;
    const args: FormulaAst[] = [];
    const argTokens: Token[] = [];
    if (!this.acceptOperator(')')) {
      do {
        argTokens.push(this.peek());
        args.push(this.argument());
      } while (this.acceptOperator(','));
      this.expectOperator(')');
    }
    if (name === 'if') {
      if (args.length !== 3)
        throw this.error(`if() expects 3 arguments (condition, then, else), got ${args.length}`, nameToken);
      args.forEach((arg, i) => this.rejectWindowSpec(arg, argTokens[i], name));
      return { kind: 'conditional', test: args[0], consequent: args[1], alternate: args[2] };
    }
    const windowArg = args.length === 2 ? windowOf(args[1]) : undefined;
    if (isWindowFunction(name) && (windowArg !== undefined || !isScalarFunction(name))) {
      return this.windowCall(name, args, argTokens, nameToken);
    }
    if (!isScalarFunction(name)) throw this.error(`unknown function '${name}'`, nameToken);
    const arity = SCALAR_ARITY.get(name) ?? { min: 0, max: 0 };
    if (args.length < arity.min || args.length > arity.max) {
      throw this.error(`${name}() expects ${describeArity(arity.min, arity.max)}, got ${args.length}`, nameToken);
    }
    args.forEach((arg, i) => this.rejectWindowSpec(arg, argTokens[i], name));
    return { kind: 'call', fn: name, args };
  }

  private windowCall(fn: WindowFunction, args: FormulaAst[], argTokens: Token[], nameToken: Token): FormulaAst {
    const target = args[0];
    if (target === undefined || target.kind !== 'identifier' || windowOf(target) !== undefined) {
      throw this.error(`${fn}() expects a signal or KPI id as its first argument`, argTokens[0] ?? nameToken);
    }
    if (fn === 'last' && args.length === 1) return target;
    if (args.length !== 2) throw this.error(`${fn}() expects (id, window), e.g. ${fn}(${target.name}, 1h)`, nameToken);
    const window = windowOf(args[1]);
    if (window === undefined)
      throw this.error(`${fn}() expects a duration (e.g. 15m) or 'period' as its window`, argTokens[1]);
    if (window !== 'period' && !(window > 0)) throw this.error(`${fn}() window must be longer than 0`, argTokens[1]);
    return { kind: 'window', fn, id: target.name, window };
  }

  private rejectWindowSpec(arg: FormulaAst, token: Token, fn: string): void {
    if (windowOf(arg) !== undefined)
      throw this.error(`a window is not a value: ${fn}() does not take durations or 'period'`, token);
  }

  /** Arguments may be window specs (duration or `period`); those are only valid in aggregates. */
  private argument(): FormulaAst {
    const token = this.peek();
    const after = this.tokens[Math.min(this.index + 1, this.tokens.length - 1)];
    const endsArgument = after.kind === 'operator' && (after.text === ',' || after.text === ')');
    if (token.kind === 'duration' && endsArgument) {
      this.index++;
      return windowPlaceholder(token.value);
    }
    if (token.kind === 'identifier' && token.text === 'period' && endsArgument) {
      this.index++;
      return windowPlaceholder('period');
    }
    return this.conditional();
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_FORMULA_DEPTH) {
      throw this.error(`formula nested too deeply (limit ${MAX_FORMULA_DEPTH} levels)`, this.peek());
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}

// Window specs travel through the argument list as an internal node shape that never leaves the parser.
const WINDOW_MARK = 'window-spec';
interface WindowPlaceholder {
  kind: 'identifier';
  name: typeof WINDOW_MARK;
  spec: WindowSpec;
}

function windowPlaceholder(spec: WindowSpec): FormulaAst {
  const placeholder: WindowPlaceholder = { kind: 'identifier', name: WINDOW_MARK, spec };
  return placeholder;
}

function windowOf(node: FormulaAst): WindowSpec | undefined {
  if (node.kind !== 'identifier' || node.name !== WINDOW_MARK) return undefined;
  return (node as WindowPlaceholder).spec;
}

function describeArity(min: number, max: number): string {
  if (min === max) return `${min} argument${min === 1 ? '' : 's'}`;
  if (max === Infinity) return `at least ${min} argument${min === 1 ? '' : 's'}`;
  return `${min} to ${max} arguments`;
}
