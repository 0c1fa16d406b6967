import type { Principal } from '../auth/principal';

/** Per-operation context: who is calling, and per-request caches (DataLoaders) that die with the request. */
export interface ApiContext {
  principal: Principal | null;
  /** Why presented credentials were refused; reported as UNAUTHENTICATED by the guard. */
  authError?: string;
  /** Per-request memo (DataLoaders); never shared between requests, so one caller cannot see another's data. */
  memo: Map<string, unknown>;
}

export function newApiContext(principal: Principal | null, authError?: string): ApiContext {
  return { principal, authError, memo: new Map() };
}

/** The request's instance of something (a DataLoader), created on first use. */
export function perRequest<T>(ctx: ApiContext, key: string, create: () => T): T {
  let found = ctx.memo.get(key) as T | undefined;
  if (found === undefined) {
    found = create();
    ctx.memo.set(key, found);
  }
  return found;
}
