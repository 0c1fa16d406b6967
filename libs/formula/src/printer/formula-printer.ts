import { BinaryOperator, FormulaAst, WindowSpec } from '../ast/formula-ast.types';

// Binding strength, mirroring the parser's grammar levels (higher binds tighter).
const enum Prec {
  Conditional = 1,
  Or = 2,
  And = 3,
  Not = 4,
  Comparison = 5,
  Additive = 6,
  Multiplicative = 7,
  Unary = 8,
  Power = 9,
  Primary = 10,
}

const BINARY_PREC: ReadonlyMap<BinaryOperator, Prec> = new Map<BinaryOperator, Prec>([
  ['or', Prec.Or],
  ['and', Prec.And],
  ['<', Prec.Comparison],
  ['<=', Prec.Comparison],
  ['>', Prec.Comparison],
  ['>=', Prec.Comparison],
  ['==', Prec.Comparison],
  ['!=', Prec.Comparison],
  ['+', Prec.Additive],
  ['-', Prec.Additive],
  ['*', Prec.Multiplicative],
  ['/', Prec.Multiplicative],
  ['%', Prec.Multiplicative],
  ['^', Prec.Power],
]);

const UNITS: ReadonlyArray<[string, number]> = [
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** Prints an AST as canonical formula text with only the parentheses it needs; re-parses to the same AST. */
export function printFormula(ast: FormulaAst): string {
  return print(ast, Prec.Conditional);
}

export function formatWindow(window: WindowSpec): string {
  if (window === 'period') return 'period';
  for (const [unit, ms] of UNITS) {
    if (window >= ms && window % ms === 0) return `${window / ms}${unit}`;
  }
  return `${window}ms`;
}

function print(node: FormulaAst, minPrec: Prec): string {
  const [text, prec] = printNode(node);
  return prec < minPrec ? `(${text})` : text;
}

function printNode(node: FormulaAst): [string, Prec] {
  switch (node.kind) {
    case 'number':
      return [String(node.value), Prec.Primary];
    case 'boolean':
      return [node.value ? 'true' : 'false', Prec.Primary];
    case 'identifier':
      return [node.name, Prec.Primary];
    case 'window':
      return [`${node.fn}(${node.id}, ${formatWindow(node.window)})`, Prec.Primary];
    case 'call':
      return [`${node.fn}(${node.args.map((arg) => print(arg, Prec.Conditional)).join(', ')})`, Prec.Primary];
    case 'unary':
      return node.op === 'not'
        ? [`not ${print(node.operand, Prec.Not)}`, Prec.Not]
        : [`-${print(node.operand, Prec.Unary)}`, Prec.Unary];
    case 'conditional':
      return [
        `${print(node.test, Prec.Or)} ? ${print(node.consequent, Prec.Conditional)} : ${print(node.alternate, Prec.Conditional)}`,
        Prec.Conditional,
      ];
    case 'binary':
      return printBinary(node.op, node.left, node.right);
  }
}

function printBinary(op: BinaryOperator, left: FormulaAst, right: FormulaAst): [string, Prec] {
  const prec = BINARY_PREC.get(op) ?? Prec.Primary;
  if (prec === Prec.Power) return [`${print(left, Prec.Primary)} ^ ${print(right, Prec.Unary)}`, prec];
  // Left-associative: the right operand binds one level tighter; comparisons do not chain at all.
  const leftMin = prec === Prec.Comparison ? prec + 1 : prec;
  return [`${print(left, leftMin)} ${op} ${print(right, prec + 1)}`, prec];
}
