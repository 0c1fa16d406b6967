import { ScalarFunction, WindowFunction } from '../ast/formula-ast.types';

export interface Arity {
  min: number;
  /** Infinity for n-ary functions. */
  max: number;
}

// Maps, not object literals: a user-written name must never reach an object property lookup.
export const SCALAR_ARITY: ReadonlyMap<ScalarFunction, Arity> = new Map<ScalarFunction, Arity>([
  ['abs', { min: 1, max: 1 }],
  ['round', { min: 1, max: 2 }],
  ['floor', { min: 1, max: 1 }],
  ['ceil', { min: 1, max: 1 }],
  ['sqrt', { min: 1, max: 1 }],
  ['ln', { min: 1, max: 1 }],
  ['exp', { min: 1, max: 1 }],
  ['clamp', { min: 3, max: 3 }],
  ['coalesce', { min: 1, max: Infinity }],
  ['min', { min: 1, max: Infinity }],
  ['max', { min: 1, max: Infinity }],
  ['safediv', { min: 2, max: 3 }],
]);

export const WINDOW_FUNCTION_SET: ReadonlySet<string> = new Set<WindowFunction>([
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
]);

/** Names that cannot be ids because the grammar gives them a meaning. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(['true', 'false', 'period', 'and', 'or', 'not', 'if']);

export function isScalarFunction(name: string): name is ScalarFunction {
  return SCALAR_ARITY.has(name as ScalarFunction);
}

export function isWindowFunction(name: string): name is WindowFunction {
  return WINDOW_FUNCTION_SET.has(name);
}
