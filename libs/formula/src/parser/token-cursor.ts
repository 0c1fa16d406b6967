import type { BinaryOperator } from '../ast/formula-ast.types';
import { FormulaSyntaxError } from '../errors/formula-syntax-error';
import { Token, tokenize } from '../lexer/formula-lexer';

/** The parser's place in the token list: looking ahead, taking tokens, and errors that point at one. */
export class TokenCursor {
  protected readonly tokens: Token[];
  protected index = 0;

  constructor(protected readonly source: string) {
    this.tokens = tokenize(source);
  }

  protected binaryOperator<T extends BinaryOperator>(...ops: T[]): T | undefined {
    const token = this.peek();
    if (token.kind !== 'operator') return undefined;
    const op = ops.find((candidate) => candidate === token.text);
    if (op !== undefined) this.index++;
    return op;
  }

  protected acceptOperator(text: string): boolean {
    const token = this.peek();
    if (token.kind !== 'operator' || token.text !== text) return false;
    this.index++;
    return true;
  }

  protected acceptWord(word: string): boolean {
    const token = this.peek();
    if (token.kind !== 'identifier' || token.text !== word) return false;
    this.index++;
    return true;
  }

  protected expectOperator(text: string): void {
    const token = this.peek();
    if (!this.acceptOperator(text)) throw this.error(`expected '${text}' but found ${describe(token)}`, token);
  }

  protected peek(): Token {
    return this.tokens[this.index];
  }

  protected next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  protected error(reason: string, token: Token): FormulaSyntaxError {
    return new FormulaSyntaxError(reason, token.pos, this.source);
  }
}

export function describe(token: Token): string {
  if (token.kind === 'eof') return 'the end of the formula';
  return `'${token.text}'`;
}
