export type {
  FormulaAst,
  NumberNode,
  BooleanNode,
  IdentifierNode,
  UnaryNode,
  BinaryNode,
  ConditionalNode,
  CallNode,
  WindowNode,
  WindowFunction,
  ScalarFunction,
  WindowSpec,
  UnaryOperator,
  BinaryOperator,
  ArithmeticOperator,
  ComparisonOperator,
  LogicalOperator,
} from './ast/formula-ast.types';
export { WINDOW_FUNCTIONS, SCALAR_FUNCTIONS } from './ast/formula-ast.types';
export { FormulaSyntaxError } from './errors/formula-syntax-error';
export { MAX_FORMULA_LENGTH } from './lexer/formula-lexer';
export { parseFormula, MAX_FORMULA_DEPTH } from './parser/formula-parser';
export { printFormula, formatWindow } from './printer/formula-printer';
export { analyzeFormula, referencedIdentifiers } from './analysis/formula-analyzer';
export type { FormulaAnalysis, WindowUse } from './analysis/formula-analyzer';
export { compileFormula, evaluateFormula } from './evaluator/formula-evaluator';
export { roundHalfAwayFromZero } from './evaluator/round-half-away';
export type { FormulaContext, CompiledFormula } from './evaluator/formula-evaluator';
export { formulaTerms, termContext } from './attribution/formula-terms';
export type { FormulaTerm } from './attribution/formula-terms';
export { attributeFormula, MAX_EXACT_SHAPLEY_TERMS } from './attribution/shapley-attribution';
export type { FormulaAttribution, TermContribution } from './attribution/shapley-attribution';
