import { FormulaSyntaxError } from '../errors/formula-syntax-error';

export type TokenKind = 'number' | 'duration' | 'identifier' | 'operator' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Operator or identifier text; the source text of numbers and durations. */
  text: string;
  /** Numeric value; milliseconds for durations. */
  value: number;
  /** 0-based offset of the token's first character. */
  pos: number;
}

export const MAX_FORMULA_LENGTH = 4096;

const DURATION_UNIT_MS: ReadonlyMap<string, number> = new Map([
  ['ms', 1],
  ['s', 1_000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
  ['w', 7 * 86_400_000],
]);

// Longest first so that "<=" wins over "<".
const OPERATORS = [
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '(',
  ')',
  ',',
  '?',
  ':',
  '<',
  '>',
  '!',
];

const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['constructor', 'prototype', 'this']);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c);

/** Splits formula text into tokens; refuses anything outside the language with a positioned error. */
export function tokenize(source: string): Token[] {
  if (source.length > MAX_FORMULA_LENGTH) {
    throw new FormulaSyntaxError(
      `formula too long (${source.length} characters, limit ${MAX_FORMULA_LENGTH})`,
      MAX_FORMULA_LENGTH,
      source,
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
    } else if (isDigit(c) || (c === 46 && isDigit(source.charCodeAt(i + 1)))) {
      i = readNumber(source, i, tokens);
    } else if (isIdentStart(c)) {
      i = readIdentifier(source, i, tokens);
    } else {
      i = readOperator(source, i, tokens);
    }
  }
  tokens.push({ kind: 'eof', text: '', value: 0, pos: source.length });
  return tokens;
}

function readNumber(source: string, start: number, out: Token[]): number {
  let i = start;
  while (isDigit(source.charCodeAt(i))) i++;
  if (source.charCodeAt(i) === 46) {
    i++;
    if (!isDigit(source.charCodeAt(i))) throw new FormulaSyntaxError("expected digits after '.' in number", i, source);
    while (isDigit(source.charCodeAt(i))) i++;
  }
  const mantissaEnd = i;
  let hasExponent = false;
  const e = source.charCodeAt(i);
  if ((e === 101 || e === 69) && isExponentAhead(source, i + 1)) {
    hasExponent = true;
    i++;
    if (source[i] === '+' || source[i] === '-') i++;
    while (isDigit(source.charCodeAt(i))) i++;
  }
  const value = Number(source.slice(start, i));
  if (!Number.isFinite(value)) throw new FormulaSyntaxError('number out of range', start, source);
  if (isIdentStart(source.charCodeAt(i))) {
    let j = i;
    while (isIdentPart(source.charCodeAt(j))) j++;
    const unit = source.slice(i, j);
    const unitMs = DURATION_UNIT_MS.get(unit);
    if (unitMs === undefined || hasExponent) {
      throw new FormulaSyntaxError(
        `invalid number or duration '${source.slice(start, j)}' (durations are e.g. 500ms, 30s, 15m, 1h, 1d, 1w)`,
        start,
        source,
      );
    }
    out.push({
      kind: 'duration',
      text: source.slice(start, j),
      value: Number(source.slice(start, mantissaEnd)) * unitMs,
      pos: start,
    });
    return j;
  }
  out.push({ kind: 'number', text: source.slice(start, i), value, pos: start });
  return i;
}

function isExponentAhead(source: string, i: number): boolean {
  const c = source.charCodeAt(i);
  if (isDigit(c)) return true;
  return (c === 43 || c === 45) && isDigit(source.charCodeAt(i + 1));
}

function readIdentifier(source: string, start: number, out: Token[]): number {
  let i = start;
  for (;;) {
    const segmentStart = i;
    while (isIdentPart(source.charCodeAt(i))) i++;
    checkSegment(source, segmentStart, i);
    if (source.charCodeAt(i) !== 46) break;
    if (!isIdentStart(source.charCodeAt(i + 1))) {
      throw new FormulaSyntaxError(
        "expected an id segment after '.' (dots only join id segments, e.g. line1.speed)",
        i + 1,
        source,
      );
    }
    i++;
  }
  out.push({ kind: 'identifier', text: source.slice(start, i), value: 0, pos: start });
  return i;
}

function checkSegment(source: string, start: number, end: number): void {
  const segment = source.slice(start, end);
  if (FORBIDDEN_SEGMENTS.has(segment) || (segment.length > 4 && segment.startsWith('__') && segment.endsWith('__'))) {
    throw new FormulaSyntaxError(`'${segment}' is a reserved name and not allowed in formulas`, start, source);
  }
}

function readOperator(source: string, i: number, out: Token[]): number {
  for (const op of OPERATORS) {
    if (source.startsWith(op, i)) {
      out.push({ kind: 'operator', text: op, value: 0, pos: i });
      return i + op.length;
    }
  }
  throw new FormulaSyntaxError(describeUnexpected(source, i), i, source);
}

function describeUnexpected(source: string, i: number): string {
  const ch = source[i];
  switch (ch) {
    case '"':
    case "'":
    case '`':
      return 'string literals are not supported in formulas';
    case '[':
    case ']':
      return "'[' index/member access is not supported in formulas";
    case '.':
      return "'.' member access is not supported; ids may contain dots only between segments, e.g. line1.speed";
    case '=':
      return "unexpected '=': use '==' to compare";
    case '&':
      return "unexpected '&': use '&&' or 'and'";
    case '|':
      return "unexpected '|': use '||' or 'or'";
    default: {
      const code = source.codePointAt(i) ?? 0;
      const printable = code > 32 && code < 127 ? `'${ch}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
      return `unexpected character ${printable}`;
    }
  }
}
