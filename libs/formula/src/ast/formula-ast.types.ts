// The formula AST. Nodes carry no source positions so that structurally equal formulas compare equal
// (printing and re-parsing is an identity); positions live only in FormulaSyntaxError.

export const WINDOW_FUNCTIONS = [
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
] as const;
export type WindowFunction = (typeof WINDOW_FUNCTIONS)[number];

export const SCALAR_FUNCTIONS = [
  'abs',
  'round',
  'floor',
  'ceil',
  'sqrt',
  'ln',
  'exp',
  'clamp',
  'coalesce',
  'min',
  'max',
  'safediv',
] as const;
export type ScalarFunction = (typeof SCALAR_FUNCTIONS)[number];

export type UnaryOperator = '-' | 'not';
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%' | '^';
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicalOperator = 'and' | 'or';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator;

/** Window length in milliseconds, or the KPI's reporting period to date. */
export type WindowSpec = number | 'period';

export interface NumberNode {
  kind: 'number';
  /** Always finite and >= 0: a leading minus is a unary node. */
  value: number;
}

export interface BooleanNode {
  kind: 'boolean';
  value: boolean;
}

/** A signal or KPI id; evaluates to its latest value (a KPI: its current-period value). */
export interface IdentifierNode {
  kind: 'identifier';
  name: string;
}

export interface UnaryNode {
  kind: 'unary';
  op: UnaryOperator;
  operand: FormulaAst;
}

export interface BinaryNode {
  kind: 'binary';
  op: BinaryOperator;
  left: FormulaAst;
  right: FormulaAst;
}

/** `cond ? a : b` and `if(cond, a, b)` both parse to this node. */
export interface ConditionalNode {
  kind: 'conditional';
  test: FormulaAst;
  consequent: FormulaAst;
  alternate: FormulaAst;
}

export interface CallNode {
  kind: 'call';
  fn: ScalarFunction;
  args: FormulaAst[];
}

/** An aggregate over one input's samples in a window, e.g. `avg(line1.speed, 1h)`. */
export interface WindowNode {
  kind: 'window';
  fn: WindowFunction;
  id: string;
  window: WindowSpec;
}

export type FormulaAst =
  NumberNode | BooleanNode | IdentifierNode | UnaryNode | BinaryNode | ConditionalNode | CallNode | WindowNode;
