import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { BscError, BscErrorCode } from '@bsc/common';
import type { ApiContext } from '../graphql/api-context';
import type { Principal } from './principal';

/** The authenticated caller; the global guard has already refused anonymous calls to non-public resolvers. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = GqlExecutionContext.create(context).getContext<ApiContext>().principal;
  if (!principal) throw new BscError(BscErrorCode.Unauthenticated, 'authentication required');
  return principal;
});
