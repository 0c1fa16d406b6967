import { ExpiringMap } from './expiring-map';

describe(ExpiringMap.name, () => {
  it('serves an entry until its TTL has passed since it was stored', () => {
    const sut = new ExpiringMap<string, string>(1_000, 10);
    sut.set('k', 'v', 0);
    expect(sut.get('k', 999)).toBe('v');
    // stored at 0 with a TTL of 1,000: gone at 1,000 and forgotten
    expect(sut.get('k', 1_000)).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('ends an entry at notAfter when that comes before its TTL', () => {
    const sut = new ExpiringMap<string, string>(60_000, 10);
    sut.set('token', 'p', 0, 500); // the credential expires at 500, long before the 60 s TTL
    expect(sut.get('token', 499)).toBe('p');
    expect(sut.get('token', 500)).toBeUndefined();
  });

  it('evicts the oldest stored entry beyond its size, and storing a key again makes it the newest', () => {
    const sut = new ExpiringMap<string, number>(60_000, 2);
    sut.set('a', 1, 0);
    sut.set('b', 2, 0);
    sut.set('a', 10, 0); // a moves behind b, and nothing is evicted: a is replaced, not added
    sut.set('c', 3, 0); // the oldest is now b
    expect([sut.get('a', 1), sut.get('b', 1), sut.get('c', 1)]).toEqual([10, undefined, 3]);
  });

  it('drops the entries whose value matches', () => {
    const sut = new ExpiringMap<string, { id: string }>(60_000, 10);
    sut.set('x', { id: 'k1' }, 0);
    sut.set('y', { id: 'k2' }, 0);
    sut.set('z', { id: 'k1' }, 0);
    sut.deleteWhere((v) => v.id === 'k1');
    expect([sut.get('x', 1), sut.get('y', 1), sut.get('z', 1)]).toEqual([undefined, { id: 'k2' }, undefined]);
  });

  it('stores nothing with a TTL of zero', () => {
    const sut = new ExpiringMap<string, number>(0, 10);
    sut.set('k', 1, 0);
    expect(sut.size).toBe(0);
  });
});
