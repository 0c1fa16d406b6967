import { BscError, BscErrorCode } from '@bsc/common';

/** A formula that cannot be accepted; `position` is the 0-based offset in the source text. */
export class FormulaSyntaxError extends BscError {
  readonly line: number;
  readonly column: number;

  constructor(
    /** What is wrong, without the location prefix, e.g. "expected ')'". */
    readonly reason: string,
    readonly position: number,
    source: string,
  ) {
    const { line, column } = lineAndColumn(source, position);
    super(BscErrorCode.FormulaError, `line ${line}, col ${column}: ${reason}`);
    this.name = 'FormulaSyntaxError';
    this.line = line;
    this.column = column;
  }
}

function lineAndColumn(source: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(position, source.length);
  for (let i = 0; i < end; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}
