import { ScorecardCache } from './scorecard-cache';

describe(ScorecardCache.name, () => {
  it('serves an entry until its TTL', () => {
    const sut = new ScorecardCache<string>(1_000);
    sut.set('k', 'card', true, 0);
    expect(sut.get('k', 999)).toBe('card');
    expect(sut.get('k', 1_000)).toBeUndefined();
  });

  it('drops live entries on invalidation and keeps the past', () => {
    const sut = new ScorecardCache<string>(60_000);
    sut.set('live', 'now', true, 0);
    sut.set('past', 'then', false, 0);
    sut.invalidateLive();
    expect(sut.get('live', 1)).toBeUndefined();
    expect(sut.get('past', 1)).toBe('then');
  });

  it('evicts the oldest entry beyond its size', () => {
    const sut = new ScorecardCache<number>(60_000, 2);
    [1, 2, 3].forEach((n) => sut.set(`k${n}`, n, true, 0));
    expect([sut.get('k1', 1), sut.get('k2', 1), sut.get('k3', 1)]).toEqual([undefined, 2, 3]);
  });

  it('caches nothing with a TTL of zero', () => {
    const sut = new ScorecardCache<number>(0);
    sut.set('k', 1, true, 0);
    expect(sut.size).toBe(0);
  });
});
