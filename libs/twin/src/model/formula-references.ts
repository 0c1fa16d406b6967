import { FormulaSyntaxError, parseFormula, referencedIdentifiers } from '@bsc/formula';

export type FormulaReferences = { ok: true; identifiers: string[] } | { ok: false; message: string; position: number };

/** Ids a formula reads, or where and why it does not parse. */
export function formulaReferences(text: string): FormulaReferences {
  try {
    return { ok: true, identifiers: referencedIdentifiers(parseFormula(text)) };
  } catch (error) {
    if (error instanceof FormulaSyntaxError) return { ok: false, message: error.reason, position: error.position };
    throw error;
  }
}
