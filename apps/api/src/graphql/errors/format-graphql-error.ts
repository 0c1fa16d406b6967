import type { GraphQLFormattedError } from 'graphql';
import { HttpException, Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import { BscError } from '@bsc/common';
import { httpStatusToGraphqlErrorCode, toGraphqlErrorCode } from './bsc-error-code.mapper';

const logger = new Logger('GraphQL');

/**
 * The one place errors leave the API: domain errors keep their message (it names the field) and get a stable
 * `extensions.code`; anything unexpected is logged with its stack and reported as INTERNAL_SERVER_ERROR without
 * internals. Errors graphql-js/Apollo produced themselves (parse, validation, variable coercion) already carry a code.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof BscError) {
    const extensions: Record<string, unknown> = { code: toGraphqlErrorCode(original.code) };
    if (original.path) extensions.field = original.path;
    if (original.details?.length) extensions.issues = original.details;
    return { ...base, message: original.message, extensions };
  }
  if (original instanceof HttpException) {
    const response = original.getResponse();
    const detail =
      typeof response === 'object' && response !== null && 'message' in response ? response.message : original.message;
    const message = Array.isArray(detail) ? detail.join('; ') : String(detail);
    return { ...base, message, extensions: { code: httpStatusToGraphqlErrorCode(original.getStatus()) } };
  }
  if (formatted.extensions?.code && formatted.extensions.code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _stack, ...extensions } = formatted.extensions;
    return { ...base, extensions };
  }
  logger.error({ err: original, path: formatted.path }, 'unexpected error in a resolver');
  return { ...base, message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
