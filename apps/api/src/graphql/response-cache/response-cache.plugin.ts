import type { ApolloServerPlugin, BaseContext, HTTPGraphQLHead } from '@apollo/server';
import { OperationTypeNode, type FormattedExecutionResult } from 'graphql';
import type { CacheTicket, ResponseCache } from './response-cache';

/** A result Apollo is about to serialize, with the response head it will send it with. */
interface PendingFill {
  ticket: CacheTicket;
  http: HTTPGraphQLHead;
}

/** Apollo's own serialization (its default `stringifyResult`): the cached bytes are the bytes it sends. */
export function serializeGraphqlResult(value: FormattedExecutionResult): string {
  return JSON.stringify(value) + '\n';
}

/**
 * The response cache's side of Apollo, through its supported hooks only:
 * - the plugin decides what is kept: complete, error-free query results of a request that holds a ticket. A
 *   mutation (whatever its outcome) invalidates everything, so its caller reads its own write on the next query;
 * - `stringifyResult` stores the exact body Apollo sends, with the status and headers it sends it with. Apollo
 *   calls it after every plugin and after choosing the content type (a refused Accept header never gets here), so
 *   the head is final. The result reaches it as a new object around the same `data`, hence the link by `data`.
 */
export class ResponseCacheApolloHooks {
  private readonly pending = new WeakMap<object, PendingFill>();

  constructor(
    private readonly cache: ResponseCache,
    private readonly ticketOf: (context: BaseContext) => CacheTicket | undefined,
  ) {}

  readonly plugin: ApolloServerPlugin<BaseContext> = {
    requestDidStart: () => {
      if (!this.cache.enabled) return Promise.resolve(undefined);
      return Promise.resolve({
        willSendResponse: ({ operation, contextValue, response }) => {
          if (operation?.operation === OperationTypeNode.MUTATION) this.cache.invalidate();
          const ticket = this.ticketOf(contextValue);
          if (!ticket) return Promise.resolve();
          const single = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const data = single?.data;
          const ok = single !== undefined && !single.errors?.length && typeof data === 'object' && data !== null;
          if (operation?.operation === OperationTypeNode.QUERY && ok) {
            this.pending.set(data, { ticket, http: response.http });
          } else {
            this.cache.abandon(ticket);
          }
          return Promise.resolve();
        },
      });
    },
  };

  readonly stringifyResult = (value: FormattedExecutionResult): string => {
    const body = serializeGraphqlResult(value);
    const fill = value.data ? this.pending.get(value.data) : undefined;
    if (!fill) return body;
    this.pending.delete(value.data!);
    const status = fill.http.status ?? 200;
    if (status !== 200) {
      this.cache.abandon(fill.ticket);
      return body;
    }
    const headers = Object.fromEntries(fill.http.headers);
    this.cache.fulfil(fill.ticket, { status, headers, body, bytes: Buffer.byteLength(body) });
    return body;
  };
}
