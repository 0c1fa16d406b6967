import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { BscError, BscErrorCode } from '@bsc/common';
import type { ApiContext } from '../graphql/api-context';
import type { Role } from './principal';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

export const AUTH_HINT = 'send "Authorization: Bearer <jwt>", "Authorization: ApiKey <key>" or "x-api-key: <key>"';

/**
 * Global guard for every GraphQL resolver: deny by default. A resolver runs only when it declares @Public() or
 * @Roles(...) and the caller holds one of those roles (admin always may). HTTP routes (health, metrics, ingestion)
 * are left to their own modules.
 */
@Injectable()
export class GqlAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const gql = GqlExecutionContext.create(context);
    const field = `${gql.getInfo<{ parentType: { name: string }; fieldName: string }>().parentType.name}.${gql.getInfo<{ fieldName: string }>().fieldName}`;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles) throw new BscError(BscErrorCode.Forbidden, `${field}: no access rule declared (denied by default)`);
    const { principal, authError } = gql.getContext<ApiContext>();
    if (!principal)
      throw new BscError(
        BscErrorCode.Unauthenticated,
        `${field}: ${authError ?? `authentication required; ${AUTH_HINT}`}`,
      );
    if (principal.role !== 'admin' && !roles.includes(principal.role)) {
      throw new BscError(BscErrorCode.Forbidden, roleRefusal(field, principal.role, roles));
    }
    return true;
  }
}

/** Admin may do everything, so it leads the list once, however the rule spells its roles. */
export function roleRefusal(field: string, role: string, roles: readonly string[]): string {
  const allowed = ['admin', ...roles.filter((r) => r !== 'admin')].join(', ');
  return `${field}: role '${role}' may not do this (allowed: ${allowed})`;
}
