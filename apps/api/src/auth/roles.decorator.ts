import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

export const ROLES_KEY = 'bsc:roles';
export const PUBLIC_KEY = 'bsc:public';

/** Roles allowed to call the resolver; admin is always allowed. Resolvers without it (or @Public) are refused. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Every authenticated role may read. */
export const AnyRole = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, ['admin', 'engineer', 'strategist', 'viewer']);

/** No authentication at all (only for harmless fields like `apiInfo`). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);
