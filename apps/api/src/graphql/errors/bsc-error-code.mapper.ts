import { BscErrorCode } from '@bsc/common';

/** GraphQL `extensions.code` values the API returns besides graphql-js/Apollo's own. */
export type ApiErrorCode =
  | 'MODEL_INVALID'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'FORMULA_ERROR'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

function assertUnreachable(value: never): never {
  throw new Error(`unmapped BscErrorCode: ${String(value)}`);
}

/** Exhaustive: adding a BscErrorCode without mapping it fails to compile. */
export function toGraphqlErrorCode(code: BscErrorCode): ApiErrorCode {
  switch (code) {
    case BscErrorCode.ModelInvalid:
      return 'MODEL_INVALID';
    case BscErrorCode.NotFound:
      return 'NOT_FOUND';
    case BscErrorCode.BadInput:
      return 'BAD_USER_INPUT';
    case BscErrorCode.Conflict:
      return 'CONFLICT';
    case BscErrorCode.Forbidden:
      return 'FORBIDDEN';
    case BscErrorCode.Unauthenticated:
      return 'UNAUTHENTICATED';
    case BscErrorCode.FormulaError:
      return 'FORMULA_ERROR';
    case BscErrorCode.Unavailable:
      return 'SERVICE_UNAVAILABLE';
    default:
      return assertUnreachable(code);
  }
}

export function httpStatusToGraphqlErrorCode(status: number): ApiErrorCode {
  if (status === 400 || status === 422) return 'BAD_USER_INPUT';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  return 'INTERNAL_SERVER_ERROR';
}
