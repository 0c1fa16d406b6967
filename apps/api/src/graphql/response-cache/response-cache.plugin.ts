import type { ApolloServerPlugin, BaseContext, HTTPGraphQLRequest } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { ResponseCache } from './response-cache';

const CACHEABLE = Symbol('bsc.responseCacheable');
/** The mark sits on the HTTP request object: Apollo hands plugins a shallow copy of the context, not the original. */
type Marked = HTTPGraphQLRequest & { [CACHEABLE]?: boolean };

/** Whether Apollo's run of this HTTP request produced a response the cache may keep. */
export function isCacheableResponse(request: HTTPGraphQLRequest | undefined): boolean {
  const marked: Marked | undefined = request;
  return marked?.[CACHEABLE] === true;
}

/**
 * Decides what the response cache keeps: complete, error-free query results only. A mutation (whatever its
 * outcome) invalidates everything, so its caller reads its own write on the next query.
 */
export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<BaseContext> {
  return {
    requestDidStart() {
      if (!cache.enabled) return Promise.resolve(undefined);
      return Promise.resolve({
        willSendResponse({ operation, request, response }) {
          if (operation?.operation === OperationTypeNode.MUTATION) {
            cache.invalidate();
            return Promise.resolve();
          }
          const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const ok = (response.http.status ?? 200) === 200 && single !== undefined && !single.errors?.length;
          if (operation?.operation === OperationTypeNode.QUERY && ok && request.http)
            (request.http as Marked)[CACHEABLE] = true;
          return Promise.resolve();
        },
      });
    },
  };
}
