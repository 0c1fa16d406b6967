import { ResponseCache, type CachedResponse, type CacheLookup, type CacheTicket } from './response-cache';

const response = (text: string): CachedResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: text,
  bytes: Buffer.byteLength(text),
});

function ticketOf(found: CacheLookup): CacheTicket {
  if (found.kind !== 'miss') throw new Error(`expected a miss, got ${found.kind}`);
  return found.ticket;
}

function bodyOf(found: CacheLookup): string {
  if (found.kind !== 'hit' && found.kind !== 'stale') throw new Error(`expected a stored response, got ${found.kind}`);
  return found.response.body;
}

describe(ResponseCache.name, () => {
  const T0 = 1_000_000;
  let cache: ResponseCache;
  beforeEach(() => {
    cache = new ResponseCache({ ttlMs: 1_000, maxBytes: 100 });
  });

  it('misses first, then serves what the miss computed', () => {
    cache.fulfil(ticketOf(cache.lookup('k', T0)), response('one'), T0);
    expect(bodyOf(cache.lookup('k', T0 + 999))).toBe('one');
    expect(cache.lookup('k', T0 + 999).kind).toBe('hit');
  });

  it('lets concurrent misses of one key wait for the first computation', async () => {
    const first = ticketOf(cache.lookup('k', T0));
    const second = cache.lookup('k', T0);
    expect(second.kind).toBe('pending');
    cache.fulfil(first, response('shared'), T0);
    if (second.kind !== 'pending') throw new Error('unreachable');
    expect((await second.response)?.body).toBe('shared');
  });

  it('releases waiters with nothing when the computation is abandoned (errors, mutations, closed connections)', async () => {
    const first = ticketOf(cache.lookup('k', T0));
    const waiter = cache.lookup('k', T0);
    cache.abandon(first);
    if (waiter.kind !== 'pending') throw new Error('unreachable');
    await expect(waiter.response).resolves.toBeUndefined();
    expect(cache.lookup('k', T0).kind).toBe('miss');
  });

  it('serves an entry past its TTL while one request refreshes it, then the fresh one', () => {
    cache.fulfil(ticketOf(cache.lookup('k', T0)), response('old'), T0);
    const refresh = ticketOf(cache.lookup('k', T0 + 1_000));
    expect(cache.lookup('k', T0 + 1_001)).toMatchObject({ kind: 'stale' });
    expect(bodyOf(cache.lookup('k', T0 + 1_001))).toBe('old');
    cache.fulfil(refresh, response('new'), T0 + 1_002);
    expect(cache.lookup('k', T0 + 1_003)).toMatchObject({ kind: 'hit' });
    expect(bodyOf(cache.lookup('k', T0 + 1_003))).toBe('new');
  });

  it('never serves an entry, or a computation, from before an invalidation', async () => {
    cache.fulfil(ticketOf(cache.lookup('k', T0)), response('before'), T0);
    const running = ticketOf(cache.lookup('other', T0));
    const waiter = cache.lookup('other', T0);
    cache.invalidate();
    expect(cache.lookup('k', T0).kind).toBe('miss');
    // a lookup after the change does not wait for the computation that started before it
    const after = ticketOf(cache.lookup('other', T0));
    cache.fulfil(running, response('computed on old data'), T0);
    if (waiter.kind !== 'pending') throw new Error('unreachable');
    await expect(waiter.response).resolves.toBeUndefined();
    expect(cache.lookup('other', T0).kind).toBe('pending');
    cache.fulfil(after, response('fresh'), T0);
    expect(bodyOf(cache.lookup('other', T0))).toBe('fresh');
  });

  it.each([
    [
      'evicts the oldest entries beyond the byte bound',
      ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40)],
      ['miss', 'hit', 'hit'],
      80,
    ],
    ['keeps nothing larger than the bound', ['x'.repeat(101)], ['miss'], 0],
  ])('%s', (_case, bodies, expected, bytes) => {
    bodies.forEach((body, i) => cache.fulfil(ticketOf(cache.lookup(`k${i}`, T0)), response(body), T0));
    expect(bodies.map((_, i) => cache.lookup(`k${i}`, T0).kind)).toEqual(expected);
    expect(cache.sizeBytes).toBe(bytes);
  });

  it('is off with a zero TTL', () => {
    expect(new ResponseCache({ ttlMs: 0, maxBytes: 100 }).enabled).toBe(false);
    expect(cache.enabled).toBe(true);
  });
});
