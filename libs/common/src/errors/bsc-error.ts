/**
 * Error codes shared by the libraries; the API maps each to a GraphQL `extensions.code`.
 * One enum so that the mapping at the edge can be exhaustive.
 */
export enum BscErrorCode {
  ModelInvalid = 'MODEL_INVALID',
  NotFound = 'NOT_FOUND',
  BadInput = 'BAD_USER_INPUT',
  Conflict = 'CONFLICT',
  Forbidden = 'FORBIDDEN',
  Unauthenticated = 'UNAUTHENTICATED',
  FormulaError = 'FORMULA_ERROR',
  Unavailable = 'UNAVAILABLE',
}

export class BscError extends Error {
  constructor(
    readonly code: BscErrorCode,
    message: string,
    /** Field or model path the error is about, e.g. "kpis[3].formula". */
    readonly path?: string,
    readonly details?: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(message);
    this.name = 'BscError';
  }
}
