import { BinaryOperator, FormulaAst, ScalarFunction, WindowFunction, WindowSpec } from '../ast/formula-ast.types';
import { roundHalfAwayFromZero } from './round-half-away';

/** Supplies data to a formula; every lookup is by id through the engine's own maps, never object properties. */
export interface FormulaContext {
  /** Latest value of a signal, or a KPI's current-period value; null when there is none. */
  resolveLatest(id: string): number | null;
  resolveWindow(fn: WindowFunction, id: string, window: WindowSpec): number | null;
}

/** A formula compiled to a closure tree: no eval, no per-evaluation parsing or tree walking by kind. */
export type CompiledFormula = (ctx: FormulaContext) => number | null;

type Value = number | null;
type Eval = (ctx: FormulaContext) => Value;

// Values are numbers or null (no data); booleans are 1/0. Anything non-finite becomes null.
const finite = (x: number): Value => (Number.isFinite(x) ? x : null);
const truthy = (x: Value): boolean => x !== null && x !== 0;

export function compileFormula(ast: FormulaAst): CompiledFormula {
  return compile(ast);
}

export function evaluateFormula(ast: FormulaAst, ctx: FormulaContext): number | null {
  return compile(ast)(ctx);
}

function compile(node: FormulaAst): Eval {
  switch (node.kind) {
    case 'number': {
      const value = node.value;
      return () => value;
    }
    case 'boolean': {
      const value = node.value ? 1 : 0;
      return () => value;
    }
    case 'identifier': {
      const id = node.name;
      return (ctx) => ctx.resolveLatest(id);
    }
    case 'window': {
      const { fn, id, window } = node;
      return (ctx) => ctx.resolveWindow(fn, id, window);
    }
    case 'unary': {
      const operand = compile(node.operand);
      if (node.op === 'not') {
        return (ctx) => {
          const v = operand(ctx);
          return v === null ? null : v === 0 ? 1 : 0;
        };
      }
      return (ctx) => {
        const v = operand(ctx);
        return v === null ? null : -v;
      };
    }
    case 'conditional': {
      const test = compile(node.test);
      const consequent = compile(node.consequent);
      const alternate = compile(node.alternate);
      return (ctx) => {
        const t = test(ctx);
        if (t === null) return null;
        return t !== 0 ? consequent(ctx) : alternate(ctx);
      };
    }
    case 'binary':
      return compileBinary(node.op, compile(node.left), compile(node.right));
    case 'call':
      return compileCall(node.fn, node.args.map(compile));
  }
}

function compileBinary(op: BinaryOperator, left: Eval, right: Eval): Eval {
  // Kleene logic: a definite false (and) or true (or) decides even when the other side has no data.
  if (op === 'and') {
    return (ctx) => {
      const a = left(ctx);
      if (a === 0) return 0;
      const b = right(ctx);
      if (b === 0) return 0;
      return a === null || b === null ? null : 1;
    };
  }
  if (op === 'or') {
    return (ctx) => {
      const a = left(ctx);
      if (truthy(a)) return 1;
      const b = right(ctx);
      if (truthy(b)) return 1;
      return a === null || b === null ? null : 0;
    };
  }
  const apply = arithmetic(op);
  return (ctx) => {
    const a = left(ctx);
    if (a === null) return null;
    const b = right(ctx);
    if (b === null) return null;
    return apply(a, b);
  };
}

function arithmetic(op: Exclude<BinaryOperator, 'and' | 'or'>): (a: number, b: number) => Value {
  switch (op) {
    case '+':
      return (a, b) => finite(a + b);
    case '-':
      return (a, b) => finite(a - b);
    case '*':
      return (a, b) => finite(a * b);
    case '/':
      return (a, b) => (b === 0 ? null : finite(a / b));
    case '%':
      return (a, b) => (b === 0 ? null : finite(a % b));
    case '^':
      return (a, b) => finite(a ** b);
    case '<':
      return (a, b) => (a < b ? 1 : 0);
    case '<=':
      return (a, b) => (a <= b ? 1 : 0);
    case '>':
      return (a, b) => (a > b ? 1 : 0);
    case '>=':
      return (a, b) => (a >= b ? 1 : 0);
    case '==':
      return (a, b) => (a === b ? 1 : 0);
    case '!=':
      return (a, b) => (a !== b ? 1 : 0);
  }
}

function compileCall(fn: ScalarFunction, args: Eval[]): Eval {
  switch (fn) {
    case 'abs':
      return unary(args[0], Math.abs);
    case 'floor':
      return unary(args[0], Math.floor);
    case 'ceil':
      return unary(args[0], Math.ceil);
    case 'sqrt':
      return unary(args[0], Math.sqrt);
    case 'ln':
      return unary(args[0], Math.log);
    case 'exp':
      return unary(args[0], Math.exp);
    case 'round':
      return compileRound(args[0], args[1]);
    case 'clamp':
      return strict(args, (v) => Math.min(Math.max(v[0], v[1]), v[2]));
    case 'min':
      return strict(args, (v) => Math.min(...v));
    case 'max':
      return strict(args, (v) => Math.max(...v));
    case 'coalesce':
      return (ctx) => {
        for (const arg of args) {
          const v = arg(ctx);
          if (v !== null) return v;
        }
        return null;
      };
    case 'safediv': {
      const [num, den, fallback] = args;
      return (ctx) => {
        const a = num(ctx);
        const b = den(ctx);
        if (a === null || b === null) return null;
        if (b === 0) return fallback ? fallback(ctx) : 0;
        return finite(a / b);
      };
    }
  }
}

function unary(arg: Eval, f: (x: number) => number): Eval {
  return (ctx) => {
    const v = arg(ctx);
    return v === null ? null : finite(f(v));
  };
}

/** Applies f when every argument has data; null otherwise. */
function strict(args: Eval[], f: (values: number[]) => number): Eval {
  return (ctx) => {
    const values = new Array<number>(args.length);
    for (let i = 0; i < args.length; i++) {
      const v = args[i](ctx);
      if (v === null) return null;
      values[i] = v;
    }
    return finite(f(values));
  };
}

function compileRound(value: Eval, digits: Eval | undefined): Eval {
  if (!digits) return unary(value, (x) => roundHalfAwayFromZero(x));
  return (ctx) => {
    const x = value(ctx);
    const d = digits(ctx);
    return x === null || d === null ? null : finite(roundHalfAwayFromZero(x, d));
  };
}
