import { FormulaAst } from '../ast/formula-ast.types';

/** An input a formula reads: a bare id (its latest value) or a window aggregate over an id. */
export type FormulaLeaf = FormulaAst & { kind: 'identifier' | 'window' };

/**
 * Calls `visit` for every input leaf, left to right (the order they appear in the text). Iterative: depth is
 * bounded by the parser, but ASTs may also be built by code.
 */
export function forEachLeaf(ast: FormulaAst, visit: (leaf: FormulaLeaf) => void): void {
  const stack: FormulaAst[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop() as FormulaAst;
    switch (node.kind) {
      case 'identifier':
      case 'window':
        visit(node);
        break;
      case 'unary':
        stack.push(node.operand);
        break;
      case 'binary':
        stack.push(node.right, node.left);
        break;
      case 'conditional':
        stack.push(node.alternate, node.consequent, node.test);
        break;
      case 'call':
        for (let i = node.args.length - 1; i >= 0; i--) stack.push(node.args[i]);
        break;
      case 'number':
      case 'boolean':
        // Literals read no input.
        break;
    }
  }
}
