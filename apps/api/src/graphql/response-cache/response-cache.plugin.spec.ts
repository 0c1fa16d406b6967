import { HeaderMap, type BaseContext, type GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { ResponseCache, type CacheLookup, type CacheTicket } from './response-cache';
import { ResponseCacheApolloHooks, serializeGraphqlResult } from './response-cache.plugin';

function ticketOf(found: CacheLookup): CacheTicket {
  if (found.kind !== 'miss') throw new Error(`expected a miss, got ${found.kind}`);
  return found.ticket;
}

/** Runs the plugin's willSendResponse for one operation, as Apollo does, and returns the response it saw. */
async function willSend(
  sut: ResponseCacheApolloHooks,
  operation: OperationTypeNode,
  ticket: CacheTicket | undefined,
  result: { data?: Record<string, unknown>; errors?: Array<{ message: string }> },
) {
  const listener = await sut.plugin.requestDidStart!({ contextValue: { ticket } } as never);
  const response = {
    http: { status: undefined as number | undefined, headers: new HeaderMap() },
    body: { kind: 'single' as const, singleResult: result },
  };
  await listener!.willSendResponse!({
    operation: { operation },
    contextValue: { ticket },
    response,
  } as unknown as GraphQLRequestContextWillSendResponse<BaseContext>);
  return response;
}

describe(ResponseCacheApolloHooks.name, () => {
  let cache: ResponseCache;
  let sut: ResponseCacheApolloHooks;
  beforeEach(() => {
    cache = new ResponseCache({ ttlMs: 1_000, maxBytes: 10_000 });
    sut = new ResponseCacheApolloHooks(cache, (context) => (context as { ticket?: CacheTicket }).ticket);
  });

  it('keeps what Apollo serializes for an error-free query, with the head it is sent with', async () => {
    const ticket = ticketOf(cache.lookup('k'));
    const data = { kpi: { id: 'oee' } };
    const response = await willSend(sut, OperationTypeNode.QUERY, ticket, { data });
    // Apollo sets the content type after the plugins, on the same head, then serializes a new object around `data`
    response.http.headers.set('content-type', 'application/json; charset=utf-8');
    const sent = sut.stringifyResult({ errors: undefined, data, extensions: undefined });
    expect(sent).toBe('{"data":{"kpi":{"id":"oee"}}}\n');
    const found = cache.lookup('k');
    expect(found).toEqual({
      kind: 'hit',
      response: {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"data":{"kpi":{"id":"oee"}}}\n',
        bytes: 30,
      },
    });
  });

  it('keeps nothing for a result with errors and releases those waiting for it', async () => {
    const ticket = ticketOf(cache.lookup('k'));
    const waiter = cache.lookup('k');
    await willSend(sut, OperationTypeNode.QUERY, ticket, { data: { kpi: null }, errors: [{ message: 'no such KPI' }] });
    if (waiter.kind !== 'pending') throw new Error('unreachable');
    await expect(waiter.response).resolves.toBeUndefined();
    expect(cache.lookup('k').kind).toBe('miss');
  });

  it('drops every entry on a mutation, whoever sent it', async () => {
    cache.fulfil(ticketOf(cache.lookup('other')), { status: 200, headers: {}, body: 'x', bytes: 1 });
    await willSend(sut, OperationTypeNode.MUTATION, undefined, { data: { setTarget: { value: 1 } } });
    expect(cache.lookup('other').kind).toBe('miss');
  });

  it('serializes like Apollo when nothing is to be kept', () => {
    const value = { errors: [{ message: 'bad' }], data: undefined, extensions: undefined };
    expect(sut.stringifyResult(value)).toBe('{"errors":[{"message":"bad"}]}\n');
    expect(serializeGraphqlResult(value)).toBe(sut.stringifyResult(value));
  });
});
